package frames

import (
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/model"
)

// SeriesOf names the resource a metric frame shows, whichever mode found it.
type SeriesOf struct {
	Kind   model.ResourceKind
	Name   string
	Region string
	// ID is the value its metrics carry in their dimension when CloudWatch names the resource by
	// an id rather than its name (an HTTP API's ApiId, a state machine's ARN).
	ID string
}

// dimensionValue is the value of the resource's metrics' dimension.
func (r SeriesOf) dimensionValue() string {
	if r.ID != "" {
		return r.ID
	}
	return r.Name
}

// Metric shapes one resource's metric the same way in demo and AWS mode, so dashboards and
// alert rules see the same names, labels, units and display names.
func Metric(r SeriesOf, spec model.MetricSpec, statistic string, period time.Duration, times []time.Time, values []float64) *data.Frame {
	labels := data.Labels{spec.Dimension: r.dimensionValue(), "region": r.Region, "statistic": statistic}
	value := data.NewField(spec.Name, labels, values)
	value.Config = &data.FieldConfig{
		// The statistic tells apart series of one metric in one panel (p50, p95, p99).
		DisplayNameFromDS: fmt.Sprintf("%s %s %s", r.Name, spec.Name, statistic),
		Unit:              grafanaUnits[spec.Unit],
	}
	frame := data.NewFrame(spec.Name, data.NewField(data.TimeSeriesTimeFieldName, nil, times), value)
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
