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

// Window is a time range aligned to a period: Start is the start of the period holding the
// requested start, End the end of the period holding the requested end.
type Window struct {
	Start, End time.Time
}

// Align widens [from, to) to whole periods, the buckets CloudWatch returns.
func Align(from, to time.Time, period time.Duration) Window {
	start := from.UTC().Truncate(period)
	points := (to.Sub(start) + period - 1) / period
	return Window{Start: start, End: start.Add(points * period)}
}

// Points is how many datapoints one series has over the window.
func (w Window) Points(period time.Duration) int64 {
	return int64(w.End.Sub(w.Start) / period)
}

// Want is one series over one time range, as a query asks for it.
type Want struct {
	Series   Series
	From, To time.Time
}

// wantKey identifies a series over an aligned window: the unit of deduplication and caching.
type wantKey struct {
	series string
	start  int64
	end    int64
}

func (w Want) normalized() (Series, Window, wantKey) {
	s := w.Series.normalized()
	win := Align(w.From, w.To, s.Period)
	return s, win, wantKey{series: s.key(), start: win.Start.Unix(), end: win.End.Unix()}
}
