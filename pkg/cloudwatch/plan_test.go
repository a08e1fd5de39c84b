package cloudwatch

import (
	"fmt"
	"testing"
	"time"

	"github.com/seed/serverless/pkg/cloudwatch/cwfake"
)

func TestAlignWidensToWholePeriods(t *testing.T) {
	tests := []struct {
		name             string
		from, to         time.Time
		period           time.Duration
		wantStart, wantE time.Time
		wantPoints       int64
	}{
		{"aligned day at 5 min", day, day.Add(24 * time.Hour), 5 * time.Minute, day, day.Add(24 * time.Hour), 288},
		{"ragged ends", day.Add(7 * time.Minute), day.Add(62*time.Minute + time.Second), 5 * time.Minute, day.Add(5 * time.Minute), day.Add(65 * time.Minute), 12},
		{"one minute", day.Add(30 * time.Second), day.Add(50 * time.Second), time.Minute, day, day.Add(time.Minute), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := Align(tt.from, tt.to, tt.period)
			if !w.Start.Equal(tt.wantStart) || !w.End.Equal(tt.wantE) || w.Points(tt.period) != tt.wantPoints {
				t.Fatalf("got %s–%s (%d points), want %s–%s (%d)", w.Start, w.End, w.Points(tt.period), tt.wantStart, tt.wantE, tt.wantPoints)
			}
		})
	}
}

func TestSeriesPerCallAndMinimumCalls(t *testing.T) {
	tests := []struct {
		name        string
		rangeLength time.Duration
		period      time.Duration
		series      int64
		wantPerCall int
		wantMinimum int64
	}{
		// 288 points: the datapoint limit binds (100800/288 = 350).
		{"8,000 series, 24 h at 5 min", 24 * time.Hour, 5 * time.Minute, 8000, 350, 23},
		// 60 points: the query limit binds.
		{"1,000 series, 1 h at 1 min", time.Hour, time.Minute, 1000, 500, 2},
		{"exactly one full call", 24 * time.Hour, 5 * time.Minute, 350, 350, 1},
		{"one more than a full call", 24 * time.Hour, 5 * time.Minute, 351, 350, 2},
		{"a week at 1 min fits 10 series", 7 * 24 * time.Hour, time.Minute, 25, 10, 3},
		{"too many points for one series", 100 * 24 * time.Hour, time.Minute, 1, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := Align(day, day.Add(tt.rangeLength), tt.period)
			if got := SeriesPerCall(w, tt.period); got != tt.wantPerCall {
				t.Errorf("SeriesPerCall = %d, want %d", got, tt.wantPerCall)
			}
			if got := cwfake.MinimumCalls(tt.series, w.Points(tt.period)); got != tt.wantMinimum {
				t.Errorf("MinimumCalls = %d, want %d", got, tt.wantMinimum)
			}
		})
	}
}

func pendingSeries(region string, period time.Duration, from, to time.Time, n int) []*pending {
	out := make([]*pending, n)
	for i := range out {
		w := Want{Series: Series{Region: region, Namespace: "AWS/Lambda", MetricName: "Invocations", Stat: "Sum", Period: period,
			Dimensions: []Dimension{{"FunctionName", fmt.Sprintf("fn-%05d", i)}}}, From: from, To: to}
		s, win, k := w.normalized()
		out[i] = &pending{key: k, series: s, window: win}
	}
	return out
}

func TestPlanGroupsAndChunksWithinLimits(t *testing.T) {
	fiveMin, hour := 5*time.Minute, time.Hour
	tests := []struct {
		name        string
		items       []*pending
		wantCalls   int
		wantSizes   []int
		wantTooLong int
	}{
		{"8,000 series in one group take the minimum 23 calls of nearly equal size",
			pendingSeries("us-east-1", fiveMin, day, day.Add(24*time.Hour), 8000), 23, nil, 0},
		{"regions never share a call",
			append(pendingSeries("us-east-1", fiveMin, day, day.Add(time.Hour), 3), pendingSeries("eu-west-1", fiveMin, day, day.Add(time.Hour), 3)...),
			2, []int{3, 3}, 0},
		{"periods never share a call",
			append(pendingSeries("us-east-1", fiveMin, day, day.Add(time.Hour), 3), pendingSeries("us-east-1", hour, day, day.Add(time.Hour), 2)...),
			2, []int{3, 2}, 0},
		{"time ranges never share a call",
			append(pendingSeries("us-east-1", fiveMin, day, day.Add(time.Hour), 3), pendingSeries("us-east-1", fiveMin, day, day.Add(2*time.Hour), 3)...),
			2, []int{3, 3}, 0},
		{"1,001 short series: the 500-query limit binds", pendingSeries("us-east-1", time.Minute, day, day.Add(time.Hour), 1001), 3, []int{334, 334, 333}, 0},
		{"a series with more points than a call carries", pendingSeries("us-east-1", time.Minute, day, day.Add(80*24*time.Hour), 2), 0, nil, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls, tooLong := plan(tt.items)
			if len(calls) != tt.wantCalls || len(tooLong) != tt.wantTooLong {
				t.Fatalf("%d calls and %d too long, want %d and %d", len(calls), len(tooLong), tt.wantCalls, tt.wantTooLong)
			}
			total, smallest, largest := 0, 1<<30, 0
			for i, c := range calls {
				if len(c.series) > MaxQueriesPerCall || c.datapoints() > MaxDatapointsPerCall {
					t.Errorf("call %d: %d queries, %d datapoints is over the limits", i, len(c.series), c.datapoints())
				}
				for _, s := range c.series {
					if s.series.Region != c.region || s.series.Period != c.period || !s.window.Start.Equal(c.window.Start) || !s.window.End.Equal(c.window.End) {
						t.Errorf("call %d mixes groups: %+v", i, s.series)
					}
				}
				if tt.wantSizes != nil && len(c.series) != tt.wantSizes[i] {
					t.Errorf("call %d has %d series, want %d", i, len(c.series), tt.wantSizes[i])
				}
				total += len(c.series)
				smallest, largest = min(smallest, len(c.series)), max(largest, len(c.series))
			}
			if total+len(tooLong) != len(tt.items) {
				t.Errorf("%d series planned, %d asked", total+len(tooLong), len(tt.items))
			}
			if len(calls) > 0 && largest-smallest > 1 {
				t.Errorf("calls range from %d to %d series; they should differ by one at most", smallest, largest)
			}
		})
	}
}

func TestSeriesKeyIgnoresDimensionOrder(t *testing.T) {
	a := Series{Region: "us-east-1", Namespace: "AWS/Lambda", MetricName: "Errors", Stat: "Sum", Period: time.Minute,
		Dimensions: []Dimension{{"FunctionName", "f"}, {"Resource", "f:live"}}}
	b := a
	b.Dimensions = []Dimension{{"Resource", "f:live"}, {"FunctionName", "f"}}
	if a.normalized().key() != b.normalized().key() {
		t.Fatalf("%s != %s", a.normalized().key(), b.normalized().key())
	}
	c := a
	c.Stat = "Average"
	if a.normalized().key() == c.normalized().key() {
		t.Fatal("a different statistic must be a different series")
	}
}
