package demo

import (
	"fmt"
	"math"
	"strings"
)

// MetricSpec describes one metric as CloudWatch publishes it.
type MetricSpec struct {
	Name      string `json:"name"`
	Namespace string `json:"namespace"`
	// Dimension is the CloudWatch dimension that names the resource.
	Dimension string `json:"dimension"`
	// Unit is CloudWatch's unit name: Count, Milliseconds, Percent or Seconds.
	Unit string `json:"unit"`
	// Distribution metrics have per-sample values, so percentiles and percentile ranks apply.
	Distribution bool `json:"distribution"`

	generate func(r *Resource, minute int64) sample
}

type namespace struct{ name, dimension string }

var (
	nsLambda   = namespace{"AWS/Lambda", "FunctionName"}
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

// driven reads the minute of the function that drives a resource (the API's integration, the
// queue's producer).
func driven(r *Resource, minute int64) lambdaMinute {
	return simulateLambda(r.driver, minute)
}

// noise is a resource's own deterministic noise in [0, 1) for a metric in a minute.
func noise(r *Resource, minute int64, salt uint64) float64 {
	return unit(r.seed, minute, salt)
}

func apiMetrics(ns namespace, clientErrors, serverErrors string) []MetricSpec {
	clientErrorCount := func(r *Resource, m int64) float64 {
		return math.Floor(driven(r, m).invocations*0.012 + noise(r, m, 10))
	}
	requests := func(r *Resource, m int64) float64 {
		d := driven(r, m)
		return d.invocations + d.throttles + clientErrorCount(r, m)
	}
	return []MetricSpec{
		counter(ns, "Count", func(r *Resource, m int64) sample { n := requests(r, m); return counterSample(n, n) }),
		counter(ns, clientErrors, func(r *Resource, m int64) sample { return counterSample(clientErrorCount(r, m), requests(r, m)) }),
		counter(ns, serverErrors, func(r *Resource, m int64) sample {
			d := driven(r, m)
			return counterSample(d.errors+d.throttles, requests(r, m))
		}),
		distribution(ns, "Latency", func(r *Resource, m int64) sample {
			d := driven(r, m)
			return distributionSample(requests(r, m), d.medianMs+r.medianMs, 29000)
		}),
		distribution(ns, "IntegrationLatency", func(r *Resource, m int64) sample {
			d := driven(r, m)
			return distributionSample(d.invocations, d.medianMs+4, 29000)
		}),
	}
}

var catalog = map[ResourceKind][]MetricSpec{
	KindLambda: {
		counter(nsLambda, "Invocations", func(r *Resource, m int64) sample {
			l := simulateLambda(r, m)
			return counterSample(l.invocations, l.invocations)
		}),
		counter(nsLambda, "Errors", func(r *Resource, m int64) sample {
			l := simulateLambda(r, m)
			return counterSample(l.errors, l.invocations)
		}),
		counter(nsLambda, "Throttles", func(r *Resource, m int64) sample {
			l := simulateLambda(r, m)
			return counterSample(l.throttles, l.throttles)
		}),
		distribution(nsLambda, "Duration", func(r *Resource, m int64) sample {
			l := simulateLambda(r, m)
			return distributionSample(l.invocations, l.medianMs, float64(r.TimeoutSeconds)*1000)
		}),
		gauge(nsLambda, "ConcurrentExecutions", "Count", func(r *Resource, m int64) float64 { return simulateLambda(r, m).concurrency }),
	},
	KindAPIGateway:   apiMetrics(nsAPI, "4XXError", "5XXError"),
	KindAPIGatewayV2: apiMetrics(nsHTTPAPI, "4xx", "5xx"),
	KindSQS:          queueMetrics,
	KindStates: {
		counter(nsStates, "ExecutionsStarted", func(r *Resource, m int64) sample { n := executions(r, m); return counterSample(n, n) }),
		counter(nsStates, "ExecutionsSucceeded", func(r *Resource, m int64) sample {
			n := executions(r, m)
			return counterSample(n-executionsFailed(r, m)-executionsTimedOut(r, m), n)
		}),
		counter(nsStates, "ExecutionsFailed", func(r *Resource, m int64) sample { return counterSample(executionsFailed(r, m), executions(r, m)) }),
		counter(nsStates, "ExecutionsTimedOut", func(r *Resource, m int64) sample {
			return counterSample(executionsTimedOut(r, m), executions(r, m))
		}),
		counter(nsStates, "ExecutionsAborted", func(r *Resource, m int64) sample { return counterSample(0, executions(r, m)) }),
		distribution(nsStates, "ExecutionTime", func(r *Resource, m int64) sample {
			return distributionSample(executions(r, m), r.medianMs, 300000)
		}),
	},
	KindEvents: {
		counter(nsEvents, "MatchedEvents", func(r *Resource, m int64) sample { n := events(r, m); return counterSample(n, n) }),
		counter(nsEvents, "TriggeredRules", func(r *Resource, m int64) sample { n := events(r, m); return counterSample(n, n) }),
		counter(nsEvents, "Invocations", func(r *Resource, m int64) sample { n := events(r, m); return counterSample(n, n) }),
		counter(nsEvents, "FailedInvocations", func(r *Resource, m int64) sample {
			n := events(r, m)
			return counterSample(min(n, math.Floor(n*0.0005+noise(r, m, 20))), n)
		}),
	},
	KindDynamoDB: {
		gauge(nsDynamoDB, "ConsumedReadCapacityUnits", "Count", func(r *Resource, m int64) float64 { return driven(r, m).invocations * 1.5 }),
		gauge(nsDynamoDB, "ConsumedWriteCapacityUnits", "Count", func(r *Resource, m int64) float64 { return driven(r, m).invocations * 2 }),
		counter(nsDynamoDB, "ThrottledRequests", func(r *Resource, m int64) sample {
			n := driven(r, m).invocations
			return counterSample(0, n)
		}),
		counter(nsDynamoDB, "UserErrors", func(r *Resource, m int64) sample {
			n := driven(r, m).invocations
			return counterSample(min(n, math.Floor(n*0.001+noise(r, m, 30))), n)
		}),
		counter(nsDynamoDB, "SystemErrors", func(r *Resource, m int64) sample { return counterSample(0, driven(r, m).invocations) }),
		distribution(nsDynamoDB, "SuccessfulRequestLatency", func(r *Resource, m int64) sample {
			return distributionSample(driven(r, m).invocations, r.medianMs, 0)
		}),
	},
	KindRDS: {
		gauge(nsRDS, "DatabaseConnections", "Count", databaseConnections),
		gauge(nsRDS, "CPUUtilization", "Percent", func(r *Resource, m int64) float64 {
			return min(99, 12+70*databaseConnections(r, m)/maxDatabaseConnections+5*noise(r, m, 40))
		}),
	},
}

// executions of the state machine: one per order the order processor accepted.
func executions(r *Resource, m int64) float64 {
	d := driven(r, m)
	return d.invocations - d.errors
}

func executionsFailed(r *Resource, m int64) float64 {
	return min(executions(r, m), math.Floor(executions(r, m)*r.baseErrorShare+noise(r, m, 21)))
}

func executionsTimedOut(r *Resource, m int64) float64 {
	return min(executions(r, m)-executionsFailed(r, m), math.Floor(executions(r, m)*0.0005+noise(r, m, 22)))
}

// events put on the bus: one per payment the initializer accepted.
func events(r *Resource, m int64) float64 {
	d := driven(r, m)
	return d.invocations - d.errors
}

// maxDatabaseConnections is PostgreSQL's max_connections on the booking database.
const maxDatabaseConnections = 100

// databaseConnections follows the API's concurrency; during the exhaustion incident every slot
// is taken.
func databaseConnections(r *Resource, m int64) float64 {
	d := driven(r, m)
	if r.driver.incidentsAt(m-floorDiv(m, minutesPerDay)*minutesPerDay).extraErrorShare > 0 {
		return maxDatabaseConnections
	}
	return min(maxDatabaseConnections, math.Round(8+d.concurrency*1.5+3*noise(r, m, 41)))
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

// CheckStatistic rejects a statistic the metric does not publish, naming both.
func (m MetricSpec) CheckStatistic(s Statistic) error {
	if s.distributionOnly() && !m.Distribution {
		return fmt.Errorf("statistic %s does not apply to %s, which has no per-sample values; use Sum, Average, Minimum, Maximum or SampleCount", s.Name, m.Name)
	}
	return nil
}
