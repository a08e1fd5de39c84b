package query

import (
	"time"
)

// Retention tiers of CloudWatch: the finest period still stored for data of a given age.
var retentionTiers = []struct {
	olderThan time.Duration
	minPeriod time.Duration
}{
	{olderThan: 63 * 24 * time.Hour, minPeriod: time.Hour},
	{olderThan: 15 * 24 * time.Hour, minPeriod: 5 * time.Minute},
}

// niceperiods keeps automatic periods on values people read easily on an axis.
var nicePeriods = []time.Duration{
	time.Minute, 5 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour, 7 * 24 * time.Hour,
}

// defaultMaxDataPoints is used when the caller (an alert rule, an API call) sends none.
const defaultMaxDataPoints = 1440

// EffectivePeriod is the period a metrics query runs with: the one asked for, or, for auto, the
// smallest nice period that respects the panel's interval, its width in points and CloudWatch's
// retention for data as old as the start of the range.
func (q Query) EffectivePeriod(now time.Time) time.Duration {
	if q.PeriodSeconds > 0 {
		return time.Duration(q.PeriodSeconds) * time.Second
	}
	floor := max(q.Interval, time.Minute)
	maxPoints := q.MaxDataPoints
	if maxPoints <= 0 {
		maxPoints = defaultMaxDataPoints
	}
	floor = max(floor, q.To.Sub(q.From)/time.Duration(maxPoints))
	age := now.Sub(q.From)
	for _, tier := range retentionTiers {
		if age > tier.olderThan {
			floor = max(floor, tier.minPeriod)
			break
		}
	}
	for _, p := range nicePeriods {
		if p >= floor {
			return p
		}
	}
	return nicePeriods[len(nicePeriods)-1]
}
