package demomode

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/budget"
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
// Each query's series and datapoints are taken from the request's budget before any is computed.
func (m *Mode) Metrics(ctx context.Context, queries []query.Query, _ bool) map[string]backend.DataResponse {
	answers := make(map[string]backend.DataResponse, len(queries))
	run := func(q query.Query) (data.Frames, error) { return m.metrics(ctx, q) }
	for _, q := range queries {
		answers[q.RefID] = mode.Guard(q.RefID, func() backend.DataResponse {
			return mode.Answer(frames.WithMetricOptions(q, run, m.timeout, m.now()))
		})
	}
	return answers
}

// Inventory answers with the row of every function the query selects over the range; only
// those are computed.
func (m *Mode) Inventory(ctx context.Context, q query.Query, _ bool) backend.DataResponse {
	rows, err := m.selectSummaries(ctx, q)
	if err != nil {
		return mode.ErrorResponse(err)
	}
	return backend.DataResponse{Frames: data.Frames{frames.Inventory(rows)}}
}

// Variable answers with the names a dashboard variable offers.
func (m *Mode) Variable(_ context.Context, q query.Query, _ bool) backend.DataResponse {
	return backend.DataResponse{Frames: data.Frames{frames.Variable(m.variableValues(q))}}
}

// Logs answers with the functions' log lines.
func (m *Mode) Logs(ctx context.Context, q query.Query, _ bool) backend.DataResponse {
	return mode.Answer(m.logs(ctx, q))
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
func (m *Mode) Annotations(ctx context.Context, q query.Query, _ bool) backend.DataResponse {
	return mode.Answer(m.annotations(ctx, q))
}

// SLO answers an SLO query from the estate's series, each computed under ctx.
func (m *Mode) SLO(ctx context.Context, q query.Query, _ bool) backend.DataResponse {
	return mode.Answer(evaluator.New(m.slos, contextSource{ctx, m.estate}, m.now).Answer(q))
}

// contextSource reads the estate's series for the SLO evaluator under the query's context.
type contextSource struct {
	ctx context.Context
	*demo.Estate
}

func (s contextSource) Series(q model.SeriesQuery) (model.Series, error) {
	series, err := s.SeriesContext(s.ctx, q)
	return series, budget.Overrun(s.ctx, err, "")
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
