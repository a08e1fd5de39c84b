package plugin

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
)

// now is the clock automatic periods are chosen against; tests pin it.
var now = time.Now

func (d *Datasource) runDemo(_ context.Context, q query.Query) backend.DataResponse {
	var frames data.Frames
	var err error
	switch q.Kind {
	case query.KindMetrics:
		frames, err = withMetricOptions(q, d.demoMetrics, d.demoTimeout)
	case query.KindInventory:
		frames = data.Frames{inventoryFrame(d.selectSummaries(q))}
	case query.KindLogs:
		frames, err = d.demoLogs(q)
	case query.KindTopology:
		frames, err = d.demoTopology(q)
	case query.KindAnnotations:
		frames, err = d.demoAnnotations(q)
	case query.KindSLO:
		frames, err = d.demoSLO(q)
	case query.KindVariable:
		frames = data.Frames{variableFrame(d.variableValues(q))}
	default:
		err = fmt.Errorf("queryType %q is not answered in demo mode", q.Kind)
	}
	if err != nil {
		return backend.ErrDataResponse(backend.StatusBadRequest, err.Error())
	}
	return backend.DataResponse{Frames: frames}
}

// selectResources resolves the resources a query names: explicit names, a name pattern, a
// region; none of them means every resource of the kind.
func (d *Datasource) selectResources(kind model.ResourceKind, q query.Query) ([]model.Resource, error) {
	all := d.estate.Resources(kind)
	if len(q.Names) > 0 {
		selected := make([]model.Resource, 0, len(q.Names))
		for _, name := range q.Names {
			r, ok := d.estate.Resource(kind, name)
			if !ok {
				return nil, fmt.Errorf("no %s resource named %q", kind, name)
			}
			selected = append(selected, r)
		}
		all = selected
	}
	return slices.DeleteFunc(slices.Clone(all), func(r model.Resource) bool { return !matches(q, r) }), nil
}

// demoTimeout is a demo function's configured timeout in milliseconds.
func (d *Datasource) demoTimeout(function string) (float64, bool) {
	r, ok := d.estate.Resource(model.KindLambda, function)
	return float64(r.TimeoutSeconds) * 1000, ok
}

func matches(q query.Query, r model.Resource) bool {
	return (q.Region == "" || r.Region == q.Region) && (q.Runtime == "" || r.Runtime == q.Runtime) &&
		(q.NamePattern == nil || q.NamePattern.MatchString(r.Name)) &&
		(q.UpstreamOf == "" || slices.Contains(r.Downstream, model.ResourceRef{Kind: model.KindLambda, Name: q.UpstreamOf}))
}
