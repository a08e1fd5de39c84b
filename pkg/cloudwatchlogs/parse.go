package cloudwatchlogs

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
)

// Line types, as the demo estate names them.
const (
	TypeStart   = "START"
	TypeEnd     = "END"
	TypeReport  = "REPORT"
	TypeApp     = "app"
	TypeTimeout = "timeout"
)

// Report holds the figures of a REPORT line.
type Report struct {
	DurationMs       float64
	BilledDurationMs float64
	MemorySizeMB     int
	MaxMemoryUsedMB  int
	// InitDurationMs is set on cold starts only.
	InitDurationMs float64
}

// Line is what a Lambda log line says about itself.
type Line struct {
	Type string
	// Level is upper case: INFO unless the line says otherwise; timeouts are ERROR.
	Level     string
	RequestID string
	TraceID   string
	Report    *Report
}

var (
	controlLine = regexp.MustCompile(`^(START|END|REPORT) RequestId: ([0-9A-Za-z-]+)`)
	reportField = regexp.MustCompile(`(Duration|Billed Duration|Memory Size|Max Memory Used|Init Duration): ([0-9.]+) (ms|MB)`)
	xrayTrace   = regexp.MustCompile(`XRAY TraceId: (1-[0-9a-f]{8}-[0-9a-f]{24})`)
	timeoutLine = regexp.MustCompile(`^\S+\s+([0-9A-Za-z-]+)\s+Task timed out after`)
	// textApp is an application line of the text format: Node writes time, request id, level;
	// Python writes [LEVEL], time, request id.
	textApp   = regexp.MustCompile(`^(?:\[([A-Z]+)\]\t)?\d{4}-\d\d-\d\dT[^\t]+\t([0-9A-Za-z-]{36})\t(?:([A-Z]+)\t)?`)
	traceRoot = regexp.MustCompile(`Root=(1-[0-9a-f]{8}-[0-9a-f]{24})`)
)

var levels = map[string]bool{"TRACE": true, "DEBUG": true, "INFO": true, "WARN": true, "WARNING": true, "ERROR": true, "FATAL": true, "CRITICAL": true}

// ParseLine reads a Lambda log line in the text or the JSON log format.
func ParseLine(message string) Line {
	trimmed := strings.TrimSpace(message)
	if strings.HasPrefix(trimmed, "{") {
		if l, ok := parseJSON(trimmed); ok {
			return l
		}
	}
	if m := controlLine.FindStringSubmatch(message); m != nil {
		l := Line{Type: m[1], Level: "INFO", RequestID: m[2]}
		if l.Type == TypeReport {
			l.Report = textReport(message)
			if t := xrayTrace.FindStringSubmatch(message); t != nil {
				l.TraceID = t[1]
			}
		}
		return l
	}
	if m := timeoutLine.FindStringSubmatch(message); m != nil {
		return Line{Type: TypeTimeout, Level: "ERROR", RequestID: m[1]}
	}
	l := Line{Type: TypeApp, Level: "INFO"}
	if m := textApp.FindStringSubmatch(message); m != nil {
		l.RequestID = m[2]
		for _, level := range []string{m[1], m[3]} {
			if levels[level] {
				l.Level = normalLevel(level)
			}
		}
	}
	return l
}

func textReport(message string) *Report {
	r := &Report{}
	for _, m := range reportField.FindAllStringSubmatch(message, -1) {
		v, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			continue
		}
		switch m[1] {
		case "Duration":
			r.DurationMs = v
		case "Billed Duration":
			r.BilledDurationMs = v
		case "Memory Size":
			r.MemorySizeMB = int(v)
		case "Max Memory Used":
			r.MaxMemoryUsedMB = int(v)
		case "Init Duration":
			r.InitDurationMs = v
		}
	}
	return r
}

// jsonLine holds the keys of both kinds of JSON lines: platform events and application logs.
type jsonLine struct {
	Type   string `json:"type"`
	Record struct {
		RequestID string `json:"requestId"`
		Metrics   *struct {
			DurationMs       float64 `json:"durationMs"`
			BilledDurationMs float64 `json:"billedDurationMs"`
			MemorySizeMB     float64 `json:"memorySizeMB"`
			MaxMemoryUsedMB  float64 `json:"maxMemoryUsedMB"`
			InitDurationMs   float64 `json:"initDurationMs"`
		} `json:"metrics"`
		Tracing *struct {
			Value string `json:"value"`
		} `json:"tracing"`
	} `json:"record"`
	Level        string `json:"level"`
	RequestID    string `json:"requestId"`
	AWSRequestID string `json:"AWSRequestId"`
	TraceID      string `json:"traceId"`
	XRayTraceID  string `json:"xrayTraceId"`
	Message      any    `json:"message"`
}

func parseJSON(message string) (Line, bool) {
	var j jsonLine
	if json.Unmarshal([]byte(message), &j) != nil {
		return Line{}, false
	}
	if strings.HasPrefix(j.Type, "platform.") {
		l := Line{Level: "INFO", RequestID: j.Record.RequestID}
		if j.Record.Tracing != nil {
			if m := traceRoot.FindStringSubmatch(j.Record.Tracing.Value); m != nil {
				l.TraceID = m[1]
			}
		}
		switch j.Type {
		case "platform.start":
			l.Type = TypeStart
		case "platform.runtimeDone":
			l.Type = TypeEnd
		case "platform.report":
			l.Type = TypeReport
			l.Report = &Report{}
			if m := j.Record.Metrics; m != nil {
				l.Report = &Report{DurationMs: m.DurationMs, BilledDurationMs: m.BilledDurationMs, MemorySizeMB: int(m.MemorySizeMB),
					MaxMemoryUsedMB: int(m.MaxMemoryUsedMB), InitDurationMs: m.InitDurationMs}
			}
		default:
			l.Type = TypeApp
		}
		return l, true
	}
	l := Line{Type: TypeApp, Level: "INFO", RequestID: j.RequestID, TraceID: j.TraceID}
	if l.RequestID == "" {
		l.RequestID = j.AWSRequestID
	}
	if l.TraceID == "" {
		l.TraceID = j.XRayTraceID
	}
	if level := strings.ToUpper(j.Level); levels[level] {
		l.Level = normalLevel(level)
	}
	if text, ok := j.Message.(string); ok && strings.Contains(text, "Task timed out after") {
		l.Type, l.Level = TypeTimeout, "ERROR"
	}
	return l, true
}

func normalLevel(level string) string {
	switch level {
	case "WARNING":
		return "WARN"
	case "CRITICAL":
		return "FATAL"
	}
	return level
}
