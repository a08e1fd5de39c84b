package cloudwatch

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// CloudWatch's limits on one GetMetricData call.
const (
	MaxQueriesPerCall    = 500
	MaxDatapointsPerCall = 100800
)

// Dimension is one CloudWatch dimension of a series.
type Dimension struct {
	Name, Value string
}

// Series identifies one CloudWatch time series as GetMetricData asks for it.
type Series struct {
	Region     string
	Namespace  string
	MetricName string
	// Dimensions are kept sorted by name so equal series have equal keys.
	Dimensions []Dimension
	Stat       string
	Period     time.Duration
}

func (s Series) key() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%s|%s|%s|%d", s.Region, s.Namespace, s.MetricName, s.Stat, int64(s.Period/time.Second))
	for _, d := range s.Dimensions {
		fmt.Fprintf(&b, "|%s=%s", d.Name, d.Value)
	}
	return b.String()
}

// normalized sorts the dimensions so that the order a caller listed them in does not matter.
func (s Series) normalized() Series {
	s.Dimensions = slices.Clone(s.Dimensions)
	slices.SortFunc(s.Dimensions, func(a, b Dimension) int { return strings.Compare(a.Name, b.Name) })
	return s
}

// Window is the whole periods a series is fetched over: Start is the first period's start, End
// the last one's end.
type Window struct {
	Start, End time.Time
}

// Align widens [from, to) to whole periods on the epoch's grid, the buckets CloudWatch returns
// for a StartTime on that grid.
func Align(from, to time.Time, period time.Duration) Window {
	return periodsFrom(from.UTC().Truncate(period), to, period)
}

// startingAt is [from, to) in whole periods that start at from's minute: the buckets CloudWatch
// returns for a StartTime off the period grid, which it rounds down to the minute.
func startingAt(from, to time.Time, period time.Duration) Window {
	return periodsFrom(from.UTC().Truncate(time.Minute), to, period)
}

func periodsFrom(start, to time.Time, period time.Duration) Window {
	points := (to.Sub(start) + period - 1) / period
	return Window{Start: start, End: start.Add(points * period)}
}

// WholeRange is the one period that covers [from, to) with data stored at grain (a minute; 5
// minutes for data older than 15 days, an hour past 63). CloudWatch's periods are multiples of
// the grain and it rounds a StartTime down to one, so both ends are rounded up to the grain: the
// window holds the grains that start in [from, to), and at least one. Ask for it with a Want
// whose Period is the window's length and which is Unaligned.
func WholeRange(from, to time.Time, grain time.Duration) Window {
	start, end := ceilTo(from.UTC(), grain), ceilTo(to.UTC(), grain)
	if !end.After(start) {
		end = start.Add(grain)
	}
	return Window{Start: start, End: end}
}

func ceilTo(t time.Time, d time.Duration) time.Time {
	if down := t.Truncate(d); !down.Equal(t) {
		return down.Add(d)
	}
	return t
}

// Length is how long the window is.
func (w Window) Length() time.Duration {
	return w.End.Sub(w.Start)
}

// Points is how many datapoints one series has over the window.
func (w Window) Points(period time.Duration) int64 {
	return int64(w.Length() / period)
}

// Want is one series over one time range, as a query asks for it.
type Want struct {
	Series   Series
	From, To time.Time
	// Unaligned starts the periods at From (rounded down to the minute, as CloudWatch rounds a
	// StartTime) instead of on the epoch's grid of the period. Aligned periods split a range
	// that is not on their grid; an Unaligned Want of a WholeRange window is exactly one
	// datapoint over it.
	Unaligned bool
}

// wantKey identifies a series over a window: the unit of deduplication and caching. Aligned and
// unaligned Wants with the same window are the same datapoints.
type wantKey struct {
	series string
	start  int64
	end    int64
}

func (w Want) normalized() (Series, Window, wantKey) {
	s := w.Series.normalized()
	win := Align(w.From, w.To, s.Period)
	if w.Unaligned {
		win = startingAt(w.From, w.To, s.Period)
	}
	return s, win, wantKey{series: s.key(), start: win.Start.Unix(), end: win.End.Unix()}
}
