package demo

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// LogFilter narrows logs to the lines a preset is about.
type LogFilter string

const (
	LogsAll        LogFilter = ""
	LogsErrors     LogFilter = "errors"
	LogsTimeouts   LogFilter = "timeouts"
	LogsColdStarts LogFilter = "coldStarts"
)

// LineType says which kind of Lambda log line a line is.
type LineType string

const (
	LineStart   LineType = "START"
	LineEnd     LineType = "END"
	LineReport  LineType = "REPORT"
	LineApp     LineType = "app"
	LineTimeout LineType = "timeout"
)

// MaxLogLines bounds one logs query, as Logs Insights does.
const MaxLogLines = 10000

// LogQuery asks for the log lines of some functions.
type LogQuery struct {
	// Functions to read; empty reads every function of the base estate.
	Functions []string
	From, To  time.Time
	Limit     int
	Filter    LogFilter
	// Match, if set, keeps only lines whose message it accepts (a search text or regex).
	Match func(message string) bool
	// OldestFirst returns the oldest lines of the range instead of the newest.
	OldestFirst bool
}

// Report holds the fields of a REPORT line.
type Report struct {
	DurationMs      float64
	BilledMs        float64
	MemoryMB        int
	MaxMemoryUsedMB int
	// InitDurationMs is set on cold starts only.
	InitDurationMs float64
}

// LogLine is one line of a function's CloudWatch Logs log group.
type LogLine struct {
	Time      time.Time
	Function  string
	Region    string
	LogGroup  string
	LogStream string
	RequestID string
	TraceID   string
	Level     string
	Type      LineType
	Message   string
	Report    *Report
}

// Logs returns at most Limit lines from invocations that started in [From, To), newest first
// unless OldestFirst.
func (e *Estate) Logs(q LogQuery) ([]LogLine, error) {
	if !q.From.Before(q.To) {
		return nil, errors.New("time range is empty or reversed")
	}
	if q.Limit <= 0 || q.Limit > MaxLogLines {
		return nil, fmt.Errorf("limit must be between 1 and %d, got %d", MaxLogLines, q.Limit)
	}
	if !slices.Contains([]LogFilter{LogsAll, LogsErrors, LogsTimeouts, LogsColdStarts}, q.Filter) {
		return nil, fmt.Errorf("log filter %q is not one of errors, timeouts, coldStarts", q.Filter)
	}
	functions, err := e.logFunctions(q.Functions)
	if err != nil {
		return nil, err
	}
	var lines, minute []LogLine
	first, last := q.From.Unix()/60, (q.To.Unix()+59)/60
	m, step, order := last-1, int64(-1), func(a, b LogLine) int { return b.Time.Compare(a.Time) }
	if q.OldestFirst {
		m, step, order = first, 1, func(a, b LogLine) int { return a.Time.Compare(b.Time) }
	}
	for ; m >= first && m < last && len(lines) < q.Limit; m += step {
		minute = minute[:0]
		for _, f := range functions {
			minute = appendMinuteLines(minute, f, m, q)
		}
		slices.SortStableFunc(minute, order)
		lines = append(lines, minute[:min(len(minute), q.Limit-len(lines))]...)
	}
	return lines, nil
}

func (e *Estate) logFunctions(names []string) ([]*Resource, error) {
	all := e.byKind[KindLambda]
	if len(names) == 0 {
		var base []*Resource
		for i := range all {
			if all[i].Flow != "synthetic" {
				base = append(base, &all[i])
			}
		}
		return base, nil
	}
	out := make([]*Resource, 0, len(names))
	for _, name := range names {
		i, ok := e.byName[KindLambda][name]
		if !ok {
			return nil, fmt.Errorf("no lambda resource named %q", name)
		}
		out = append(out, &all[i])
	}
	return out, nil
}

// invocation is one call of a function, derived from the minute's counts so logs and metrics agree:
// the first `errors` calls of a minute fail and the last `coldStarts` calls are cold.
type invocation struct {
	start      time.Time
	requestID  string
	traceID    string
	durationMs float64
	failed     bool
	cold       bool
	timedOut   bool
}

func appendMinuteLines(lines []LogLine, r *Resource, minute int64, q LogQuery) []LogLine {
	l := simulateLambda(r, minute)
	effect := r.incidentsAt(minute - floorDiv(minute, minutesPerDay)*minutesPerDay)
	n, failed, cold := int(l.invocations), int(l.errors), int(l.coldStarts)
	timeoutMs := float64(r.TimeoutSeconds) * 1000
	for i := range n {
		isFailed, isCold := i < failed, i >= n-cold
		switch q.Filter {
		case LogsErrors:
			if !isFailed {
				continue
			}
		case LogsColdStarts:
			if !isCold {
				continue
			}
		}
		inv := r.invocation(minute, i, l.medianMs, timeoutMs, isFailed, isCold)
		if q.Filter == LogsTimeouts && !inv.timedOut {
			continue
		}
		for _, line := range r.linesOf(inv, effect.errorMessage) {
			if keepLine(line, q) {
				lines = append(lines, line)
			}
		}
	}
	return lines
}

func keepLine(line LogLine, q LogQuery) bool {
	switch q.Filter {
	case LogsErrors:
		if line.Level != "ERROR" {
			return false
		}
	case LogsTimeouts:
		if line.Type != LineTimeout {
			return false
		}
	case LogsColdStarts:
		if line.Type != LineReport {
			return false
		}
	}
	return q.Match == nil || q.Match(line.Message)
}

// invocation derives call i of a minute. Only a failed call can run into the timeout: Lambda
// counts a timeout as an error.
func (r *Resource) invocation(minute int64, i int, medianMs, timeoutMs float64, failed, cold bool) invocation {
	h := mix(r.seed ^ uint64(minute)*0xd1b54a32d192ed03 ^ uint64(i)*0x9e3779b97f4a7c15)
	h2 := mix(h)
	offsetMs := int64(h % 60000)
	u := (float64(h2>>11) + 0.5) / (1 << 53)
	duration := math.Round(medianMs*math.Exp(durationSigma*normalQuantile(u))*100) / 100
	inv := invocation{start: time.UnixMilli(minute*60000 + offsetMs).UTC(), failed: failed, cold: cold}
	switch {
	case failed && duration >= timeoutMs:
		inv.durationMs, inv.timedOut = timeoutMs, true
	default:
		inv.durationMs = min(duration, math.Floor(timeoutMs*0.98))
	}
	inv.requestID = fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", uint32(h>>32), uint16(h>>16), uint16(h2>>48)&0x0fff|0x4000, uint16(h)&0x3fff|0x8000, h2&0xffffffffffff)
	inv.traceID = fmt.Sprintf("1-%08x-%08x%016x", inv.start.Unix(), uint32(mix(h)), mix(h2))
	return inv
}

func (r *Resource) linesOf(inv invocation, incidentMessage string) []LogLine {
	group := "/aws/lambda/" + r.Name
	stream := fmt.Sprintf("%s/[$LATEST]%016x", inv.start.Format("2006/01/02"), mix(r.seed^uint64(inv.start.Unix()/1800)))
	line := func(offsetMs float64, typ LineType, level, message string) LogLine {
		return LogLine{Time: inv.start.Add(time.Duration(offsetMs * float64(time.Millisecond))), Function: r.Name, Region: r.Region,
			LogGroup: group, LogStream: stream, RequestID: inv.requestID, TraceID: inv.traceID, Level: level, Type: typ, Message: message}
	}
	lines := []LogLine{
		line(0, LineStart, "INFO", fmt.Sprintf("START RequestId: %s Version: $LATEST", inv.requestID)),
		line(1, LineApp, "INFO", r.appMessage(inv, "INFO", "request received")),
	}
	if inv.failed {
		lines = append(lines, line(inv.durationMs*0.9, LineApp, "ERROR", r.appMessage(inv, "ERROR", r.errorText(inv, incidentMessage))))
	}
	if inv.timedOut {
		lines = append(lines, line(inv.durationMs, LineTimeout, "ERROR",
			fmt.Sprintf("%s %s Task timed out after %.2f seconds", inv.start.Add(time.Duration(inv.durationMs)*time.Millisecond).Format(time.RFC3339Nano), inv.requestID, inv.durationMs/1000)))
	}
	report := &Report{DurationMs: inv.durationMs, BilledMs: math.Ceil(inv.durationMs), MemoryMB: r.MemoryMB,
		MaxMemoryUsedMB: int(float64(r.MemoryMB) * (0.2 + 0.3*unit(r.seed, inv.start.UnixMilli(), 7)))}
	text := fmt.Sprintf("REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %.0f ms\tMemory Size: %d MB\tMax Memory Used: %d MB",
		inv.requestID, report.DurationMs, report.BilledMs, report.MemoryMB, report.MaxMemoryUsedMB)
	if inv.cold {
		report.InitDurationMs = math.Round((120+380*unit(r.seed, inv.start.UnixMilli(), 8))*initFactor(r.Runtime)*100) / 100
		text += fmt.Sprintf("\tInit Duration: %.2f ms", report.InitDurationMs)
	}
	end := line(inv.durationMs, LineEnd, "INFO", "END RequestId: "+inv.requestID)
	reportLine := line(inv.durationMs+1, LineReport, "INFO", text)
	reportLine.Report = report
	return append(lines, end, reportLine)
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

func (r *Resource) errorText(inv invocation, incidentMessage string) string {
	if incidentMessage != "" {
		if r.Name == "booking-api-handler" && inv.start.UnixMilli()%2 == 0 {
			return "timeout exceeded when trying to connect"
		}
		return incidentMessage
	}
	return routineErrors[mix(r.seed^uint64(inv.start.UnixMilli()))%uint64(len(routineErrors))]
}

func (r *Resource) appMessage(inv invocation, level, message string) string {
	b, _ := json.Marshal(struct {
		Level     string `json:"level"`
		Timestamp string `json:"timestamp"`
		RequestID string `json:"requestId"`
		TraceID   string `json:"traceId"`
		Function  string `json:"function"`
		Message   string `json:"message"`
	}{level, inv.start.Format(time.RFC3339Nano), inv.requestID, inv.traceID, r.Name, message})
	return string(b)
}
