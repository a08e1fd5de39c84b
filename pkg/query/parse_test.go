package query

import (
	"encoding/json"
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

// TestParseRefusesPeriodsOutOfRangeWithoutOverflow: periods are compared in seconds, so one whose
// nanoseconds would overflow int64 is refused, not run as another period (issue #14, case 7).
func TestParseRefusesPeriodsOutOfRangeWithoutOverflow(t *testing.T) {
	const metrics = `"resourceKind":"lambda","metric":"Errors","statistic":"Sum"`
	const want = "period must be 0 (auto) or a multiple of 60 seconds up to 604800, got "
	for _, tc := range []struct{ body, got string }{
		{`{` + metrics + `,"period":540431955284459580}`, "540431955284459580"},
		{`{` + metrics + `,"period":9223372080}`, "9223372080"},
		{`{` + metrics + `,"period":9223372036854775800}`, "9223372036854775800"},
		{`{` + metrics + `,"period":99999999999999999999}`, "99999999999999999999"},
		{`{` + metrics + `,"period":1e30}`, "1e30"},
		{`{` + metrics + `,"period":60.5}`, "60.5"},
		{`{` + metrics + `,"period":-60}`, "-60"},
		{`{` + metrics + `,"period":"60"}`, "string"},
		{`{"queryType":"slo","slo":"x","period":9223372080}`, "9223372080"},
		{`{"queryType":"topology","period":540431955284459580}`, "540431955284459580"},
	} {
		q, err := Parse(backend.DataQuery{RefID: "A", TimeRange: oneDay, JSON: []byte(tc.body)})
		if err == nil || err.Error() != want+tc.got {
			t.Errorf("%s: error %v (effective period %s), want %q", tc.body, err, q.EffectivePeriod(oneDay.To), want+tc.got)
		}
	}
	q, err := Parse(backend.DataQuery{RefID: "A", TimeRange: oneDay, JSON: []byte(`{` + metrics + `,"period":604800}`)})
	if err != nil || q.EffectivePeriod(oneDay.To) != MaxPeriod {
		t.Fatalf("the longest period: %v, %s", err, q.EffectivePeriod(oneDay.To))
	}
}

// TestParseRefusesOverLongFieldsByName: every string field has a limit, the error names the field
// and the limit, and no error message quotes more than the start of what was sent (issue #14,
// case 6).
func TestParseRefusesOverLongFieldsByName(t *testing.T) {
	huge := strings.Repeat("é", 1<<20)
	names := make([]string, MaxNames+1)
	for i := range names {
		names[i] = fmt.Sprintf("f%d", i)
	}
	tests := []struct {
		field string
		model map[string]any
		want  string
	}{
		{"names", map[string]any{"queryType": "inventory", "names": names}, "names lists 1001 names; the limit is 1000"},
		{"names[2]", map[string]any{"queryType": "inventory", "names": []string{"a", "b", strings.Repeat("n", MaxNameLength+1)}}, "names[2] is longer than 256 characters"},
		{"label", map[string]any{"label": huge}, "label is longer than 256 characters"},
		{"search", map[string]any{"queryType": "logs", "search": huge}, "search is longer than 1024 characters"},
		{"insights", map[string]any{"queryType": "logs", "insights": huge}, "insights is longer than 4096 characters"},
		{"pattern", map[string]any{"pattern": huge}, "pattern is longer than 4096 characters"},
		{"slo", map[string]any{"queryType": "slo", "slo": huge}, "slo is longer than 256 characters"},
		{"upstreamOf", map[string]any{"upstreamOf": huge}, "upstreamOf is longer than 256 characters"},
		{"statistic", map[string]any{"statistic": huge}, "statistic is longer than 64 characters"},
		{"metric", map[string]any{"metric": huge}, "metric is longer than 64 characters"},
		{"resourceKind", map[string]any{"resourceKind": huge}, "resourceKind is longer than 64 characters"},
		{"region", map[string]any{"region": huge}, "region is longer than 64 characters"},
		{"runtime", map[string]any{"runtime": huge}, "runtime is longer than 64 characters"},
		{"queryType", map[string]any{"queryType": huge}, "queryType is longer than 64 characters"},
		{"preset", map[string]any{"queryType": "logs", "preset": huge}, "preset is longer than 64 characters"},
		{"variable", map[string]any{"queryType": "variable", "variable": huge}, "variable is longer than 64 characters"},
		{"baseline", map[string]any{"baseline": huge}, "baseline is longer than 64 characters"},
		{"output", map[string]any{"queryType": "slo", "output": huge}, "output is longer than 64 characters"},
		{"burnWindow", map[string]any{"queryType": "slo", "burnWindow": huge}, "burnWindow is longer than 64 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			b, _ := json.Marshal(tt.model)
			_, err := Parse(backend.DataQuery{RefID: "A", TimeRange: oneDay, JSON: b})
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("error %.300v, want it to start %q", err, tt.want)
			}
			if len(err.Error()) > 200 {
				t.Fatalf("a %d-byte message: %.300s…", len(err.Error()), err)
			}
		})
	}
	// At the limit is accepted.
	b, _ := json.Marshal(map[string]any{"queryType": "inventory", "label": strings.Repeat("é", MaxLabelLength),
		"names": append(names[:MaxNames:MaxNames], strings.Repeat("n", MaxNameLength))[1:]})
	if _, err := Parse(backend.DataQuery{RefID: "A", TimeRange: oneDay, JSON: b}); err != nil {
		t.Fatalf("values at their limits: %.300v", err)
	}
}

// TestErrorsQuoteOnlyTheStartOfUserText: within the limits, messages that quote what was sent
// quote at most its first 64 characters.
func TestErrorsQuoteOnlyTheStartOfUserText(t *testing.T) {
	long := strings.Repeat("x", 1000)
	for _, m := range []map[string]any{
		{"pattern": "(" + strings.Repeat("a", 3000)},
		{"queryType": "logs", "search": "/(" + strings.Repeat("a", 1000) + "/"},
		{"queryType": "logs", "insights": "filter @message like /a/ | stats " + strings.Repeat("a", 4000)},
		{"queryType": "logs", "insights": "filter @message like /(" + strings.Repeat("a", 4000) + "/"},
		{"queryType": "logs", "insights": "filter @message like /" + strings.Repeat("a", 4000)},
		{"queryType": "logs", "insights": strings.Repeat("a", 4000)},
		{"queryType": "logs", "preset": long[:64]},
		{"queryType": "annotations", "preset": long[:64]},
		{"queryType": "variable", "variable": long[:64]},
		{"queryType": "slo", "slo": long[:256], "burnWindow": long[:64]},
		{"queryType": "slo", "slo": long[:256], "output": long[:64]},
		{"queryType": long[:64]},
	} {
		b, _ := json.Marshal(m)
		_, err := Parse(backend.DataQuery{RefID: "A", TimeRange: oneDay, JSON: b})
		if err == nil {
			t.Fatalf("%.80s: accepted", b)
		}
		if strings.Contains(err.Error(), strings.Repeat("a", 65)) || strings.Contains(err.Error(), strings.Repeat("x", 65)) {
			t.Errorf("%.80s: the message quotes more than 64 characters: %.400s", b, err)
		}
	}
}
