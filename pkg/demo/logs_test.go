package demo

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func mustLogs(t *testing.T, e *Estate, q LogQuery) []LogLine {
	t.Helper()
	lines, err := e.Logs(q)
	if err != nil {
		t.Fatalf("Logs(%+v): %v", q, err)
	}
	return lines
}

func countLines(lines []LogLine, keep func(LogLine) bool) float64 {
	n := 0.0
	for _, l := range lines {
		if keep(l) {
			n++
		}
	}
	return n
}

// Logs and metrics describe the same calls: over a whole day, counted both ways, they agree.
func TestLogsAgreeWithMetricsOverADay(t *testing.T) {
	e := New(Options{})
	from, to := day, day.Add(24*time.Hour)
	metric := func(name, m string) float64 {
		return sum(mustSeries(t, e, lambdaQuery(name, m, "Sum", from, 24*time.Hour, time.Hour)).Values)
	}
	for _, fn := range []string{"OrderProcessorFunction", "booking-api-handler", "NotificationServiceFunction"} {
		t.Run(fn, func(t *testing.T) {
			errorLines := mustLogs(t, e, LogQuery{Functions: []string{fn}, From: from, To: to, Limit: MaxLogLines, Filter: LogsErrors})
			appErrors := countLines(errorLines, func(l LogLine) bool { return l.Type == LineApp && l.Level == "ERROR" })
			if want := metric(fn, "Errors"); appErrors != want || want == 0 {
				t.Errorf("%v ERROR lines, Errors metric %v", appErrors, want)
			}
			coldLines := mustLogs(t, e, LogQuery{Functions: []string{fn}, From: from, To: to, Limit: MaxLogLines, Filter: LogsColdStarts})
			withInit := countLines(coldLines, func(l LogLine) bool { return strings.Contains(l.Message, "Init Duration:") })
			var coldStarts float64
			for _, s := range e.Summaries(from, to) {
				if s.Function.Name == fn {
					coldStarts = s.ColdStarts
				}
			}
			if withInit != coldStarts || coldStarts == 0 {
				t.Errorf("%v REPORT lines with Init Duration, %v cold starts", withInit, coldStarts)
			}
		})
	}
	all := mustLogs(t, e, LogQuery{Functions: []string{"order-dlq-redriver"}, From: from, To: to, Limit: MaxLogLines})
	starts := countLines(all, func(l LogLine) bool { return l.Type == LineStart })
	if want := metric("order-dlq-redriver", "Invocations"); starts != want {
		t.Errorf("%v START lines, Invocations %v", starts, want)
	}
}

func TestLogLinesLookLikeLambda(t *testing.T) {
	e := New(Options{})
	lines := mustLogs(t, e, LogQuery{Functions: []string{"payments-initializer"}, From: day.Add(14 * time.Hour), To: day.Add(14*time.Hour + time.Minute), Limit: 200})
	patterns := map[LineType]*regexp.Regexp{
		LineStart:  regexp.MustCompile(`^START RequestId: [0-9a-f-]{36} Version: \$LATEST$`),
		LineEnd:    regexp.MustCompile(`^END RequestId: [0-9a-f-]{36}$`),
		LineReport: regexp.MustCompile(`^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 512 MB\tMax Memory Used: \d+ MB(\tInit Duration: \d+\.\d\d ms)?$`),
		LineApp:    regexp.MustCompile(`^\{"level":"(INFO|ERROR)","timestamp":"[^"]+","requestId":"[0-9a-f-]{36}","traceId":"1-[0-9a-f]{8}-[0-9a-f]{24}"`),
	}
	if len(lines) != 200 {
		t.Fatalf("got %d lines, want the limit of 200", len(lines))
	}
	for _, l := range lines {
		if p := patterns[l.Type]; p == nil || !p.MatchString(l.Message) {
			t.Fatalf("%s line does not look like Lambda's: %q", l.Type, l.Message)
		}
		if l.LogGroup != "/aws/lambda/payments-initializer" {
			t.Fatalf("log group %q", l.LogGroup)
		}
	}
	if !slices.IsSortedFunc(lines, func(a, b LogLine) int { return b.Time.Compare(a.Time) }) {
		t.Fatal("lines are not newest first")
	}
}

func TestConnectionExhaustionShowsInLogs(t *testing.T) {
	e := New(Options{})
	lines := mustLogs(t, e, LogQuery{Functions: []string{"booking-api-handler"}, From: day.Add(3 * time.Hour), To: day.Add(3*time.Hour + 10*time.Minute), Limit: MaxLogLines, Filter: LogsErrors})
	messages := map[string]bool{}
	for _, l := range lines {
		for _, m := range []string{"remaining connection slots are reserved for non-replication superuser connections", "timeout exceeded when trying to connect", "Task timed out after 30.00 seconds"} {
			if strings.Contains(l.Message, m) {
				messages[m] = true
			}
		}
	}
	if len(messages) != 3 {
		t.Fatalf("found only %v among %d error lines", messages, len(lines))
	}
	timeouts := mustLogs(t, e, LogQuery{Functions: []string{"booking-api-handler"}, From: day.Add(3 * time.Hour), To: day.Add(3*time.Hour + 10*time.Minute), Limit: MaxLogLines, Filter: LogsTimeouts})
	if len(timeouts) == 0 {
		t.Fatal("no timeouts during the exhaustion")
	}
}

func TestLogsAreDeterministicAndValidated(t *testing.T) {
	e := New(Options{})
	q := LogQuery{From: day.Add(9 * time.Hour), To: day.Add(9*time.Hour + 5*time.Minute), Limit: 500}
	first, second := mustLogs(t, e, q), mustLogs(t, New(Options{}), q)
	if !slices.EqualFunc(first, second, func(a, b LogLine) bool { return a.Time.Equal(b.Time) && a.Message == b.Message }) {
		t.Fatal("the same logs query gave different lines")
	}
	oldest := mustLogs(t, e, LogQuery{From: q.From, To: q.To, Limit: 50, OldestFirst: true})
	if !slices.IsSortedFunc(oldest, func(a, b LogLine) int { return a.Time.Compare(b.Time) }) || oldest[0].Time.Before(q.From) || oldest[0].Time.After(q.From.Add(time.Minute)) {
		t.Fatalf("oldest first starts at %s", oldest[0].Time)
	}
	bad := []struct {
		q       LogQuery
		wantErr string
	}{
		{LogQuery{From: day, To: day, Limit: 10}, "time range is empty or reversed"},
		{LogQuery{From: day, To: day.Add(time.Hour), Limit: 0}, "limit must be between 1 and 10000, got 0"},
		{LogQuery{From: day, To: day.Add(time.Hour), Limit: 10, Filter: "warnings"}, `log filter "warnings" is not one of`},
		{LogQuery{From: day, To: day.Add(time.Hour), Limit: 10, Functions: []string{"ghost"}}, `no lambda resource named "ghost"`},
	}
	for _, b := range bad {
		if _, err := e.Logs(b.q); err == nil || !strings.Contains(err.Error(), b.wantErr) {
			t.Errorf("error %v, want %q", err, b.wantErr)
		}
	}
}
