package model

import "time"

// MaxDatapoints is CloudWatch's limit of datapoints one GetMetricData call returns.
const MaxDatapoints = 100800

// SeriesQuery asks for one metric of one resource.
type SeriesQuery struct {
	Kind      ResourceKind
	Name      string
	Metric    string
	Statistic string
	From, To  time.Time
	Period    time.Duration
	// StartAtFrom starts the periods at From's minute instead of at the period that holds From:
	// CloudWatch's periods for a StartTime off the period grid.
	StartAtFrom bool
}

// Series is a metric's values, one per period, starting at the period that holds From (or at
// From's minute, with StartAtFrom).
type Series struct {
	Times  []time.Time
	Values []float64
	Unit   string
}
