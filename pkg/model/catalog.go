package model

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

func (ns namespace) metric(name, unit string) MetricSpec {
	return MetricSpec{Name: name, Namespace: ns.name, Dimension: ns.dimension, Unit: unit}
}

func (ns namespace) counts(names ...string) []MetricSpec {
	specs := make([]MetricSpec, len(names))
	for i, name := range names {
		specs[i] = ns.metric(name, "Count")
	}
	return specs
}

// durations are the metrics with per-sample values in milliseconds.
func (ns namespace) duration(name string) MetricSpec {
	m := ns.metric(name, "Milliseconds")
	m.Distribution = true
	return m
}

func apiMetrics(ns namespace, clientErrors, serverErrors string) []MetricSpec {
	return append(ns.counts("Count", clientErrors, serverErrors), ns.duration("Latency"), ns.duration("IntegrationLatency"))
}

var catalog = map[ResourceKind][]MetricSpec{
	KindLambda: append(nsLambda.counts("Invocations", "Errors", "Throttles"),
		nsLambda.duration("Duration"),
		nsLambda.metric("ConcurrentExecutions", "Count"),
		nsLambda.metric("IteratorAge", "Milliseconds"),
		nsLambda.metric("DeadLetterErrors", "Count"),
		nsLambda.metric("AsyncEventAge", "Milliseconds"),
		nsLambda.metric("AsyncEventsDropped", "Count"),
		nsInsights.metric("used_memory_max", "Megabytes"),
		nsInsights.metric("memory_utilization", "Percent"),
		nsLambda.duration("PostRuntimeExtensionsDuration")),
	KindAPIGateway:   apiMetrics(nsAPI, "4XXError", "5XXError"),
	KindAPIGatewayV2: apiMetrics(nsHTTPAPI, "4xx", "5xx"),
	KindSQS: append(nsSQS.counts("NumberOfMessagesSent", "NumberOfMessagesReceived", "NumberOfMessagesDeleted", "ApproximateNumberOfMessagesVisible"),
		nsSQS.metric("ApproximateAgeOfOldestMessage", "Seconds")),
	KindStates: append(nsStates.counts("ExecutionsStarted", "ExecutionsSucceeded", "ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted"),
		nsStates.duration("ExecutionTime")),
	KindEvents: nsEvents.counts("MatchedEvents", "TriggeredRules", "Invocations", "FailedInvocations"),
	KindDynamoDB: append(nsDynamoDB.counts("ConsumedReadCapacityUnits", "ConsumedWriteCapacityUnits", "ThrottledRequests", "UserErrors", "SystemErrors"),
		nsDynamoDB.duration("SuccessfulRequestLatency")),
	KindRDS: {nsRDS.metric("DatabaseConnections", "Count"), nsRDS.metric("CPUUtilization", "Percent")},
}

// Metrics lists the metrics a resource kind publishes, in the order editors offer them.
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
	if s.DistributionOnly() && !m.Distribution {
		return fmt.Errorf("statistic %s does not apply to %s, which has no per-sample values; use one of %s",
			s.Name, m.Name, strings.Join(m.Statistics(), ", "))
	}
	return nil
}

// TrafficMetrics are the metrics that say how busy a resource of each kind is and how often it
// fails; a dead-letter queue's traffic is failure by definition. A DynamoDB table is on AWS
// mode's map as a stream's source, whose records are its writes. A database publishes no count of
// the queries it serves, so it has none: on the demo map it serves its callers' calls.
var TrafficMetrics = map[ResourceKind][2]string{
	KindLambda:       {"Invocations", "Errors"},
	KindAPIGateway:   {"Count", "5XXError"},
	KindAPIGatewayV2: {"Count", "5xx"},
	KindSQS:          {"NumberOfMessagesSent", ""},
	KindStates:       {"ExecutionsStarted", "ExecutionsFailed"},
	KindEvents:       {"Invocations", "FailedInvocations"},
	KindDynamoDB:     {"ConsumedWriteCapacityUnits", "SystemErrors"},
}
