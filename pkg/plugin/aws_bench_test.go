package plugin

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/seed/serverless/pkg/cloudwatch"
	"github.com/seed/serverless/pkg/cloudwatch/cwfake"
	"github.com/seed/serverless/pkg/demo"
)

// benchMetrics are the 8 series per function of the benchmark's dashboard.
var benchMetrics = []struct{ metric, statistic string }{
	{"Invocations", "Sum"}, {"Errors", "Sum"}, {"Throttles", "Sum"}, {"Duration", "Average"},
	{"Duration", "p99"}, {"ConcurrentExecutions", "Maximum"}, {"IteratorAge", "Maximum"}, {"AsyncEventAge", "Maximum"},
}

// BenchmarkCloudWatchRefresh refreshes a dashboard of two overlapping panels over 1,000
// functions: panel A shows metrics 1–5, panel B metrics 4–8, every function, 24 h at a 5-minute
// period. Together they need 8 × 1,000 = 8,000 unique series of 288 points. The fake answers
// every call after 100 ms, in one region (AnyRegion) so the theoretical minimum is one group's:
// max(ceil(8000/500), ceil(8000·288/100800)) = 23 calls. The panels reach the data source in one
// request, in two concurrent ones (as Grafana sends them), or in two 50 ms apart (B after A's
// calls are planned: B waits for the series they share and plans the rest on its own).
func BenchmarkCloudWatchRefresh(b *testing.B) {
	scenarios := []struct {
		name     string
		together bool
		apart    time.Duration
	}{
		{"OneRequest", true, 0},
		{"TwoRequests", false, 0},
		{"TwoRequests50msApart", false, 50 * time.Millisecond},
	}
	for _, s := range scenarios {
		b.Run(s.name, func(b *testing.B) { benchmarkRefresh(b, s.together, s.apart) })
	}
}

func benchmarkRefresh(b *testing.B, together bool, apart time.Duration) {
	// grafana-aws-sdk logs at debug level on stdout, which would split the benchmark's lines.
	oldDefault, oldBackend := log.DefaultLogger, backend.Logger
	log.DefaultLogger, backend.Logger = log.NewNullLogger(), log.NewNullLogger()
	b.Cleanup(func() { log.DefaultLogger, backend.Logger = oldDefault, oldBackend })
	estate := demo.New(demo.Options{Functions: 1000})
	d, fake := newAWSDatasource(b, awsTestOptions{
		fake:    cwfake.Options{Estate: estate, AnyRegion: true, Latency: 100 * time.Millisecond},
		regions: []string{"us-east-1"},
	})
	panel := func(day time.Time, metrics []int) []backend.DataQuery {
		var qs []backend.DataQuery
		for _, i := range metrics {
			m := benchMetrics[i]
			qs = append(qs, backend.DataQuery{RefID: fmt.Sprintf("m%d", i), QueryType: "metrics", MaxDataPoints: 1000,
				TimeRange: backend.TimeRange{From: day, To: day.Add(24 * time.Hour)},
				JSON:      fmt.Appendf(nil, `{"resourceKind":"lambda","metric":%q,"statistic":%q,"period":300}`, m.metric, m.statistic)})
		}
		return qs
	}
	refresh := func(day time.Time) {
		a, bPanel := panel(day, []int{0, 1, 2, 3, 4}), panel(day, []int{3, 4, 5, 6, 7})
		requests := [][]backend.DataQuery{a, bPanel}
		if together {
			requests = [][]backend.DataQuery{append(a, bPanel...)}
		}
		var wg sync.WaitGroup
		for i, qs := range requests {
			if i > 0 {
				time.Sleep(apart)
			}
			wg.Go(func() {
				res, _ := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: qs})
				for refID, r := range res.Responses {
					if r.Error != nil || len(r.Frames) != 1000 {
						b.Errorf("%s: %v, %d frames", refID, r.Error, len(r.Frames))
					}
				}
			})
		}
		wg.Wait()
	}
	// Discovery (ListMetrics, cached for minutes) is not what the benchmark measures: warm it.
	refresh(dayStart.Add(-24 * time.Hour))
	fake.ResetStats()
	b.ResetTimer()
	start := time.Now()
	for i := 0; b.Loop(); i++ {
		// A new day each time, so the cache of the previous refresh does not answer.
		refresh(dayStart.Add(time.Duration(-i-2) * 24 * time.Hour))
	}
	elapsed := time.Since(start)
	b.StopTimer()
	s := fake.Stats()
	n := float64(b.N)
	window := cloudwatch.Align(dayStart, dayStart.Add(24*time.Hour), 5*time.Minute)
	b.ReportMetric(float64(s.MetricsRequested)/n, "metrics/op")
	b.ReportMetric(float64(s.GetMetricDataCalls)/n, "calls/op")
	b.ReportMetric(float64(cwfake.MinimumCalls(8000, window.Points(5*time.Minute))), "min-calls")
	b.ReportMetric(float64(s.MaxQueriesInCall), "max-queries/call")
	b.ReportMetric(float64(s.MaxDatapointsInCall), "max-datapoints/call")
	b.ReportMetric(float64(s.Throttled)/n, "throttles/op")
	b.ReportMetric(float64(elapsed.Milliseconds())/n, "wall-ms/op")
	b.ReportMetric(float64(s.MetricsRequested)/n*cloudwatch.CostPerMetricUSD, "usd/op")
}
