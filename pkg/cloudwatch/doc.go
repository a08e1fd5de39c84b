// Package cloudwatch reads CloudWatch metrics for AWS mode through a request planner.
//
// The planner takes every metrics series one QueryData request asks for, removes duplicates,
// groups what remains by region, period and aligned time range, and sends as few GetMetricData
// calls as CloudWatch's limits allow: at most MaxQueriesPerCall metric data queries and
// MaxDatapointsPerCall datapoints a call, so a group of N series of P points each takes
// ceil(N / min(500, floor(100800 / P))) calls. Calls run with bounded concurrency, follow
// NextToken, and are retried with jittered backoff when CloudWatch throttles; a series that
// stays throttled comes back with an error the caller shows as a notice on its frame.
//
// A short-lived cache keyed on (series, period, aligned range) lets panels that refresh together
// share one call, including panels whose requests overlap in time (the second waits for the
// first's call instead of sending its own). Alert evaluations bypass it.
//
// Names come from discovery: ListMetrics for the query's namespace and metric, filtered to
// series with exactly the resource's dimension, cached for a few minutes.
//
// AWS access sits behind the API interface; Clients builds real aws-sdk-go-v2 clients from the
// data source's settings through grafana-aws-sdk, and package cwfake is a strict local
// CloudWatch that tests and the benchmark talk to over HTTP.
package cloudwatch
