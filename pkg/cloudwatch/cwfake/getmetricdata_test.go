package cwfake

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/seed/serverless/pkg/model"
)

// CloudWatch's periods start at StartTime rounded down to the minute, whether or not it is on
// the period's grid.
func TestPeriodsStartAtStartTime(t *testing.T) {
	c := client(start(t, Options{}), "eu-west-1", accessKey, secretKey)
	tests := []struct {
		name       string
		from, to   time.Duration // after day
		period     time.Duration
		wantStarts []time.Duration
	}{
		{"on the grid", 14 * time.Hour, 16 * time.Hour, time.Hour, []time.Duration{14 * time.Hour, 15 * time.Hour}},
		{"off the grid", 14*time.Hour + 7*time.Minute, 16*time.Hour + 7*time.Minute, time.Hour, []time.Duration{847 * time.Minute, 907 * time.Minute}},
		{"mid-minute", 14*time.Hour + 7*time.Minute + 30*time.Second, 16*time.Hour + 7*time.Minute, time.Hour, []time.Duration{847 * time.Minute, 907 * time.Minute}},
		{"one period over the range", 14*time.Hour + 7*time.Minute, 16*time.Hour + 7*time.Minute, 2 * time.Hour, []time.Duration{847 * time.Minute}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := input(day.Add(tt.from), day.Add(tt.to), query("a", "booking-api-handler", "Duration", "p99", int32(tt.period/time.Second)))
			in.ScanBy = types.ScanByTimestampAscending
			out, err := c.GetMetricData(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			r := out.MetricDataResults[0]
			want := make([]time.Time, len(tt.wantStarts))
			for i, d := range tt.wantStarts {
				want[i] = day.Add(d)
			}
			if !slices.EqualFunc(r.Timestamps, want, time.Time.Equal) {
				t.Fatalf("periods start at %v, want %v", r.Timestamps, want)
			}
			demoSeries, _ := estate.Series(model.SeriesQuery{Kind: model.KindLambda, Name: "booking-api-handler", Metric: "Duration", Statistic: "p99",
				From: day.Add(tt.from), To: day.Add(tt.to), Period: tt.period, StartAtFrom: true})
			if !slices.Equal(r.Values, demoSeries.Values) {
				t.Fatalf("values %v, the estate's %v", r.Values, demoSeries.Values)
			}
		})
	}
}
