package demomode

import (
	"context"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/budget"
	"github.com/seed/serverless/pkg/frames"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
)

// metrics answers a metrics query with one frame per resource, as CloudWatch would. Its series
// and datapoints are taken from the request's budget before any series is computed.
func (m *Mode) metrics(ctx context.Context, q query.Query) (data.Frames, error) {
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
	if err := budget.From(ctx).Metrics(len(resources), budget.Points(q.From, q.To, period)); err != nil {
		return nil, err
	}
	out := make(data.Frames, 0, len(resources))
	for i, r := range resources {
		series, err := m.estate.SeriesContext(ctx, model.SeriesQuery{
			Kind: kind, Name: r.Name, Metric: q.Metric, Statistic: q.Statistic, From: q.From, To: q.To, Period: period,
		})
		if err != nil {
			return nil, budget.Overrun(ctx, err, fmt.Sprintf("%d of %d series computed", i, len(resources)))
		}
		out = append(out, frames.Metric(frames.SeriesOf{Kind: r.Kind, Name: r.Name, Region: r.Region}, spec, q.Statistic, period, series.Times, series.Values))
	}
	return out, nil
}
