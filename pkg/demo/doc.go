// Package demo is the embedded demo estate: a simulated AWS serverless system generated on the fly.
//
// Every value is a pure function of the resource, the metric and the absolute minute it falls in,
// so the same query over the same range always returns the same numbers, and now-relative
// dashboards move as time passes. The package has no AWS or Grafana imports.
package demo
