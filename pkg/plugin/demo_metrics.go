package plugin

import (
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
)

// demoMetrics answers a metrics query with one frame per resource, as CloudWatch would.
func (d *Datasource) demoMetrics(q query.Query) (data.Frames, error) {
	kind := model.ResourceKind(q.ResourceKind)
	resources, err := d.selectResources(kind, q)
	if err != nil {
		return nil, err
	}
	spec, err := model.Metric(kind, q.Metric)
	if err != nil {
		return nil, err
	}
	period := q.EffectivePeriod(now())
	frames := make(data.Frames, 0, len(resources))
	for _, r := range resources {
		series, err := d.estate.Series(model.SeriesQuery{
			Kind: kind, Name: r.Name, Metric: q.Metric, Statistic: q.Statistic, From: q.From, To: q.To, Period: period,
		})
		if err != nil {
			return nil, err
		}
		frames = append(frames, metricFrame(seriesOf{Kind: r.Kind, Name: r.Name, Region: r.Region}, spec, q.Statistic, period, series.Times, series.Values))
	}
	return frames, nil
}
