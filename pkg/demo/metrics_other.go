package demo

import "math"

// API Gateway gives up on an integration after its timeout: 29 s for REST APIs, 30 s for HTTP APIs.
const (
	restIntegrationTimeoutMs = 29000
	httpIntegrationTimeoutMs = 30000
)

// driven reads the minute of the function that drives a resource (the API's integration, the
// queue's producer), all but its cold starts.
func driven(r *resource, minute int64) lambdaMinute {
	return lambdaAt(r.driver, minute)
}

// movingMedian is a resource's median latency in a minute its driver ran at load: like a
// function's, it grows with load and wanders with the resource's own noise.
func movingMedian(r *resource, minute int64, load float64) float64 {
	return r.medianMs * latencyShift(load, hashOf(r.seed, minute, saltLatency)).factor
}

// invokeOverheadMs is what API Gateway adds to a function's duration to invoke it.
const invokeOverheadMs = 4

// integrationMedianMs is how long an API waits for its function: the function's duration, the
// invocation itself, and on the calls that start an execution environment its initialisation,
// which Lambda leaves out of Duration but the caller waits for (spread over the minute's calls).
func integrationMedianMs(r *resource, d *lambdaMinute) float64 {
	ms := d.medianMs + invokeOverheadMs
	if d.invocations > 0 {
		ms += d.coldStarts / d.invocations * meanInitMs(r.driver.Runtime)
	}
	return ms
}

// gatewayOverheadMs is API Gateway's own time on a request (authorisation, mapping), around the
// API's median beyond the invocation, ±20 % from minute to minute.
func gatewayOverheadMs(r *resource, minute int64) float64 {
	return (r.medianMs - invokeOverheadMs) * (0.8 + 0.4*noise(r, minute, saltLatency))
}

func apiMetrics(clientErrors, serverErrors string, integrationTimeoutMs float64) []metricGenerator {
	clientErrorCount := func(r *resource, m int64) float64 {
		return math.Floor(driven(r, m).invocations*0.012 + noise(r, m, saltClientErrors))
	}
	requests := func(r *resource, m int64) float64 {
		d := driven(r, m)
		return d.invocations + d.throttles + clientErrorCount(r, m)
	}
	return []metricGenerator{
		metric("Count", func(r *resource, m int64) sample { n := requests(r, m); return counterSample(n, n) }),
		metric(clientErrors, func(r *resource, m int64) sample { return counterSample(clientErrorCount(r, m), requests(r, m)) }),
		metric(serverErrors, func(r *resource, m int64) sample {
			d := driven(r, m)
			return counterSample(d.errors+d.throttles, requests(r, m))
		}),
		metric("Latency", func(r *resource, m int64) sample {
			d := simulateLambda(r.driver, m)
			return distributionSample(requests(r, m), d.timeouts, integrationMedianMs(r, &d)+gatewayOverheadMs(r, m), integrationTimeoutMs)
		}),
		metric("IntegrationLatency", func(r *resource, m int64) sample {
			d := simulateLambda(r.driver, m)
			return distributionSample(d.invocations, d.timeouts, integrationMedianMs(r, &d), integrationTimeoutMs)
		}),
	}
}

var stateMachineMetrics = []metricGenerator{
	metric("ExecutionsStarted", func(r *resource, m int64) sample { n := executions(r, m); return counterSample(n, n) }),
	metric("ExecutionsSucceeded", func(r *resource, m int64) sample {
		n := executions(r, m)
		return counterSample(n-executionsFailed(r, m)-executionsTimedOut(r, m), n)
	}),
	metric("ExecutionsFailed", func(r *resource, m int64) sample { return counterSample(executionsFailed(r, m), executions(r, m)) }),
	metric("ExecutionsTimedOut", func(r *resource, m int64) sample {
		return counterSample(executionsTimedOut(r, m), executions(r, m))
	}),
	metric("ExecutionsAborted", func(r *resource, m int64) sample { return counterSample(0, executions(r, m)) }),
	metric("ExecutionTime", func(r *resource, m int64) sample {
		return distributionSample(executions(r, m), 0, movingMedian(r, m, driven(r, m).load), 300000)
	}),
}

// executions of the state machine: one per order the order processor accepted.
func executions(r *resource, m int64) float64 {
	d := driven(r, m)
	return d.invocations - d.errors
}

func executionsFailed(r *resource, m int64) float64 {
	return min(executions(r, m), math.Floor(executions(r, m)*r.baseErrorShare+noise(r, m, saltEventFailures)))
}

func executionsTimedOut(r *resource, m int64) float64 {
	return min(executions(r, m)-executionsFailed(r, m), math.Floor(executions(r, m)*0.0005+noise(r, m, saltTimeouts)))
}

var eventBusMetrics = []metricGenerator{
	metric("MatchedEvents", func(r *resource, m int64) sample { n := events(r, m); return counterSample(n, n) }),
	metric("TriggeredRules", func(r *resource, m int64) sample { n := events(r, m); return counterSample(n, n) }),
	metric("Invocations", func(r *resource, m int64) sample { n := events(r, m); return counterSample(n, n) }),
	metric("FailedInvocations", func(r *resource, m int64) sample {
		n := events(r, m)
		return counterSample(min(n, math.Floor(n*0.0005+noise(r, m, saltEventFailures))), n)
	}),
}

// events put on the bus: one per payment the initializer accepted.
func events(r *resource, m int64) float64 {
	d := driven(r, m)
	return d.invocations - d.errors
}

var tableMetrics = []metricGenerator{
	gauge("ConsumedReadCapacityUnits", func(r *resource, m int64) float64 { return driven(r, m).invocations * 1.5 }),
	gauge("ConsumedWriteCapacityUnits", func(r *resource, m int64) float64 { return driven(r, m).invocations * 2 }),
	metric("ThrottledRequests", func(r *resource, m int64) sample { return counterSample(0, driven(r, m).invocations) }),
	metric("UserErrors", func(r *resource, m int64) sample {
		n := driven(r, m).invocations
		return counterSample(min(n, math.Floor(n*0.001+noise(r, m, saltUserErrors))), n)
	}),
	metric("SystemErrors", func(r *resource, m int64) sample { return counterSample(0, driven(r, m).invocations) }),
	metric("SuccessfulRequestLatency", func(r *resource, m int64) sample {
		d := driven(r, m)
		return distributionSample(d.invocations, 0, movingMedian(r, m, d.load), 0)
	}),
}

// maxDatabaseConnections is PostgreSQL's max_connections on the booking database.
const maxDatabaseConnections = 100

var databaseMetrics = []metricGenerator{
	gauge("DatabaseConnections", databaseConnections),
	gauge("CPUUtilization", func(r *resource, m int64) float64 {
		return min(99, 12+70*databaseConnections(r, m)/maxDatabaseConnections+5*noise(r, m, saltCPU))
	}),
}

// databaseConnections follows the API's concurrency; while the API's connection-exhaustion
// incident runs, every slot is taken.
func databaseConnections(r *resource, m int64) float64 {
	if _, exhausted := r.driver.incidentAt(m); exhausted {
		return maxDatabaseConnections
	}
	d := driven(r, m)
	return min(maxDatabaseConnections, math.Round(8+d.concurrency*1.5+3*noise(r, m, saltConnections)))
}
