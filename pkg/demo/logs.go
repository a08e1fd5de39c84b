package demo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/seed/serverless/pkg/budget"
	"github.com/seed/serverless/pkg/model"
)

// LogQuery asks for the log lines of some functions.
type LogQuery struct {
	// Functions to read; empty reads every function of the base estate.
	Functions []string
	From, To  time.Time
	Limit     int
	Filter    model.LogFilter
	// Match, if set, keeps only lines whose message it accepts (a search text or regex).
	Match func(message string) bool
	// OldestFirst returns the oldest lines of the range instead of the newest.
	OldestFirst bool
}

// Logs returns at most Limit lines of the invocations that started in [From, To), newest first
// unless OldestFirst. Lines are derived per minute from the same counts as the metrics: over
// whole minutes, START lines equal Invocations, ERROR application lines equal Errors and REPORT
// lines with an Init Duration equal ColdStarts.
func (e *Estate) Logs(q LogQuery) ([]model.LogLine, error) {
	return e.LogsContext(context.Background(), q)
}

// LogsContext is Logs that stops, with ctx's error, once ctx is done: a search that matches
// little scans every minute of its range.
func (e *Estate) LogsContext(ctx context.Context, q LogQuery) ([]model.LogLine, error) {
	if !q.From.Before(q.To) {
		return nil, errors.New("time range is empty or reversed")
	}
	if q.Limit <= 0 || q.Limit > model.MaxLogLines {
		return nil, fmt.Errorf("limit must be between 1 and %d, got %d", model.MaxLogLines, q.Limit)
	}
	if !slices.Contains([]model.LogFilter{model.LogsAll, model.LogsErrors, model.LogsTimeouts, model.LogsColdStarts}, q.Filter) {
		return nil, fmt.Errorf("log filter %q is not one of errors, timeouts, coldStarts", q.Filter)
	}
	functions, err := e.logFunctions(q.Functions)
	if err != nil {
		return nil, err
	}
	var lines, minute []model.LogLine
	first, last := floorDiv(q.From.Unix(), 60), floorDiv(q.To.Unix()+59, 60)
	m, step, order := last-1, int64(-1), func(a, b model.LogLine) int { return b.Time.Compare(a.Time) }
	if q.OldestFirst {
		m, step, order = first, 1, func(a, b model.LogLine) int { return a.Time.Compare(b.Time) }
	}
	for ; m >= first && m < last && len(lines) < q.Limit; m += step {
		if ctx.Err() != nil {
			scanned := m - first
			if !q.OldestFirst {
				scanned = last - 1 - m
			}
			return nil, budget.Overrun(ctx, ctx.Err(), fmt.Sprintf("%d of %d minutes of logs scanned", scanned, last-first))
		}
		minute = minute[:0]
		for _, f := range functions {
			minute = appendMinuteLines(minute, f, m, q)
		}
		slices.SortStableFunc(minute, order)
		lines = append(lines, minute[:min(len(minute), q.Limit-len(lines))]...)
	}
	return lines, nil
}

func (e *Estate) lambda(name string) (*resource, error) {
	i, ok := e.byName[model.KindLambda][name]
	if !ok {
		return nil, fmt.Errorf("no lambda resource named %q", name)
	}
	return &e.byKind[model.KindLambda][i], nil
}

func (e *Estate) logFunctions(names []string) ([]*resource, error) {
	all := e.byKind[model.KindLambda]
	if len(names) == 0 {
		var base []*resource
		for i := range all {
			if all[i].flow != FlowSynthetic {
				base = append(base, &all[i])
			}
		}
		return base, nil
	}
	out := make([]*resource, 0, len(names))
	for _, name := range names {
		r, err := e.lambda(name)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// invocation is one call of a function, derived from the minute's counts so logs and metrics
// agree: the first `errors` calls of a minute fail, the first `timeouts` of those run into the
// timeout, and the last `coldStarts` calls are cold.
type invocation struct {
	start      time.Time
	requestID  string
	traceID    string
	durationMs float64
	failed     bool
	cold       bool
	timedOut   bool
}

func appendMinuteLines(lines []model.LogLine, r *resource, minute int64, q LogQuery) []model.LogLine {
	l := simulateLambda(r, minute)
	var errorMessage, timeoutMessage string
	if in, ok := r.incidentAt(minute); ok {
		errorMessage, timeoutMessage = in.errorMessage, in.timeoutMessage
	}
	n, failed, timedOut, cold := int(l.invocations), int(l.errors), int(l.timeouts), int(l.coldStarts)
	for i := range n {
		isFailed, isTimedOut, isCold := i < failed, i < timedOut, i >= n-cold
		switch {
		case q.Filter == model.LogsErrors && !isFailed,
			q.Filter == model.LogsTimeouts && !isTimedOut,
			q.Filter == model.LogsColdStarts && !isCold:
			continue
		}
		inv := r.invocation(minute, i, l.medianMs, isFailed, isTimedOut, isCold)
		if inv.start.Before(q.From) || !inv.start.Before(q.To) {
			continue
		}
		message := errorMessage
		if isTimedOut {
			message = timeoutMessage
		}
		for _, line := range r.linesOf(inv, message) {
			if keepLine(line, q) {
				lines = append(lines, line)
			}
		}
	}
	return lines
}

func keepLine(line model.LogLine, q LogQuery) bool {
	switch q.Filter {
	case model.LogsErrors:
		if line.Level != "ERROR" {
			return false
		}
	case model.LogsTimeouts:
		if line.Type != model.LineTimeout {
			return false
		}
	case model.LogsColdStarts:
		if line.Type != model.LineReport {
			return false
		}
	}
	return q.Match == nil || q.Match(line.Message)
}

// finishedCeilingShare keeps calls that finish in time visibly below the timeout, so that
// "Duration equals the timeout" means exactly "timed out".
const finishedCeilingShare = 0.98

// invocationHash is the seed of call i of a minute: its start, duration and ids derive from it.
func (r *resource) invocationHash(minute int64, i int) uint64 {
	return mix(r.seed ^ uint64(minute)*0xd1b54a32d192ed03 ^ uint64(i)*0x9e3779b97f4a7c15)
}

func invocationStartMs(minute int64, hash uint64) int64 {
	return minute*msPerMinute + int64(hash%msPerMinute)
}

// maxMemoryUsedMB is the memory a call starting at startMs peaks at, as its REPORT line says.
func (r *resource) maxMemoryUsedMB(startMs int64) int {
	return min(r.MemoryMB, int(float64(r.MemoryMB)*r.memoryUsedShare*(0.8+0.5*unit(r.seed, startMs, saltMemory))))
}

// invocation derives call i of a minute from its own hash.
func (r *resource) invocation(minute int64, i int, medianMs float64, failed, timedOut, cold bool) invocation {
	h := r.invocationHash(minute, i)
	h2 := mix(h)
	u := (float64(h2>>11) + 0.5) / (1 << 53)
	inv := invocation{start: time.UnixMilli(invocationStartMs(minute, h)).UTC(), failed: failed, cold: cold, timedOut: timedOut}
	if timedOut {
		inv.durationMs = r.timeoutMs
	} else {
		duration := math.Round(medianMs*math.Exp(durationSigma*normalQuantile(u))*100) / 100
		inv.durationMs = min(duration, math.Floor(r.timeoutMs*finishedCeilingShare))
	}
	inv.requestID = fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", uint32(h>>32), uint16(h>>16), uint16(h2>>48)&0x0fff|0x4000, uint16(h)&0x3fff|0x8000, h2&0xffffffffffff)
	inv.traceID = fmt.Sprintf("1-%08x-%08x%016x", inv.start.Unix(), uint32(mix(h)), mix(h2))
	return inv
}

// linesOf renders one invocation as Lambda would log it. failureMessage, if set, is what the
// running incident makes a failed call log.
func (r *resource) linesOf(inv invocation, failureMessage string) []model.LogLine {
	group := "/aws/lambda/" + r.Name
	stream := fmt.Sprintf("%s/[$LATEST]%016x", inv.start.Format("2006/01/02"), mix(r.seed^uint64(inv.start.Unix()/1800)))
	line := func(offsetMs float64, typ model.LineType, level, message string) model.LogLine {
		return model.LogLine{Time: inv.start.Add(time.Duration(offsetMs * float64(time.Millisecond))), Function: r.Name, Region: r.Region,
			LogGroup: group, LogStream: stream, RequestID: inv.requestID, TraceID: inv.traceID, Level: level, Type: typ, Message: message}
	}
	appLine := func(offsetMs float64, level, message string) model.LogLine {
		l := line(offsetMs, model.LineApp, level, "")
		l.Message = r.appMessage(inv, l.Time, level, message)
		return l
	}
	lines := []model.LogLine{
		line(0, model.LineStart, "INFO", fmt.Sprintf("START RequestId: %s Version: $LATEST", inv.requestID)),
		appLine(1, "INFO", "request received"),
	}
	if inv.failed {
		lines = append(lines, appLine(inv.durationMs*0.9, "ERROR", r.errorText(inv, failureMessage)))
	}
	if inv.timedOut {
		lines = append(lines, line(inv.durationMs, model.LineTimeout, "ERROR",
			fmt.Sprintf("%s %s Task timed out after %.2f seconds", inv.start.Add(time.Duration(inv.durationMs)*time.Millisecond).Format(time.RFC3339Nano), inv.requestID, inv.durationMs/1000)))
	}
	report := &model.Report{DurationMs: inv.durationMs, BilledMs: math.Ceil(inv.durationMs), MemoryMB: r.MemoryMB,
		MaxMemoryUsedMB: r.maxMemoryUsedMB(inv.start.UnixMilli())}
	text := fmt.Sprintf("REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %.0f ms\tMemory Size: %d MB\tMax Memory Used: %d MB",
		inv.requestID, report.DurationMs, report.BilledMs, report.MemoryMB, report.MaxMemoryUsedMB)
	if inv.cold {
		report.InitDurationMs = math.Round((minInitMs+initSpreadMs*unit(r.seed, inv.start.UnixMilli(), saltInit))*initFactor(r.Runtime)*100) / 100
		text += fmt.Sprintf("\tInit Duration: %.2f ms", report.InitDurationMs)
	}
	end := line(inv.durationMs, model.LineEnd, "INFO", "END RequestId: "+inv.requestID)
	reportLine := line(inv.durationMs+1, model.LineReport, "INFO", text)
	reportLine.Report = report
	return append(lines, end, reportLine)
}

// A cold start's Init Duration is uniform over [minInitMs, minInitMs+initSpreadMs), times the
// runtime's initFactor.
const (
	minInitMs    = 120
	initSpreadMs = 380
)

// meanInitMs is the mean Init Duration of a runtime's cold starts.
func meanInitMs(runtime string) float64 {
	return (minInitMs + initSpreadMs/2) * initFactor(runtime)
}

// initFactor makes JVM cold starts as slow as they are.
func initFactor(runtime string) float64 {
	if runtime == "java21" {
		return 4
	}
	return 1
}

var routineErrors = []string{
	"ValidationError: amount must be a positive number",
	"ConditionalCheckFailedException: The conditional request failed",
	"ProvisionedThroughputExceededException: Rate of requests exceeds the allowed throughput",
}

func (r *resource) errorText(inv invocation, failureMessage string) string {
	if failureMessage != "" {
		return failureMessage
	}
	return routineErrors[mix(r.seed^uint64(inv.start.UnixMilli()))%uint64(len(routineErrors))]
}

func (r *resource) appMessage(inv invocation, at time.Time, level, message string) string {
	b, _ := json.Marshal(struct {
		Level     string `json:"level"`
		Timestamp string `json:"timestamp"`
		RequestID string `json:"requestId"`
		TraceID   string `json:"traceId"`
		Message   string `json:"message"`
		Function  string `json:"function"`
		Route     string `json:"route,omitempty"`
	}{level, at.Format(time.RFC3339Nano), inv.requestID, inv.traceID, message, r.Name, r.route})
	return string(b)
}
