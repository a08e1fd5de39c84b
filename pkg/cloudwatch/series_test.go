package cloudwatch

import (
	"math"
	"testing"
	"time"

	"github.com/seed/serverless/pkg/cloudwatch/cwfake"
	"github.com/seed/serverless/pkg/model"
)

func TestWholeRangeRoundsBothEndsUpToTheGrain(t *testing.T) {
	tests := []struct {
		name               string
		from, to           time.Duration // after day
		grain              time.Duration
		wantStart, wantEnd time.Duration
	}{
		{"whole minutes", 2 * time.Hour, 26 * time.Hour, time.Minute, 2 * time.Hour, 26 * time.Hour},
		{"ragged ends hold the minutes that start in the range", 30 * time.Second, time.Hour + 30*time.Second, time.Minute, time.Minute, time.Hour + time.Minute},
		{"older data in 5-minute grains", 7 * time.Minute, 62 * time.Minute, 5 * time.Minute, 10 * time.Minute, 65 * time.Minute},
		{"less than a grain is still one", 10 * time.Second, 50 * time.Second, time.Minute, time.Minute, 2 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := WholeRange(day.Add(tt.from), day.Add(tt.to), tt.grain)
			if !w.Start.Equal(day.Add(tt.wantStart)) || !w.End.Equal(day.Add(tt.wantEnd)) || w.Length()%tt.grain != 0 {
				t.Fatalf("got %s–%s, want %s–%s", w.Start, w.End, day.Add(tt.wantStart), day.Add(tt.wantEnd))
			}
		})
	}
}

func TestUnalignedWantsStartAtFrom(t *testing.T) {
	tests := []struct {
		name               string
		unaligned          bool
		from, to           time.Duration // after day
		period             time.Duration
		wantStart, wantEnd time.Duration
	}{
		{"aligned: a range-long period straddles two", false, 2*time.Hour + 7*time.Minute, 5*time.Hour + 7*time.Minute, 3 * time.Hour, 0, 6 * time.Hour},
		{"unaligned: one period from From", true, 2*time.Hour + 7*time.Minute, 5*time.Hour + 7*time.Minute, 3 * time.Hour, 127 * time.Minute, 307 * time.Minute},
		{"unaligned from mid-minute starts at its minute, as CloudWatch rounds it", true, 90 * time.Second, time.Hour + 90*time.Second, time.Hour, time.Minute, 121 * time.Minute},
		{"unaligned in several periods", true, 7 * time.Minute, 67 * time.Minute, 15 * time.Minute, 7 * time.Minute, 67 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := lambdaWant("ledger-writer", "Invocations", "Sum", tt.period, day.Add(tt.from), day.Add(tt.to))
			w.Unaligned = tt.unaligned
			_, win, k := w.normalized()
			if !win.Start.Equal(day.Add(tt.wantStart)) || !win.End.Equal(day.Add(tt.wantEnd)) {
				t.Fatalf("window %s–%s, want %s–%s", win.Start, win.End, day.Add(tt.wantStart), day.Add(tt.wantEnd))
			}
			if k.start != win.Start.Unix() || k.end != win.End.Unix() {
				t.Fatalf("key %+v does not hold the window", k)
			}
		})
	}
}

// An Unaligned Want of a WholeRange window is one datapoint at its start, the statistic over
// exactly the range's minutes: what demo mode's inventory shows for the same range.
func TestUnalignedWholeRangeIsOneDatapointAtFrom(t *testing.T) {
	f := newFake(t, cwfake.Options{})
	p := newTestPlanner(t, f, Options{})
	from, to := day.Add(13*time.Hour+7*time.Minute), day.Add(16*time.Hour+7*time.Minute)
	whole := WholeRange(from, to, time.Minute)
	var summary model.FunctionSummary
	for _, s := range baseEstate.Summaries(from, to) {
		if s.Function.Name == "booking-api-handler" {
			summary = s
		}
	}
	tests := []struct {
		metric, stat string
		want         float64
	}{
		{"Invocations", "Sum", summary.Invocations},
		{"Throttles", "Sum", summary.Throttles},
		{"ConcurrentExecutions", "Maximum", summary.MaxConcurrency},
		{"Duration", "p99", summary.DurationP99},
	}
	for _, tt := range tests {
		t.Run(tt.metric+" "+tt.stat, func(t *testing.T) {
			w := lambdaWant("booking-api-handler", tt.metric, tt.stat, whole.Length(), whole.Start, whole.End)
			w.Unaligned = true
			r := fetch(t, p, w).Result(w)
			if r.Err != nil || len(r.Times) != 1 || !r.Times[0].Equal(from) {
				t.Fatalf("error %v, datapoints at %v; want one at %s", r.Err, r.Times, from)
			}
			// Percentiles: the demo sums the same minutes' logarithms in another order.
			if math.Abs(r.Values[0]-tt.want) > 1e-9*tt.want || tt.want == 0 {
				t.Fatalf("%v, demo mode's inventory says %v", r.Values[0], tt.want)
			}
		})
	}
}
