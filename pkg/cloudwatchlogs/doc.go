// Package cloudwatchlogs reads Lambda function logs for AWS mode.
//
// A logs query becomes one CloudWatch Logs Insights query string (Translate): the presets, the
// search text or /regex/ and the query's own Insights filters become filter commands, and the
// sort and limit follow. The Reader finds each function's log group (/aws/lambda/<name>) in the
// query's regions through DescribeLogGroups (cached), starts one Insights query per region and per
// 50 log groups (Insights' limit), with a bound on queries running per region that every request
// of the data source shares (the account's quota is per region), polls GetQueryResults with backoff
// until the query ends, and stops it with StopQuery when the caller gives up. StartQuery is
// retried by the SDK's retryer alone, set for that call with more attempts and longer waits than
// others, while the account's concurrent query quota is reached (LimitExceededException) or the
// call is throttled.
//
// A plain text search without presets or Insights commands reads FilterLogEvents instead: a
// quoted filter pattern finds the same lines without the cost of an Insights query.
//
// ParseLine reads what Lambda writes, in its text format and in its JSON log format: START, END
// and REPORT lines (platform.start, platform.runtimeDone, platform.report), timeouts and
// application lines, with the REPORT figures, request and trace ids.
//
// AWS access sits behind the API interface; package logsfake is a local CloudWatch Logs that
// speaks the SDK's protocol, for the Insights calls the moto server does not serve.
package cloudwatchlogs
