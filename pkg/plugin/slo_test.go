package plugin

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/slo"
)

// aDayLater is the clock of the SLO tests: the demo day's data still has its minutes.
var aDayLater = dayStart.Add(24 * time.Hour)

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
	pinNow(t, aDayLater)
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

// The page tier of a 28-day SLO fires at 13.44x over an hour. The connection exhaustion (every twelve
// hours from 02:40 for 20 minutes) must cross it within ten minutes of starting and fall back under
// it within an hour of ending; a quiet hour must stay well under.
func TestBurnRateFollowsTheConnectionExhaustion(t *testing.T) {
	pinNow(t, aDayLater)
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
	pinNow(t, aDayLater)
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

func TestSummaryListsEverySLOWhereItStands(t *testing.T) {
	pinNow(t, aDayLater)
	d := newTestDatasource(t, `{}`)
	at := dayStart.Add(2*time.Hour + 55*time.Minute)
	summary := sloQuery(t, d, at.Add(-time.Hour), at, `{"output":"summary"}`)[0]
	names, _ := summary.FieldByName("slo")
	if names.Len() != len(demoSLOs) {
		t.Fatalf("%d rows for %d SLOs", names.Len(), len(demoSLOs))
	}
	for i := range names.Len() {
		name := names.At(i).(string)
		tte := sloQuery(t, d, at.Add(-time.Hour), at, `{"slo":"`+name+`","output":"timeToExhaustion"}`)[0]
		for _, field := range []string{"budgetRemaining", "burnRate1h"} {
			want, _ := tte.FieldByName(field)
			got, _ := summary.FieldByName(field)
			if got.At(i) != want.At(0) {
				t.Errorf("%s %s: summary %v, time-to-exhaustion query %v", name, field, got.At(i), want.At(0))
			}
		}
	}
	burn, _ := summary.FieldByName("burnRate1h")
	if b := burn.At(slices.Index(demoSLONames(), "booking-availability")).(float64); b < 13.44 {
		t.Errorf("booking-availability burns %.1fx during the database incident, want over the page threshold", b)
	}
}

func demoSLONames() []string {
	names := make([]string, len(demoSLOs))
	for i, s := range demoSLOs {
		names[i] = s.Name
	}
	return names
}

func TestBreakdownPutsTheWorstResourceFirst(t *testing.T) {
	pinNow(t, aDayLater)
	d := newTestDatasource(t, `{}`)
	// The slow payment path (21:50 daily) hurts payment-finalizer, not payments-initializer.
	from := dayStart.Add(21*time.Hour + 50*time.Minute)
	frame := sloQuery(t, d, from, from.Add(40*time.Minute), `{"slo":"checkout-availability","output":"breakdown"}`)[0]
	slice, _ := frame.FieldByName("slice")
	sli, _ := frame.FieldByName("sli")
	share, _ := frame.FieldByName("badShare")
	if slice.Len() != 2 || sli.At(0).(float64) > sli.At(1).(float64) {
		t.Fatalf("slices %v with SLIs %v, %v: want two, worst first", slice.At(0), sli.At(0), sli.At(1))
	}
	if total := share.At(0).(float64) + share.At(1).(float64); total != 0 && math.Abs(total-1) > 1e-9 {
		t.Errorf("shares of bad events add to %v", total)
	}
}

func TestAlertWindowsShowEachTierAgainstItsThreshold(t *testing.T) {
	pinNow(t, aDayLater)
	d := newTestDatasource(t, `{}`)
	burningAt := func(at time.Time) []bool {
		frame := sloQuery(t, d, at.Add(-time.Hour), at, `{"slo":"booking-availability","output":"alertWindows"}`)[0]
		thresholds, _ := frame.FieldByName("threshold")
		if got := []float64{thresholds.At(0).(float64), thresholds.At(1).(float64), thresholds.At(2).(float64)}; !slices.Equal(got, []float64{13.44, 5.6, 2.8}) {
			t.Errorf("28-day thresholds %v", got)
		}
		burning, _ := frame.FieldByName("burning")
		out := make([]bool, burning.Len())
		for i := range out {
			out[i] = burning.At(i).(bool)
		}
		return out
	}
	if got := burningAt(dayStart.Add(2*time.Hour + 55*time.Minute)); !got[0] {
		t.Errorf("during the database incident the 1h page tier must burn, got %v", got)
	}
	if got := burningAt(dayStart.Add(13 * time.Hour)); got[0] || got[1] {
		t.Errorf("at a quiet hour no page tier may burn, got %v", got)
	}
}

// Planned maintenance removed from good and total: an exclusion over the incident hides it.
func TestExclusionsRemoveTheirMinutesFromTheSLI(t *testing.T) {
	pinNow(t, aDayLater)
	spec := `{"name":"booking","service":"booking","sli":{"template":"apiAvailability","resources":["booking-http-api"]},"objective":99.5,"window":{"rolling":"28d"}%s}`
	plain := newTestDatasource(t, `{"slos":[`+fmt.Sprintf(spec, "")+`]}`)
	excluded := newTestDatasource(t, `{"slos":[`+fmt.Sprintf(spec, `,"exclusions":[{"start":"2026-11-18T02:30:00Z","end":"2026-11-18T03:30:00Z","reason":"database failover drill"}]`)+`]}`)
	from, to := dayStart.Add(2*time.Hour), dayStart.Add(4*time.Hour)
	sliOf := func(d *Datasource) float64 {
		row := sloQuery(t, d, from, to, `{"slo":"booking","output":"breakdown"}`)[0]
		sli, _ := row.FieldByName("sli")
		return sli.At(0).(float64)
	}
	withIncident, withoutIncident := sliOf(plain), sliOf(excluded)
	if withIncident > 0.99 || withoutIncident < 0.995 {
		t.Errorf("SLI %.4f with the incident, %.4f with it excluded", withIncident, withoutIncident)
	}
	events := func(d *Datasource) float64 {
		row := sloQuery(t, d, from, to, `{"slo":"booking","output":"breakdown"}`)[0]
		n, _ := row.FieldByName("events")
		return n.At(0).(float64)
	}
	if events(excluded) >= events(plain) {
		t.Errorf("excluded minutes still count: %v events against %v", events(excluded), events(plain))
	}
}

// With timeslices, each minute is one event: good when that minute's SLI meets the objective.
func TestTimeslicesCountMinutes(t *testing.T) {
	pinNow(t, aDayLater)
	d := newTestDatasource(t, `{"slos":[{"name":"booking","service":"booking","sli":{"template":"apiAvailability","resources":["booking-http-api"]},"objective":99.5,"window":{"rolling":"28d"},"budgeting":"timeslices"}]}`)
	badMinutes := func(from time.Time) float64 {
		row := sloQuery(t, d, from, from.Add(2*time.Hour), `{"slo":"booking","output":"breakdown"}`)[0]
		events, _ := row.FieldByName("events")
		sli, _ := row.FieldByName("sli")
		if events.At(0).(float64) != 120 {
			t.Errorf("%v events over two hours, want 120 minutes", events.At(0))
		}
		return math.Round((1 - sli.At(0).(float64)) * 120)
	}
	// Every minute of the 20-minute database incident is bad; a quiet stretch has fewer bad minutes.
	incident, quiet := badMinutes(dayStart.Add(2*time.Hour)), badMinutes(dayStart.Add(12*time.Hour))
	if incident < 20 || quiet >= incident-15 {
		t.Errorf("%v bad minutes around the incident, %v at a quiet time", incident, quiet)
	}
	t.Logf("%v bad minutes around the incident, %v at a quiet time", incident, quiet)
}

// Three weeks back CloudWatch keeps 5-minute data: a timeslice is then 5 minutes, good or bad as a
// whole, and still counts its minutes.
func TestTimeslicesOnFiveMinuteData(t *testing.T) {
	pinNow(t, aDayLater.Add(21*24*time.Hour))
	d := newTestDatasource(t, `{"slos":[{"name":"booking","service":"booking","sli":{"template":"apiAvailability","resources":["booking-http-api"]},"objective":99.5,"window":{"rolling":"28d"},"budgeting":"timeslices"}]}`)
	row := sloQuery(t, d, dayStart.Add(2*time.Hour), dayStart.Add(4*time.Hour), `{"slo":"booking","output":"breakdown"}`)[0]
	events, _ := row.FieldByName("events")
	sli, _ := row.FieldByName("sli")
	bad := math.Round((1 - sli.At(0).(float64)) * 120)
	if events.At(0).(float64) != 120 || bad < 20 || math.Mod(bad, 5) != 0 {
		t.Errorf("%v events with %v bad minutes; want 120 minutes, the incident's 20 or more bad in whole 5-minute slices", events.At(0), bad)
	}
}
