package demo

import (
	"fmt"
	"strings"
)

// MetricSpec describes one metric as CloudWatch publishes it.
type MetricSpec struct {
	Name      string `json:"name"`
	Namespace string `json:"namespace"`
	// Dimension is the CloudWatch dimension that names the resource.
	Dimension string `json:"dimension"`
	// Unit is CloudWatch's unit name: Count, Milliseconds, Percent, Seconds or Megabytes.
	Unit string `json:"unit"`
	// Distribution metrics have per-sample values, so percentiles and percentile ranks apply.
	Distribution bool `json:"distribution"`

	generate func(r *Resource, minute int64) sample
}

type namespace struct{ name, dimension string }

var (
	nsLambda = namespace{"AWS/Lambda", "FunctionName"}
	// Lambda Insights publishes memory, which AWS/Lambda does not, from the functions' extension.
	nsInsights = namespace{"LambdaInsights", "function_name"}
	nsAPI      = namespace{"AWS/ApiGateway", "ApiName"}
	nsHTTPAPI  = namespace{"AWS/ApiGateway", "ApiId"}
	nsSQS      = namespace{"AWS/SQS", "QueueName"}
	nsStates   = namespace{"AWS/States", "StateMachineArn"}
	nsEvents   = namespace{"AWS/Events", "RuleName"}
	nsDynamoDB = namespace{"AWS/DynamoDB", "TableName"}
	nsRDS      = namespace{"AWS/RDS", "DBInstanceIdentifier"}
)

func counter(ns namespace, name string, gen func(r *Resource, minute int64) sample) MetricSpec {
	return MetricSpec{Name: name, Namespace: ns.name, Dimension: ns.dimension, Unit: "Count", generate: gen}
}

func gauge(ns namespace, name, unit string, gen func(r *Resource, minute int64) float64) MetricSpec {
	return MetricSpec{Name: name, Namespace: ns.name, Dimension: ns.dimension, Unit: unit,
		generate: func(r *Resource, minute int64) sample { return gaugeSample(gen(r, minute)) }}
}

func distribution(ns namespace, name string, gen func(r *Resource, minute int64) sample) MetricSpec {
	return MetricSpec{Name: name, Namespace: ns.name, Dimension: ns.dimension, Unit: "Milliseconds", Distribution: true, generate: gen}
}

// noise is a resource's own deterministic noise in [0, 1) for a metric in a minute.
func noise(r *Resource, minute int64, salt uint64) float64 {
	return unit(r.seed, minute, salt)
}

var catalog = map[ResourceKind][]MetricSpec{
	KindLambda:       lambdaMetrics,
	KindAPIGateway:   apiMetrics(nsAPI, "4XXError", "5XXError", restIntegrationTimeoutMs),
	KindAPIGatewayV2: apiMetrics(nsHTTPAPI, "4xx", "5xx", httpIntegrationTimeoutMs),
	KindSQS:          queueMetrics,
	KindStates:       stateMachineMetrics,
	KindEvents:       eventBusMetrics,
	KindDynamoDB:     tableMetrics,
	KindRDS:          databaseMetrics,
}

// Metrics lists the metrics the estate simulates for a resource kind.
func Metrics(kind ResourceKind) []MetricSpec {
	return catalog[kind]
}

// Metric finds a metric of a kind, with an error that lists the valid ones.
func Metric(kind ResourceKind, name string) (MetricSpec, error) {
	specs, ok := catalog[kind]
	if !ok {
		return MetricSpec{}, fmt.Errorf("resourceKind %q is not known; use one of %s", kind, kindList())
	}
	names := make([]string, 0, len(specs))
	for _, m := range specs {
		if m.Name == name {
			return m, nil
		}
		names = append(names, m.Name)
	}
	return MetricSpec{}, fmt.Errorf("metric %q is not a %s metric; use one of %s", name, kind, strings.Join(names, ", "))
}

func kindList() string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

var (
	plainStatisticNames        = []string{"Sum", "Average", "Minimum", "Maximum", "SampleCount"}
	distributionStatisticNames = append(plainStatisticNames[:len(plainStatisticNames):len(plainStatisticNames)], "pNN", "pNN.N", "PR(a:b)")
)

// Statistics lists the statistics the metric allows; pNN, pNN.N and PR(a:b) stand for the
// percentile and percentile-rank families.
func (m MetricSpec) Statistics() []string {
	if m.Distribution {
		return append([]string(nil), distributionStatisticNames...)
	}
	return append([]string(nil), plainStatisticNames...)
}

// CheckStatistic rejects a statistic the metric does not publish, naming both.
func (m MetricSpec) CheckStatistic(s Statistic) error {
	if s.distributionOnly() && !m.Distribution {
		return fmt.Errorf("statistic %s does not apply to %s, which has no per-sample values; use one of %s",
			s.Name, m.Name, strings.Join(m.Statistics(), ", "))
	}
	return nil
}
