package plugin

import (
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/query"
)

// demoMetrics answers a metrics query with one frame per resource, as CloudWatch would.
func (d *Datasource) demoMetrics(q query.Query) (data.Frames, error) {
	kind := demo.ResourceKind(q.ResourceKind)
	resources, err := d.selectResources(kind, q)
	if err != nil {
		return nil, err
	}
	spec, err := demo.Metric(kind, q.Metric)
	if err != nil {
		return nil, err
	}
	period := q.EffectivePeriod(now())
	frames := make(data.Frames, 0, len(resources))
	for _, r := range resources {
		series, err := d.estate.Series(demo.SeriesQuery{
			Kind: kind, Name: r.Name, Metric: q.Metric, Statistic: q.Statistic, From: q.From, To: q.To, Period: period,
		})
		if err != nil {
			return nil, err
		}
		frames = append(frames, metricFrame(r, spec, q.Statistic, period, series))
	}
	return frames, nil
}

func metricFrame(r demo.Resource, spec demo.MetricSpec, statistic string, period time.Duration, s demo.Series) *data.Frame {
	labels := data.Labels{spec.Dimension: r.Name, "region": r.Region, "statistic": statistic}
	value := data.NewField(spec.Name, labels, s.Values)
	value.Config = &data.FieldConfig{
		// The statistic tells apart series of one metric in one panel (p50, p95, p99).
		DisplayNameFromDS: fmt.Sprintf("%s %s %s", r.Name, spec.Name, statistic),
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
	"Megabytes":    "decmbytes",
}
