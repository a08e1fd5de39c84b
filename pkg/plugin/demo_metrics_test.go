package plugin

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// queryRange answers one query of the demo estate over [from, to).
func queryRange(t *testing.T, d *Datasource, from, to time.Time, model string) backend.DataResponse {
	t.Helper()
	res, err := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{
		RefID: "A", MaxDataPoints: 1000, TimeRange: backend.TimeRange{From: from, To: to}, JSON: []byte(model)}}})
	if err != nil || res.Responses["A"].Error != nil {
		t.Fatalf("%s: %v %v", model, err, res.Responses["A"].Error)
	}
	return res.Responses["A"]
}

// oneValue is the only value of a metrics answer with one frame of one period.
func oneValue(t *testing.T, r backend.DataResponse) float64 {
	t.Helper()
	if len(r.Frames) != 1 || r.Frames[0].Fields[1].Len() != 1 {
		t.Fatalf("want one frame of one value, got %d frames", len(r.Frames))
	}
	return r.Frames[0].Fields[1].At(0).(float64)
}

// The Function page's concurrency chart: a function taking thousands of calls in 20 quiet night
// minutes has at least one environment at its peak, and as many on average as Little's law says
// (calls per second × their mean duration in seconds).
func TestDemoConcurrencyFollowsLittlesLaw(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	from := dayStart.Add(3 * time.Hour)
	to := from.Add(20 * time.Minute)
	stat := func(metric, statistic string) float64 {
		return oneValue(t, queryRange(t, d, from, to, fmt.Sprintf(
			`{"queryType":"metrics","resourceKind":"lambda","names":["payments-initializer"],"metric":%q,"statistic":%q,"period":1200}`, metric, statistic)))
	}
	calls, meanMs := stat("Invocations", "Sum"), stat("Duration", "Average")
	average, peak := stat("ConcurrentExecutions", "Average"), stat("ConcurrentExecutions", "Maximum")
	if calls < 1000 {
		t.Fatalf("only %v calls", calls)
	}
	if little := calls / 1200 * meanMs / 1000; math.Abs(average-little) > 1e-6*little {
		t.Errorf("average concurrency %v, calls per second × mean seconds %v", average, little)
	}
	if peak < 1 || peak < average || peak != math.Floor(peak) {
		t.Errorf("%v calls in 20 minutes, peak concurrency %v, average %v", calls, peak, average)
	}
}
