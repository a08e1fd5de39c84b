package cloudwatch

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// pending is a unique series this request fetches itself.
type pending struct {
	key    wantKey
	series Series
	window Window
	entry  *entry
}

// call is one GetMetricData call (and the pages that follow its NextToken).
type call struct {
	region string
	period time.Duration
	window Window
	series []*pending
}

// datapoints is what the call asks CloudWatch for: series × points per series.
func (c call) datapoints() int64 {
	return int64(len(c.series)) * c.window.Points(c.period)
}

// SeriesPerCall is how many series of one period and window fit in one GetMetricData call:
// min(500, floor(100800 / points per series)); 0 when even one series has too many points.
func SeriesPerCall(window Window, period time.Duration) int {
	points := window.Points(period)
	if points <= 0 {
		return MaxQueriesPerCall
	}
	return int(min(MaxQueriesPerCall, MaxDatapointsPerCall/points))
}

// ErrTooManyPoints is wrapped by the error of a series that has more datapoints at its period
// than one GetMetricData call returns.
var ErrTooManyPoints = errors.New("too many datapoints for one call")

// errTooManyPoints says why a series cannot be fetched at its period at all.
func errTooManyPoints(points int64, period time.Duration) error {
	return &tooManyPoints{points, period}
}

type tooManyPoints struct {
	points int64
	period time.Duration
}

func (e *tooManyPoints) Error() string {
	return fmt.Sprintf("%d datapoints at period %s is more than CloudWatch's %d; choose a longer period or a shorter range",
		e.points, e.period, MaxDatapointsPerCall)
}

func (e *tooManyPoints) Is(target error) bool { return target == ErrTooManyPoints }

// plan groups the series by region, period and window, then splits each group into the fewest
// calls CloudWatch's limits allow, in calls of nearly equal size. Series that cannot fit any call
// come back in tooLong.
func plan(items []*pending) (calls []call, tooLong []*pending) {
	type groupKey struct {
		region     string
		period     time.Duration
		start, end int64
	}
	groups := map[groupKey][]*pending{}
	var keys []groupKey
	for _, p := range items {
		k := groupKey{p.series.Region, p.series.Period, p.window.Start.Unix(), p.window.End.Unix()}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], p)
	}
	slices.SortFunc(keys, func(a, b groupKey) int {
		return cmp.Or(strings.Compare(a.region, b.region), cmp.Compare(a.period, b.period),
			cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end))
	})
	for _, k := range keys {
		members := groups[k]
		slices.SortFunc(members, func(a, b *pending) int { return strings.Compare(a.key.series, b.key.series) })
		window := members[0].window
		perCall := SeriesPerCall(window, k.period)
		if perCall == 0 {
			tooLong = append(tooLong, members...)
			continue
		}
		n := len(members)
		count := (n + perCall - 1) / perCall
		// Equal shares rather than full calls and a remainder: the same number of calls, and
		// no call is much slower than the others.
		base, extra := n/count, n%count
		for i, start := 0, 0; i < count; i++ {
			size := base
			if i < extra {
				size++
			}
			calls = append(calls, call{region: k.region, period: k.period, window: window, series: members[start : start+size]})
			start += size
		}
	}
	return calls, tooLong
}
