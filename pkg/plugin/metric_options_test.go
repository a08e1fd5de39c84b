package plugin

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/frames"
)

// pinNow sets the clock that periods are chosen against, so that what CloudWatch still keeps is
// judged as of at rather than of the day the tests run.
func pinNow(t *testing.T, at time.Time) {
	t.Helper()
	saved := now
	now = func() time.Time { return at }
	t.Cleanup(func() { now = saved })
}

func TestBaselineIsTheDeviationFromTheSameHoursLastWeek(t *testing.T) {
	pinNow(t, dayStart.Add(48*time.Hour))
	d := newTestDatasource(t, `{}`)
	const model = `{"resourceKind":"lambda","names":["payments-initializer"],"metric":"Invocations","statistic":"Sum","period":300%s}`
	week := 7 * 24 * time.Hour
	ask := func(from time.Time, extra string) *data.Frame {
		t.Helper()
		q := metricsQuery("A", fmt.Sprintf(model, extra))
		q.TimeRange = backend.TimeRange{From: from, To: from.Add(6 * time.Hour)}
		res, _ := d.QueryData(t.Context(), &backend.QueryDataRequest{Queries: []backend.DataQuery{q}})
		got := res.Responses["A"]
		if got.Error != nil || len(got.Frames) != 1 {
			t.Fatalf("error %v, %d frames", got.Error, len(got.Frames))
		}
		return got.Frames[0]
	}
	deviation := ask(dayStart, `,"baseline":"lastWeek"`)
	current, past := ask(dayStart, ""), ask(dayStart.Add(-week), "")

	if deviation.Rows() != current.Rows() || deviation.Rows() != 72 {
		t.Fatalf("%d deviation points, %d current points, want 72 each", deviation.Rows(), current.Rows())
	}
	value := deviation.Fields[1]
	if value.Config.Unit != "percent" || value.Labels["baseline"] != "lastWeek" ||
		value.Config.DisplayNameFromDS != "payments-initializer Invocations Sum vs last week" {
		t.Errorf("unit %q, labels %v, display name %q", value.Config.Unit, value.Labels, value.Config.DisplayNameFromDS)
	}
	for i := range deviation.Rows() {
		now, then := current.Fields[1].At(i).(float64), past.Fields[1].At(i).(float64)
		got := value.At(i).(*float64)
		if then == 0 {
			if got != nil {
				t.Errorf("point %d: %v against a zero baseline, want null", i, *got)
			}
			continue
		}
		if want := (now - then) / then * 100; got == nil || math.Abs(*got-want) > 1e-9 {
			t.Fatalf("point %d: got %v, want %.3f%% (now %v, last week %v)", i, got, want, now, then)
		}
	}
}

func TestUpstreamOfSelectsTheResourcesInFrontOfAFunction(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	names := func(model string) []string {
		res := queryDay(d, backend.DataQuery{RefID: "A", QueryType: "metrics", JSON: []byte(model)}).Responses["A"]
		if res.Error != nil {
			t.Fatalf("%s: %v", model, res.Error)
		}
		var got []string
		for _, f := range res.Frames {
			got = append(got, f.Fields[1].Labels["ApiId"]+f.Fields[1].Labels["ApiName"])
		}
		return got
	}
	if got := names(`{"resourceKind":"apigatewayv2","upstreamOf":"booking-api-handler","metric":"Count","statistic":"Sum"}`); len(got) != 1 || got[0] != "booking-http-api" {
		t.Errorf("HTTP APIs in front of booking-api-handler: %v", got)
	}
	if got := names(`{"resourceKind":"apigateway","upstreamOf":"booking-api-handler","metric":"Count","statistic":"Sum"}`); len(got) != 0 {
		t.Errorf("no REST API fronts booking-api-handler, got %v", got)
	}
}

func TestColdStartAnnotationsComeFromReportLines(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	annotations := queryDay(d, backend.DataQuery{RefID: "A", QueryType: "annotations",
		JSON: []byte(`{"names":["booking-api-handler"],"preset":"coldStarts"}`)}).Responses["A"]
	logs := queryDay(d, backend.DataQuery{RefID: "B", QueryType: "logs",
		JSON: []byte(`{"names":["booking-api-handler"],"preset":"coldStarts","limit":10000}`)}).Responses["B"]
	if annotations.Error != nil || logs.Error != nil {
		t.Fatalf("errors %v, %v", annotations.Error, logs.Error)
	}
	marks, lines := annotations.Frames[0], logs.Frames[0]
	if want := min(lines.Rows(), frames.MaxColdStartMarks); marks.Rows() != want || want == 0 {
		t.Fatalf("%d cold-start marks for %d cold-start REPORT lines", marks.Rows(), lines.Rows())
	}
	if got := marks.Fields[1].At(0).(string); got != "booking-api-handler: cold start" {
		t.Errorf("title %q", got)
	}
}

func TestLabelNamesEverySeriesOfAQuery(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	res := queryDay(d, backend.DataQuery{RefID: "A", QueryType: "metrics",
		JSON: []byte(`{"resourceKind":"lambda","names":["payments-initializer"],"metric":"Invocations","statistic":"Sum","label":"Invocations","baseline":"lastWeek"}`)}).Responses["A"]
	if res.Error != nil || len(res.Frames) != 1 {
		t.Fatalf("error %v, %d frames", res.Error, len(res.Frames))
	}
	if got := res.Frames[0].Fields[1].Config.DisplayNameFromDS; got != "Invocations" {
		t.Errorf("display name %q, want the label", got)
	}
}

func TestDurationAsShareOfTheTimeoutReachesAllDuringTheDatabaseIncident(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	incident := dayStart.Add(2*time.Hour + 40*time.Minute)
	share := func(from time.Time) float64 {
		t.Helper()
		q := backend.DataQuery{RefID: "A", QueryType: "metrics", MaxDataPoints: 100,
			TimeRange: backend.TimeRange{From: from, To: from.Add(10 * time.Minute)},
			JSON:      []byte(`{"resourceKind":"lambda","names":["booking-api-handler"],"metric":"Duration","statistic":"Maximum","period":600,"ofTimeout":true}`)}
		res, _ := d.QueryData(t.Context(), &backend.QueryDataRequest{Queries: []backend.DataQuery{q}})
		got := res.Responses["A"]
		if got.Error != nil {
			t.Fatal(got.Error)
		}
		value := got.Frames[0].Fields[1]
		if value.Config.Unit != "percent" {
			t.Errorf("unit %q", value.Config.Unit)
		}
		return *value.At(0).(*float64)
	}
	if got := share(incident.Add(5 * time.Minute)); got != 100 {
		t.Errorf("during the incident calls time out: longest call %.1f%% of the timeout, want 100%%", got)
	}
	if got := share(dayStart.Add(13 * time.Hour)); got >= 90 || got <= 0 {
		t.Errorf("at a quiet hour the longest call is %.1f%% of the timeout, want well below 90%%", got)
	}
}
