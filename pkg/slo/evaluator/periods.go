package evaluator

import (
	"fmt"
	"time"

	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
	"github.com/seed/serverless/pkg/slo"
)

// The periods SLO queries read follow what CloudWatch keeps, in both modes so that they answer
// alike: minutes for 15 days, 5 minutes for 63, an hour for 455, and no more than 100,800
// datapoints a series.

// retainedPeriod is the finest period CloudWatch returns for one series over [from, to).
func (e *Evaluator) retainedPeriod(from, to time.Time) time.Duration {
	return query.Query{From: from, To: to, MaxDataPoints: model.MaxDatapoints}.EffectivePeriod(e.now())
}

// periodFloor is the finest period for a read reaching back to oldest once its start is aligned
// to its buckets. Aligning moves the start back by less than a bucket, so the age is judged an
// hour early; buckets longer than an hour are whole hours, which every retention tier divides.
func (e *Evaluator) periodFloor(oldest, to time.Time) time.Duration {
	return e.retainedPeriod(oldest.Add(-time.Hour), to)
}

// bucketFor picks buckets a twelfth of a burn window long (at least a minute) so a trailing sum
// over the window is exact.
func bucketFor(window time.Duration) time.Duration {
	step := (window / 12).Truncate(time.Minute)
	for step > time.Minute && window%step != 0 {
		step -= time.Minute
	}
	return max(step, time.Minute)
}

// trailingStep is the bucket a trailing sum over window adds up: at most want, a multiple of the
// floor CloudWatch keeps the data in, and a divisor of the window.
func trailingStep(window, want, floor time.Duration) (time.Duration, error) {
	step := max(min(want, window), floor)
	step -= step % floor
	for step > 0 && window%step != 0 {
		step -= floor
	}
	if step <= 0 {
		return 0, fmt.Errorf("a window of %s cannot be summed from the %s periods CloudWatch keeps for this time range; "+
			"choose a window that is a multiple of %s, or a more recent time range", window, floor, floor)
	}
	return step, nil
}

// countsEndingAt reads an SLI's events over the span that ends at end (a whole minute). Where
// CloudWatch keeps minutes for the whole span, it reads minutes and every trailing sum is exact.
// Otherwise it reads the retained period, so the span starts at the start of the period that
// holds end - span (a few minutes early at most), and the last hour in minutes, so burn rates
// over an hour or less stay exact.
func (e *Evaluator) countsEndingAt(spec slo.Spec, end time.Time, span time.Duration) (eventCounts, error) {
	start := end.Add(-span)
	bulk := e.periodFloor(start, end)
	if bulk == time.Minute {
		return e.sloCounts(spec, start, end, time.Minute)
	}
	recentFrom := end.Add(-time.Hour).Truncate(bulk)
	recent := e.periodFloor(recentFrom, end)
	if recent == bulk {
		return e.sloCounts(spec, start.Truncate(bulk), end, bulk)
	}
	old, err := e.sloCounts(spec, start.Truncate(bulk), recentFrom, bulk)
	if err != nil {
		return eventCounts{}, err
	}
	latest, err := e.sloCounts(spec, recentFrom, end, recent)
	if err != nil {
		return eventCounts{}, err
	}
	return old.followedBy(latest), nil
}
