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
// Grafana sends each panel of a dashboard as its own request. The series requests fetch
// themselves are gathered for a short window (Options.GatherWindow) from the first of them and
// planned as one set, so panels arriving together take as few calls as one request for all of
// them would. A short-lived cache keyed on (series, period, aligned range) serves panels that
// refresh a moment later, and a request asking for a series whose call is already under way
// waits for that call instead of sending its own.
//
// Calls run apart from the requests waiting for them: a request whose caller goes away releases
// its series, and a call is cancelled only once no request waits for any of its series. Alert
// evaluations (Request.Fresh) never read the cache nor wait for a call that started before they
// asked; they may share a call still being gathered. Each request's Stats count, whole, the calls
// its series took part in (see Stats).
//
// Names come from discovery: ListMetrics for the query's namespace and metric, filtered to
// series with exactly the resource's dimension, cached for a few minutes.
//
// AWS access sits behind the API interface; Clients builds real aws-sdk-go-v2 clients from the
// data source's settings through grafana-aws-sdk, and package cwfake is a strict local
// CloudWatch that tests and the benchmark talk to over HTTP.
package cloudwatch
