package demo

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/seed/serverless/pkg/model"
)

func mustLogs(t *testing.T, e *Estate, q LogQuery) []model.LogLine {
	t.Helper()
	lines, err := e.Logs(q)
	if err != nil {
		t.Fatalf("Logs(%+v): %v", q, err)
	}
	return lines
}

func countLines(lines []model.LogLine, keep func(model.LogLine) bool) float64 {
	n := 0.0
	for _, l := range lines {
		if keep(l) {
			n++
		}
	}
	return n
}

func isStart(l model.LogLine) bool    { return l.Type == model.LineStart }
func isAppError(l model.LogLine) bool { return l.Type == model.LineApp && l.Level == "ERROR" }
func isColdReport(l model.LogLine) bool {
	return l.Type == model.LineReport && strings.Contains(l.Message, "\tInit Duration: ")
}

// minuteByMinute reads every line of a range, a minute per query so no query reaches the limit.
func minuteByMinute(t *testing.T, e *Estate, function string, from, to time.Time) []model.LogLine {
	t.Helper()
	var lines []model.LogLine
	for m := from; m.Before(to); m = m.Add(time.Minute) {
		page := mustLogs(t, e, LogQuery{Functions: []string{function}, From: m, To: m.Add(time.Minute), Limit: model.MaxLogLines})
		if len(page) == model.MaxLogLines {
			t.Fatalf("%s at %s has more lines than one query returns", function, m)
		}
		lines = append(lines, page...)
	}
	return lines
}

// Logs and metrics describe the same calls: over a window, counted both ways, they agree exactly.
func TestLogsAgreeWithMetrics(t *testing.T) {
	e := New(Options{})
	tests := []struct {
		function     string
		from, length time.Duration
	}{
		{"order-dlq-redriver", 0, 24 * time.Hour},
		{"inventory-sync", 0, 24 * time.Hour},
		{"booking-api-handler", 14 * time.Hour, time.Hour},
		{"OrderProcessorFunction", 9 * time.Hour, 15 * time.Minute},
		{"NotificationServiceFunction", 11 * time.Hour, 10 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.function, func(t *testing.T) {
			from, to := day.Add(tt.from), day.Add(tt.from+tt.length)
			metric := func(name string) float64 {
				return one(t, e, lambdaQuery(tt.function, name, "Sum", from, tt.length, tt.length))
			}
			lines := minuteByMinute(t, e, tt.function, from, to)
			invocations, errs := metric("Invocations"), metric("Errors")
			cold, err := e.ColdStarts(tt.function, from, to)
			if err != nil {
				t.Fatal(err)
			}
			if got := countLines(lines, isStart); got != invocations || got == 0 {
				t.Errorf("%v START lines, Invocations %v", got, invocations)
			}
			if got := countLines(lines, isAppError); got != errs || got == 0 {
				t.Errorf("%v ERROR lines, Errors %v", got, errs)
			}
			if got := countLines(lines, isColdReport); got != cold || got == 0 {
				t.Errorf("%v REPORT lines with Init Duration, %v cold starts", got, cold)
			}
			if got := countLines(lines, func(l model.LogLine) bool { return l.Type == model.LineReport }); got != invocations {
				t.Errorf("%v REPORT lines for %v invocations", got, invocations)
			}
			peak := 0
			for _, l := range lines {
				if l.Type == model.LineReport {
					peak = max(peak, l.Report.MaxMemoryUsedMB)
				}
			}
			memory := one(t, e, model.SeriesQuery{Kind: model.KindLambda, Name: tt.function, Metric: "used_memory_max", Statistic: "Maximum",
				From: from, To: to, Period: tt.length})
			if memory != float64(peak) || peak == 0 {
				t.Errorf("Lambda Insights used_memory_max %v, highest Max Memory Used in REPORT lines %d", memory, peak)
			}
		})
	}
}

// The presets count the same things as the full logs.
func TestLogFiltersKeepTheirLines(t *testing.T) {
	e := New(Options{})
	q := LogQuery{Functions: []string{"booking-api-handler"}, From: at(14, 40), To: at(14, 43), Limit: model.MaxLogLines}
	all := mustLogs(t, e, q)
	tests := []struct {
		filter model.LogFilter
		keep   func(model.LogLine) bool
	}{
		{model.LogsErrors, func(l model.LogLine) bool { return l.Level == "ERROR" }},
		{model.LogsTimeouts, func(l model.LogLine) bool { return l.Type == model.LineTimeout }},
		{model.LogsColdStarts, isColdReport},
	}
	for _, tt := range tests {
		t.Run(string(tt.filter), func(t *testing.T) {
			q := q
			q.Filter = tt.filter
			filtered := mustLogs(t, e, q)
			if want := countLines(all, tt.keep); float64(len(filtered)) != want || want == 0 {
				t.Errorf("%d lines, want %v", len(filtered), want)
			}
		})
	}
	q.Match = func(message string) bool { return strings.Contains(message, connectTimeoutMessage) }
	if got := mustLogs(t, e, q); len(got) == 0 || !strings.Contains(got[0].Message, connectTimeoutMessage) {
		t.Errorf("a search kept %d lines", len(got))
	}
}

func TestLogLinesLookLikeLambda(t *testing.T) {
	e := New(Options{})
	lines := mustLogs(t, e, LogQuery{Functions: []string{"payments-initializer"}, From: at(14, 0), To: at(14, 1), Limit: 400})
	patterns := map[model.LineType]*regexp.Regexp{
		model.LineStart:  regexp.MustCompile(`^START RequestId: [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12} Version: \$LATEST$`),
		model.LineEnd:    regexp.MustCompile(`^END RequestId: [0-9a-f-]{36}$`),
		model.LineReport: regexp.MustCompile(`^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 512 MB\tMax Memory Used: \d+ MB(\tInit Duration: \d+\.\d\d ms)?$`),
		model.LineApp:    regexp.MustCompile(`^\{"level":"(INFO|ERROR)","timestamp":"[^"]+","requestId":"[0-9a-f-]{36}","traceId":"1-[0-9a-f]{8}-[0-9a-f]{24}","message":"[^"]+","function":"payments-initializer","route":"POST /payments"\}$`),
	}
	if len(lines) != 400 {
		t.Fatalf("got %d lines, want the limit of 400", len(lines))
	}
	for _, l := range lines {
		if p := patterns[l.Type]; p == nil || !p.MatchString(l.Message) {
			t.Fatalf("%s line does not look like Lambda's: %q", l.Type, l.Message)
		}
		if l.LogGroup != "/aws/lambda/payments-initializer" || l.Region != "us-east-1" || !strings.Contains(l.LogStream, "[$LATEST]") {
			t.Fatalf("log group %q, region %q, stream %q", l.LogGroup, l.Region, l.LogStream)
		}
		if !strings.Contains(l.Message, l.RequestID) {
			t.Fatalf("line does not carry its request id %s: %q", l.RequestID, l.Message)
		}
		if r := l.Report; r != nil && (r.BilledMs != float64(int(r.DurationMs)+1) && r.BilledMs != r.DurationMs) {
			t.Fatalf("billed %v ms for %v ms; Lambda rounds up to the millisecond", r.BilledMs, r.DurationMs)
		}
	}
	if !slices.IsSortedFunc(lines, func(a, b model.LogLine) int { return b.Time.Compare(a.Time) }) {
		t.Fatal("lines are not newest first")
	}
}

func TestConnectionExhaustionShowsInLogs(t *testing.T) {
	e := New(Options{})
	lines := mustLogs(t, e, LogQuery{Functions: []string{"booking-api-handler"}, From: at(2, 40), To: at(2, 50), Limit: model.MaxLogLines, Filter: model.LogsErrors})
	messages := map[string]int{}
	for _, l := range lines {
		var app struct{ Message, Route string }
		if l.Type == model.LineApp && json.Unmarshal([]byte(l.Message), &app) == nil {
			messages[app.Message]++
			if app.Route != "POST /bookings" {
				t.Fatalf("route %q", app.Route)
			}
		}
		if l.Type == model.LineTimeout && !strings.HasSuffix(l.Message, "Task timed out after 30.00 seconds") {
			t.Fatalf("timeout line %q", l.Message)
		}
	}
	if messages[connectionSlotsMessage] == 0 || messages[connectTimeoutMessage] == 0 {
		t.Fatalf("error messages %v", messages)
	}
	reports := mustLogs(t, e, LogQuery{Functions: []string{"booking-api-handler"}, From: at(2, 40), To: at(2, 50), Limit: model.MaxLogLines})
	var atTimeout, timeouts float64
	for _, l := range reports {
		if l.Report != nil && l.Report.DurationMs == 30000 {
			atTimeout++
		}
		if l.Type == model.LineTimeout {
			timeouts++
		}
	}
	if atTimeout == 0 || atTimeout != timeouts {
		t.Errorf("%v calls ended at exactly 30 s, %v timed out", atTimeout, timeouts)
	}
	quiet := mustLogs(t, e, LogQuery{Functions: []string{"booking-api-handler"}, From: at(12, 0), To: at(13, 0), Limit: model.MaxLogLines, Filter: model.LogsTimeouts})
	if len(quiet) != 0 {
		t.Errorf("%d timeouts on a quiet hour", len(quiet))
	}
}

func TestLogsAreDeterministicLimitedAndOrdered(t *testing.T) {
	e := New(Options{})
	q := LogQuery{From: at(9, 0), To: at(9, 5), Limit: 500}
	first, second := mustLogs(t, e, q), mustLogs(t, New(Options{Functions: 100}), q)
	if !slices.EqualFunc(first, second, func(a, b model.LogLine) bool { return a.Time.Equal(b.Time) && a.Message == b.Message }) {
		t.Fatal("the same logs query gave different lines")
	}
	functions := map[string]bool{}
	for _, l := range mustLogs(t, e, LogQuery{From: at(14, 0), To: at(14, 1), Limit: model.MaxLogLines}) {
		functions[l.Function] = true
	}
	if len(functions) < 5 || functions["svc-0001-handler"] {
		t.Errorf("all-function logs come from %v", functions)
	}
	oldest := mustLogs(t, e, LogQuery{From: q.From, To: q.To, Limit: 50, OldestFirst: true})
	if len(oldest) != 50 || !slices.IsSortedFunc(oldest, func(a, b model.LogLine) int { return a.Time.Compare(b.Time) }) || oldest[0].Time.Before(q.From) || oldest[0].Time.After(q.From.Add(time.Minute)) {
		t.Fatalf("oldest first starts at %s", oldest[0].Time)
	}
	partial := mustLogs(t, e, LogQuery{Functions: []string{"payments-initializer"}, From: at(14, 0).Add(20 * time.Second), To: at(14, 0).Add(40 * time.Second), Limit: model.MaxLogLines, Filter: model.LogsAll})
	for _, l := range partial {
		if l.Type == model.LineStart && (l.Time.Before(at(14, 0).Add(20*time.Second)) || !l.Time.Before(at(14, 0).Add(40*time.Second))) {
			t.Fatalf("invocation started at %s, outside the range", l.Time)
		}
	}
}

func TestLogsRejectBadQueries(t *testing.T) {
	e := New(Options{})
	tests := []struct {
		name    string
		q       LogQuery
		wantErr string
	}{
		{"empty range", LogQuery{From: day, To: day, Limit: 10}, "time range is empty or reversed"},
		{"reversed range", LogQuery{From: day, To: day.Add(-time.Hour), Limit: 10}, "time range is empty or reversed"},
		{"no limit", LogQuery{From: day, To: day.Add(time.Hour)}, "limit must be between 1 and 10000, got 0"},
		{"limit too high", LogQuery{From: day, To: day.Add(time.Hour), Limit: 10001}, "limit must be between 1 and 10000, got 10001"},
		{"unknown filter", LogQuery{From: day, To: day.Add(time.Hour), Limit: 10, Filter: "warnings"}, `log filter "warnings" is not one of errors, timeouts, coldStarts`},
		{"unknown function", LogQuery{From: day, To: day.Add(time.Hour), Limit: 10, Functions: []string{"ghost"}}, `no lambda resource named "ghost"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := e.Logs(tt.q); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %v, want %q", err, tt.wantErr)
			}
		})
	}
	if _, err := e.ColdStarts("ghost", day, day.Add(time.Hour)); err == nil || !strings.Contains(err.Error(), `no lambda resource named "ghost"`) {
		t.Errorf("ColdStarts error %v", err)
	}
}

// A scan stops, with an error that says how far it got, once its context is done.
func TestLogsContextStopsWhenCancelled(t *testing.T) {
	e := New(Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	to := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	_, err := e.LogsContext(ctx, LogQuery{From: to.Add(-7 * 24 * time.Hour), To: to, Limit: 10,
		Match: func(string) bool { return false }})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "0 of 10080 minutes of logs scanned") {
		t.Fatalf("a cancelled scan: %v", err)
	}
}
