package demo

import (
	"math"
	"slices"
	"testing"
	"time"
)

// With StartAtFrom the periods start at From's minute, as CloudWatch's do for a StartTime off
// the period grid, and each holds exactly its own minutes.
func TestSeriesCanStartAtFrom(t *testing.T) {
	e := New(Options{})
	from := day.Add(2*time.Hour + 7*time.Minute + 30*time.Second)
	tests := []struct {
		name        string
		startAtFrom bool
		period      time.Duration
		length      time.Duration
		wantStarts  []time.Duration // after day
	}{
		{"on the period grid", false, time.Hour, 2 * time.Hour, []time.Duration{2 * time.Hour, 3 * time.Hour, 4 * time.Hour}},
		{"from From's minute", true, time.Hour, 2 * time.Hour, []time.Duration{127 * time.Minute, 187 * time.Minute, 247 * time.Minute}},
		{"one period over the range", true, 3 * time.Hour, 3 * time.Hour, []time.Duration{127 * time.Minute, 307 * time.Minute}},
		{"one period of whole minutes", true, 3 * time.Hour, 3*time.Hour - 30*time.Second, []time.Duration{127 * time.Minute}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := lambdaQuery("booking-api-handler", "Invocations", "Sum", from, tt.length, tt.period)
			q.StartAtFrom = tt.startAtFrom
			s := mustSeries(t, e, q)
			want := make([]time.Time, len(tt.wantStarts))
			for i, d := range tt.wantStarts {
				want[i] = day.Add(d)
			}
			if !slices.EqualFunc(s.Times, want, time.Time.Equal) {
				t.Fatalf("periods start at %v, want %v", s.Times, want)
			}
			// Each period holds its own minutes, up to To's.
			end := q.To.Add(time.Minute - time.Second).Truncate(time.Minute)
			for i, start := range s.Times {
				minutes := lambdaQuery("booking-api-handler", "Invocations", "Sum", start, min(tt.period, end.Sub(start)), time.Minute)
				if got, want := s.Values[i], sum(mustSeries(t, e, minutes).Values); math.Abs(got-want) > 1e-9*want {
					t.Errorf("period at %s holds %v calls, its minutes %v", start, got, want)
				}
			}
		})
	}
}
