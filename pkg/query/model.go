// Package query holds the data source's query model: what the front end, dashboards and alert rules
// send, parsed and validated into typed values before anything is computed or fetched.
package query

import (
	"time"
)

// Kind says what a query asks for. It travels in the query's queryType field, as Grafana expects.
type Kind string

const (
	// KindMetrics asks for time series of one metric of one or more resources.
	KindMetrics Kind = "metrics"
)

// Kinds lists every query kind the back end answers, in the order editors offer them.
var Kinds = []Kind{KindMetrics}

// Period is the bucket width of a metrics query; zero means "choose for me".
type Period time.Duration

// Query is one parsed, validated query.
type Query struct {
	RefID   string
	Kind    Kind
	From    time.Time
	To      time.Time
	Metrics MetricsQuery
	// MaxDataPoints and Interval come from the panel and drive the automatic period.
	MaxDataPoints int64
	Interval      time.Duration
}

// MetricsQuery selects a metric of resources of one kind.
type MetricsQuery struct {
	ResourceKind string   `json:"resourceKind"`
	Names        []string `json:"names"`
	Metric       string   `json:"metric"`
	Statistic    string   `json:"statistic"`
	// PeriodSeconds is the CloudWatch period; 0 picks one from the panel's interval and range.
	PeriodSeconds int64 `json:"period"`
}
