package demomode

import (
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/frames"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
)

// metrics answers a metrics query with one frame per resource, as CloudWatch would.
func (m *Mode) metrics(q query.Query) (data.Frames, error) {
	kind := model.ResourceKind(q.ResourceKind)
	resources, err := m.selectResources(kind, q)
	if err != nil {
		return nil, err
	}
	spec, err := model.Metric(kind, q.Metric)
	if err != nil {
		return nil, err
	}
	period := q.EffectivePeriod(m.now())
	out := make(data.Frames, 0, len(resources))
	for _, r := range resources {
		series, err := m.estate.Series(model.SeriesQuery{
			Kind: kind, Name: r.Name, Metric: q.Metric, Statistic: q.Statistic, From: q.From, To: q.To, Period: period,
		})
		if err != nil {
			return nil, err
		}
		out = append(out, frames.Metric(frames.SeriesOf{Kind: r.Kind, Name: r.Name, Region: r.Region}, spec, q.Statistic, period, series.Times, series.Values))
	}
	return out, nil
}
