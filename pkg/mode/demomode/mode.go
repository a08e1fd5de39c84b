package demomode

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/frames"
	"github.com/seed/serverless/pkg/mode"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
	"github.com/seed/serverless/pkg/slo"
	"github.com/seed/serverless/pkg/slo/evaluator"
)

// Mode answers every query from the demo estate, computed on the fly.
type Mode struct {
	estate *demo.Estate
	// slos are the SLOs queries can name.
	slos []slo.Spec
	// now is the clock automatic periods are chosen against.
	now func() time.Time
}

var _ mode.Mode = (*Mode)(nil)

// New answers from the demo estate scaled up to functions Lambda functions (the base estate's ten
// when fewer), for the SLOs slos, with the clock now.
func New(functions int, slos []slo.Spec, now func() time.Time) *Mode {
	return &Mode{estate: demo.New(demo.Options{Functions: functions}), slos: slos, now: now}
}

// Begin needs nothing: the estate counts no calls.
func (m *Mode) Begin(ctx context.Context) context.Context { return ctx }

// Metrics answers each metrics query with one frame per resource, as CloudWatch would.
func (m *Mode) Metrics(_ context.Context, queries []query.Query, _ bool) map[string]backend.DataResponse {
	answers := make(map[string]backend.DataResponse, len(queries))
	for _, q := range queries {
		answers[q.RefID] = mode.Guard(q.RefID, func() backend.DataResponse {
			return mode.Answer(frames.WithMetricOptions(q, m.metrics, m.timeout, m.now()))
		})
	}
	return answers
}

// Inventory answers with every function's row over the range.
func (m *Mode) Inventory(_ context.Context, q query.Query, _ bool) backend.DataResponse {
	return backend.DataResponse{Frames: data.Frames{frames.Inventory(m.selectSummaries(q))}}
}

// Variable answers with the names a dashboard variable offers.
func (m *Mode) Variable(_ context.Context, q query.Query, _ bool) backend.DataResponse {
	return backend.DataResponse{Frames: data.Frames{frames.Variable(m.variableValues(q))}}
}

// Logs answers with the functions' log lines.
func (m *Mode) Logs(_ context.Context, q query.Query, _ bool) backend.DataResponse {
	return mode.Answer(m.logs(q))
}

// Topology answers with the estate's service map.
func (m *Mode) Topology(_ context.Context, q query.Query, _ bool) backend.DataResponse {
	topo, err := m.estate.Topology(q.From, q.To)
	if err != nil {
		return mode.ErrorResponse(err)
	}
	return backend.DataResponse{Frames: frames.Topology(topo)}
}

// Annotations answers with deployments and configuration changes, or cold starts.
func (m *Mode) Annotations(_ context.Context, q query.Query, _ bool) backend.DataResponse {
	return mode.Answer(m.annotations(q))
}

// SLO answers an SLO query from the estate's series.
func (m *Mode) SLO(_ context.Context, q query.Query, _ bool) backend.DataResponse {
	return mode.Answer(evaluator.New(m.slos, m.estate, m.now).Answer(q))
}

// Health says the estate is ready and how big it is.
func (m *Mode) Health(context.Context) *backend.CheckHealthResult {
	return &backend.CheckHealthResult{
		Status:  backend.HealthStatusOk,
		Message: fmt.Sprintf("Demo estate ready: %d functions in %d regions", len(m.estate.Resources(model.KindLambda)), len(m.estate.Regions())),
	}
}

// selectResources resolves the resources a query names: explicit names, a name pattern, a
// region; none of them means every resource of the kind.
func (m *Mode) selectResources(kind model.ResourceKind, q query.Query) ([]model.Resource, error) {
	all := m.estate.Resources(kind)
	if len(q.Names) > 0 {
		selected := make([]model.Resource, 0, len(q.Names))
		for _, name := range q.Names {
			r, ok := m.estate.Resource(kind, name)
			if !ok {
				return nil, fmt.Errorf("no %s resource named %q", kind, name)
			}
			selected = append(selected, r)
		}
		all = selected
	}
	return slices.DeleteFunc(slices.Clone(all), func(r model.Resource) bool { return !q.Matches(r) }), nil
}

// timeout is a function's configured timeout in milliseconds.
func (m *Mode) timeout(function string) (float64, bool) {
	r, ok := m.estate.Resource(model.KindLambda, function)
	return float64(r.TimeoutSeconds) * 1000, ok
}
