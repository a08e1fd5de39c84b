package demo

import (
	"fmt"
	"strings"
)

// MetricSpec describes one metric as CloudWatch publishes it.
type MetricSpec struct {
	Name      string
	Namespace string
	// Dimension is the CloudWatch dimension that names the resource.
	Dimension string
	// Unit is CloudWatch's unit name: Count, Milliseconds, Percent or Seconds.
	Unit string
	// Distribution metrics have per-sample values, so percentiles and percentile ranks apply.
	Distribution bool
}

var lambdaMetrics = []MetricSpec{
	{Name: "Invocations", Namespace: "AWS/Lambda", Dimension: "FunctionName", Unit: "Count"},
	{Name: "Errors", Namespace: "AWS/Lambda", Dimension: "FunctionName", Unit: "Count"},
	{Name: "Throttles", Namespace: "AWS/Lambda", Dimension: "FunctionName", Unit: "Count"},
	{Name: "Duration", Namespace: "AWS/Lambda", Dimension: "FunctionName", Unit: "Milliseconds", Distribution: true},
	{Name: "ConcurrentExecutions", Namespace: "AWS/Lambda", Dimension: "FunctionName", Unit: "Count"},
}

var catalog = map[ResourceKind][]MetricSpec{
	KindLambda: lambdaMetrics,
}

// Metrics lists the metrics the estate simulates for a resource kind.
func Metrics(kind ResourceKind) []MetricSpec {
	return catalog[kind]
}

// Metric finds a metric of a kind, with an error that lists the valid ones.
func Metric(kind ResourceKind, name string) (MetricSpec, error) {
	specs := catalog[kind]
	names := make([]string, 0, len(specs))
	for _, m := range specs {
		if m.Name == name {
			return m, nil
		}
		names = append(names, m.Name)
	}
	if len(specs) == 0 {
		return MetricSpec{}, fmt.Errorf("resourceKind %q has no simulated metrics", kind)
	}
	return MetricSpec{}, fmt.Errorf("metric %q is not a %s metric; use one of %s", name, kind, strings.Join(names, ", "))
}

// CheckStatistic rejects a statistic the metric does not publish, naming both.
func (m MetricSpec) CheckStatistic(s Statistic) error {
	if s.distributionOnly() && !m.Distribution {
		return fmt.Errorf("statistic %s does not apply to %s, which has no per-sample values; use Sum, Average, Minimum, Maximum or SampleCount", s.Name, m.Name)
	}
	return nil
}
