package model

import "time"

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
