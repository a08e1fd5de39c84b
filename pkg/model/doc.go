// Package model is the data source's domain: the AWS resource kinds it watches, the CloudWatch
// metrics each publishes and the statistics they allow, the limits a query must stay within, and
// the shapes of what it answers (function summaries, log lines, the service map, change events,
// metric series). Both modes speak it: the demo estate generates these values, AWS mode reads
// them from CloudWatch, CloudWatch Logs, Lambda and the service map's APIs.
package model
