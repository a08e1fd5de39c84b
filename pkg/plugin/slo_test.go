package plugin

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/slo"
)

func sloQuery(t *testing.T, d *Datasource, from, to time.Time, model string) data.Frames {
	t.Helper()
	res, _ := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{
		RefID: "A", QueryType: "slo", MaxDataPoints: 500, TimeRange: backend.TimeRange{From: from, To: to}, JSON: []byte(model),
	}}})
	got := res.Responses["A"]
	if got.Error != nil {
		t.Fatalf("%s: %v", model, got.Error)
	}
	return got.Frames
}

func lastValue(f *data.Frame) float64 {
	v := f.Fields[1].At(f.Fields[1].Len() - 1).(*float64)
	return *v
}

func TestEveryDemoSLOAnswersEveryOutput(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	for _, spec := range demoSLOs {
		for _, output := range []string{"sli", "burnRate", "budgetRemaining", "timeToExhaustion", "events"} {
			frames := sloQuery(t, d, dayStart.Add(10*time.Hour), dayStart.Add(16*time.Hour),
				`{"slo":"`+spec.Name+`","output":"`+output+`"}`)
			if len(frames) != 1 || frames[0].Fields[0].Len() == 0 {
				t.Errorf("%s %s: %d frames", spec.Name, output, len(frames))
			}
		}
		sli := sloQuery(t, d, dayStart.Add(10*time.Hour), dayStart.Add(16*time.Hour), `{"slo":"`+spec.Name+`"}`)[0]
		for i := range sli.Fields[1].Len() {
			if v := sli.Fields[1].At(i).(*float64); v != nil && (*v < 0 || *v > 1) {
				t.Errorf("%s: SLI %v outside [0, 1]", spec.Name, *v)
			}
		}
	}
}

// The page tier of a 28-day SLO fires at 13.44x over an hour. The connection exhaustion (every six
// hours from 02:40 for 20 minutes) must cross it within ten minutes of starting and fall back under
// it within an hour of ending; a quiet hour must stay well under.
func TestBurnRateFollowsTheConnectionExhaustion(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	pageThreshold := slo.BurnRateAlerts(28 * 24 * time.Hour)[0].Threshold
	burnAt := func(at time.Duration, window string) float64 {
		frames := sloQuery(t, d, dayStart.Add(at-time.Minute), dayStart.Add(at),
			`{"slo":"booking-availability","output":"burnRate","burnWindow":"`+window+`"}`)
		return lastValue(frames[0])
	}
	if b := burnAt(2*time.Hour+50*time.Minute, "5m"); b < pageThreshold {
		t.Errorf("5m burn rate 10 minutes into the exhaustion is %.1f, under the page threshold %.2f", b, pageThreshold)
	}
	if b := burnAt(3*time.Hour, "1h"); b < pageThreshold {
		t.Errorf("1h burn rate at the end of the exhaustion is %.1f, under the page threshold %.2f", b, pageThreshold)
	}
	if b := burnAt(4*time.Hour, "1h"); b >= pageThreshold {
		t.Errorf("1h burn rate an hour after the exhaustion is still %.1f", b)
	}
	if b := burnAt(12*time.Hour, "1h"); b >= 1 {
		t.Errorf("1h burn rate on a quiet hour is %.2f, want under 1", b)
	}
}

func TestSLOQueriesNameWhatIsWrong(t *testing.T) {
	d := newTestDatasource(t, `{"slos":[{"name":"own","service":"s","sli":{"template":"functionAvailability","resources":["ghost"]},"objective":99,"window":{"rolling":"7d"}}]}`)
	res, _ := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{
		{RefID: "demo", QueryType: "slo", TimeRange: backend.TimeRange{From: dayStart, To: dayStart.Add(time.Hour)}, JSON: []byte(`{"slo":"checkout-availability"}`)},
		{RefID: "own", QueryType: "slo", TimeRange: backend.TimeRange{From: dayStart, To: dayStart.Add(time.Hour)}, JSON: []byte(`{"slo":"own"}`)},
	}})
	if got := res.Responses["demo"].Error; got == nil || !strings.Contains(got.Error(), `slo "checkout-availability" is not defined on this data source`) {
		t.Errorf("the data source's own SLOs replace the demo ones: %v", got)
	}
	if got := res.Responses["own"].Error; got == nil || !strings.Contains(got.Error(), `slo "own": no lambda resource named "ghost"`) {
		t.Errorf("an SLO over a missing function: %v", got)
	}
}
