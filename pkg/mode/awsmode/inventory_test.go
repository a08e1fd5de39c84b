package awsmode

import (
	"testing"
	"time"

	"github.com/seed/serverless/pkg/model"
)

var dayStart = time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)

// The trend period is the longest whose buckets each fall in one of demo mode's parts.
func TestTrendGrains(t *testing.T) {
	tests := []struct {
		grains, want int64
	}{
		{24 * 60, 60}, {6 * 60, 15}, {7 * 24 * 60, 7 * 60}, {60, 1}, {3 * 60, 1}, {48, 2}, {5, 1}, {1, 1},
	}
	for _, tt := range tests {
		got := trendGrains(tt.grains)
		if got != tt.want {
			t.Errorf("trendGrains(%d) = %d, want %d", tt.grains, got, tt.want)
		}
		for offset := range tt.grains {
			if model.TrendPoint(offset, tt.grains) != model.TrendPoint(offset/got*got, tt.grains) {
				t.Errorf("%d grains: grain %d is not in its bucket's part", tt.grains, offset)
			}
		}
	}
}

// Periods respect CloudWatch's retention: a minute for 15 days, 5 minutes for 63, an hour after.
func TestInventoryPlanFollowsRetention(t *testing.T) {
	tests := []struct {
		name              string
		age               time.Duration
		wantGrain         time.Duration
		wantStartAfterDay time.Duration
	}{
		{"yesterday", 24 * time.Hour, time.Minute, 8 * time.Minute},
		{"three weeks ago", 21 * 24 * time.Hour, 5 * time.Minute, 10 * time.Minute},
		{"a hundred days ago", 100 * 24 * time.Hour, time.Hour, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from := dayStart.Add(7*time.Minute + 30*time.Second)
			p := newInventoryPlan(from, from.Add(24*time.Hour), dayStart.Add(tt.age))
			if p.grain != tt.wantGrain || !p.whole.Start.Equal(dayStart.Add(tt.wantStartAfterDay)) ||
				p.whole.Length()%tt.wantGrain != 0 || p.trendPeriod%tt.wantGrain != 0 || p.whole.Length()%p.trendPeriod != 0 {
				t.Fatalf("grain %s, window %s–%s, trend period %s", p.grain, p.whole.Start, p.whole.End, p.trendPeriod)
			}
		})
	}
}
