package query

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/query/querytest"
)

var (
	rangeStart = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	oneDay     = backend.TimeRange{From: rangeStart, To: rangeStart.Add(24 * time.Hour)}
)

func TestSharedExamples(t *testing.T) {
	valid, invalid := querytest.Examples(t)
	for _, ex := range valid {
		t.Run(ex.Name, func(t *testing.T) {
			if _, err := Parse(backend.DataQuery{RefID: "A", TimeRange: oneDay, JSON: ex.Query}); err != nil {
				t.Fatalf("rejected: %v", err)
			}
		})
	}
	for _, ex := range invalid {
		t.Run(ex.Name, func(t *testing.T) {
			_, err := Parse(backend.DataQuery{RefID: "A", TimeRange: oneDay, JSON: ex.Query})
			if err == nil || !strings.Contains(err.Error(), ex.Error) {
				t.Fatalf("error = %v, want it to contain %q", err, ex.Error)
			}
		})
	}
}

func TestParseReadsKindAndFields(t *testing.T) {
	q, err := Parse(backend.DataQuery{RefID: "A", QueryType: "logs", TimeRange: oneDay,
		JSON: []byte(`{"queryType":"metrics","names":["a"],"search":"/timed? out/","preset":"errors"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if q.Kind != KindLogs {
		t.Errorf("kind %s: the request's queryType wins over the JSON's", q.Kind)
	}
	if q.Limit != DefaultLogLimit || q.Preset != PresetErrors || q.Names[0] != "a" {
		t.Errorf("parsed %+v", q.Model)
	}
	if !q.SearchMatch("Task timed out after 30.00 seconds") || q.SearchMatch("all good") {
		t.Error("the /regex/ search does not match as a regular expression")
	}
	q, err = Parse(backend.DataQuery{TimeRange: oneDay, JSON: []byte(`{"queryType":"logs","search":"Init Duration"}`)})
	if err != nil || !q.SearchMatch("REPORT ... Init Duration: 200 ms") || q.SearchMatch("init duration") {
		t.Errorf("plain search: %v", err)
	}
}

func TestParseReadsTheAllWildcardAsNoFilter(t *testing.T) {
	for _, tc := range []struct{ region, runtime, wantRegion, wantRuntime string }{
		{"*", "*", "", ""},
		{"us-east-1", "*", "us-east-1", ""},
		{"*", "python3.12", "", "python3.12"},
		{"", "", "", ""},
	} {
		body := fmt.Sprintf(`{"queryType":"inventory","region":%q,"runtime":%q}`, tc.region, tc.runtime)
		q, err := Parse(backend.DataQuery{RefID: "A", TimeRange: oneDay, JSON: []byte(body)})
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if q.Region != tc.wantRegion || q.Runtime != tc.wantRuntime {
			t.Errorf("%s: region %q runtime %q, want %q and %q", body, q.Region, q.Runtime, tc.wantRegion, tc.wantRuntime)
		}
	}
}

func TestParseRejectsBadRangesAndJSON(t *testing.T) {
	reversed := backend.TimeRange{From: oneDay.To, To: oneDay.From}
	tooLong := backend.TimeRange{From: rangeStart.Add(-500 * 24 * time.Hour), To: rangeStart}
	month := backend.TimeRange{From: rangeStart.Add(-40 * 24 * time.Hour), To: rangeStart}
	tests := []struct {
		name    string
		dq      backend.DataQuery
		wantErr string
	}{
		{"broken JSON", backend.DataQuery{TimeRange: oneDay, JSON: []byte(`{"metric":`)}, "query is not valid JSON"},
		{"JSON of the wrong shape", backend.DataQuery{TimeRange: oneDay, JSON: []byte(`{"names":"not-a-list"}`)}, "query is not valid JSON"},
		{"from after to", backend.DataQuery{TimeRange: reversed}, "time range is empty or reversed"},
		{"missing range", backend.DataQuery{}, "time range is missing"},
		{"range beyond retention", backend.DataQuery{TimeRange: tooLong}, "longer than the 455 days"},
		{"inventory of 40 days", backend.DataQuery{QueryType: "inventory", TimeRange: month}, "longer than the 31 days"},
		{"logs of 40 days", backend.DataQuery{QueryType: "logs", TimeRange: month}, "longer than the 7 days"},
		{"bad search regex", backend.DataQuery{QueryType: "logs", TimeRange: oneDay, JSON: []byte(`{"search":"/(/"}`)}, "search /(/ is not a valid regular expression"},
		{"no metric", backend.DataQuery{TimeRange: oneDay, JSON: []byte(`{"resourceKind":"lambda","statistic":"Sum"}`)}, "metric is required"},
		{"no resource kind", backend.DataQuery{TimeRange: oneDay, JSON: []byte(`{"metric":"Errors","statistic":"Sum"}`)}, "resourceKind is required"},
		{"unknown resource kind", backend.DataQuery{TimeRange: oneDay, JSON: []byte(`{"resourceKind":"ec2","metric":"CPUUtilization","statistic":"Sum"}`)}, `resourceKind "ec2" is not known`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.dq)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestEffectivePeriod(t *testing.T) {
	now := rangeStart.Add(24 * time.Hour)
	tests := []struct {
		name string
		q    Query
		want time.Duration
	}{
		{"explicit period wins", Query{From: oneDay.From, To: oneDay.To, Model: Model{PeriodSeconds: 120}}, 2 * time.Minute},
		{"one hour at 1000 points is one minute", Query{From: now.Add(-time.Hour), To: now, MaxDataPoints: 1000}, time.Minute},
		{"one day at 1000 points rounds 86s up to 5 minutes", Query{From: oneDay.From, To: oneDay.To, MaxDataPoints: 1000}, 5 * time.Minute},
		{"panel interval is a floor", Query{From: now.Add(-time.Hour), To: now, MaxDataPoints: 1000, Interval: 10 * time.Minute}, 15 * time.Minute},
		{"no max points (alerting) uses 1440", Query{From: oneDay.From, To: oneDay.To}, time.Minute},
		{"data older than 15 days needs 5 minutes", Query{From: now.Add(-20 * 24 * time.Hour), To: now.Add(-19 * 24 * time.Hour), MaxDataPoints: 5000}, 5 * time.Minute},
		{"data older than 63 days needs an hour", Query{From: now.Add(-70 * 24 * time.Hour), To: now.Add(-69 * 24 * time.Hour), MaxDataPoints: 5000}, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.q.EffectivePeriod(now); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
}
