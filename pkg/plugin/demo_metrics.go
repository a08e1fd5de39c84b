package plugin

import (
	"context"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/query"
)

// now is the clock automatic periods are chosen against; tests pin it.
var now = time.Now

func (d *Datasource) runDemo(_ context.Context, q query.Query) backend.DataResponse {
	switch q.Kind {
	case query.KindMetrics:
		return d.demoMetrics(q)
	default:
		return backend.ErrDataResponse(backend.StatusBadRequest, fmt.Sprintf("queryType %q is not answered in demo mode", q.Kind))
	}
}

// demoMetrics answers a metrics query with one frame per resource, as CloudWatch would.
func (d *Datasource) demoMetrics(q query.Query) backend.DataResponse {
	m := q.Metrics
	kind := demo.ResourceKind(m.ResourceKind)
	resources, err := d.selectResources(kind, m.Names)
	if err != nil {
		return backend.ErrDataResponse(backend.StatusBadRequest, err.Error())
	}
	spec, err := demo.Metric(kind, m.Metric)
	if err != nil {
		return backend.ErrDataResponse(backend.StatusBadRequest, err.Error())
	}
	period := q.EffectivePeriod(now())
	var res backend.DataResponse
	for _, r := range resources {
		series, err := d.estate.Series(demo.SeriesQuery{
			Kind: kind, Name: r.Name, Metric: m.Metric, Statistic: m.Statistic, From: q.From, To: q.To, Period: period,
		})
		if err != nil {
			return backend.ErrDataResponse(backend.StatusBadRequest, err.Error())
		}
		res.Frames = append(res.Frames, metricFrame(r, spec, m.Statistic, period, series))
	}
	return res
}

// selectResources resolves the names a query asks for; no names means every resource of the kind.
func (d *Datasource) selectResources(kind demo.ResourceKind, names []string) ([]demo.Resource, error) {
	all := d.estate.Resources(kind)
	if len(all) == 0 {
		return nil, fmt.Errorf("resourceKind %q is not known; use one of %v", kind, demo.Kinds)
	}
	if len(names) == 0 {
		return all, nil
	}
	byName := make(map[string]demo.Resource, len(all))
	for _, r := range all {
		byName[r.Name] = r
	}
	selected := make([]demo.Resource, 0, len(names))
	for _, name := range names {
		r, ok := byName[name]
		if !ok {
			return nil, fmt.Errorf("no %s resource named %q", kind, name)
		}
		selected = append(selected, r)
	}
	return selected, nil
}

func metricFrame(r demo.Resource, spec demo.MetricSpec, statistic string, period time.Duration, s demo.Series) *data.Frame {
	labels := data.Labels{spec.Dimension: r.Name, "region": r.Region}
	value := data.NewField(spec.Name, labels, s.Values)
	value.Config = &data.FieldConfig{
		DisplayNameFromDS: fmt.Sprintf("%s %s", r.Name, spec.Name),
		Unit:              grafanaUnits[s.Unit],
	}
	frame := data.NewFrame(spec.Name, data.NewField(data.TimeSeriesTimeFieldName, nil, s.Times), value)
	frame.Meta = &data.FrameMeta{
		Type:        data.FrameTypeTimeSeriesMulti,
		TypeVersion: data.FrameTypeVersion{0, 1},
		ExecutedQueryString: fmt.Sprintf("%s %s of %s %s in %s, period %s",
			statistic, spec.Name, r.Kind, r.Name, r.Region, period),
	}
	return frame
}

// grafanaUnits maps CloudWatch unit names to Grafana's unit ids.
var grafanaUnits = map[string]string{
	"Count":        "short",
	"Milliseconds": "ms",
	"Seconds":      "s",
	"Percent":      "percent",
}
