package query

import "time"

// FinestPeriod is the finest period CloudWatch still keeps for data as old as t at now: a
// minute for 15 days, 5 minutes for 63, an hour after that. Periods over such data must be
// multiples of it, and CloudWatch rounds a StartTime down to it.
func FinestPeriod(t, now time.Time) time.Duration {
	for _, tier := range retentionTiers {
		if now.Sub(t) > tier.olderThan {
			return tier.minPeriod
		}
	}
	return time.Minute
}
