package frames

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
)

// Logs shapes the lines of a logs query, in demo and AWS mode alike: the lines, or for
// topErrors the error lines counted; most is the cap of the lines read, which topErrors warns of.
func Logs(q query.Query, lines []model.LogLine, most int) data.Frames {
	if q.Preset == query.PresetTopErrors {
		frame := topErrorsFrame(lines)
		if len(lines) >= most {
			frame.Meta.Notices = []data.Notice{{Severity: data.NoticeSeverityWarning,
				Text: fmt.Sprintf("Counted the newest %d error lines only; narrow the time range to count them all", most)}}
		}
		return data.Frames{frame}
	}
	return data.Frames{logsFrame(lines)}
}

// logsFrame follows Grafana's logs data-plane contract so Explore and the logs panel show it as logs.
func logsFrame(lines []model.LogLine) *data.Frame {
	n := len(lines)
	times, bodies, levels, ids := make([]time.Time, n), make([]string, n), make([]string, n), make([]string, n)
	labels := make([]json.RawMessage, n)
	requestIDs, traceIDs, functions, regions := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	report := map[string][]*float64{"durationMs": make([]*float64, n), "billedDurationMs": make([]*float64, n),
		"maxMemoryUsedMB": make([]*float64, n), "initDurationMs": make([]*float64, n)}
	for i, l := range lines {
		times[i], bodies[i], levels[i] = l.Time, l.Message, levelOf(l)
		ids[i] = fmt.Sprintf("%s_%d_%s", l.RequestID, l.Time.UnixNano(), l.Type)
		labels[i], _ = json.Marshal(map[string]string{"function": l.Function, "region": l.Region, "logGroup": l.LogGroup, "logStream": l.LogStream})
		requestIDs[i], traceIDs[i], functions[i], regions[i] = l.RequestID, l.TraceID, l.Function, l.Region
		if r := l.Report; r != nil {
			report["durationMs"][i], report["billedDurationMs"][i] = &r.DurationMs, &r.BilledMs
			used := float64(r.MaxMemoryUsedMB)
			report["maxMemoryUsedMB"][i] = &used
			if r.InitDurationMs > 0 {
				report["initDurationMs"][i] = &r.InitDurationMs
			}
		}
	}
	frame := data.NewFrame("logs",
		data.NewField("timestamp", nil, times),
		data.NewField("body", nil, bodies),
		data.NewField("severity", nil, levels),
		data.NewField("id", nil, ids),
		data.NewField("labels", nil, labels),
		linked(data.NewField("requestId", nil, requestIDs), requestLink),
		linked(data.NewField("traceId", nil, traceIDs), traceLink),
		data.NewField("function", nil, functions),
		data.NewField("region", nil, regions),
	)
	for _, name := range []string{"durationMs", "billedDurationMs", "initDurationMs"} {
		frame.Fields = append(frame.Fields, WithConfig(data.NewField(name, nil, report[name]), name, "ms", 2))
	}
	frame.Fields = append(frame.Fields, WithConfig(data.NewField("maxMemoryUsedMB", nil, report["maxMemoryUsedMB"]), "maxMemoryUsedMB", "decmbytes", 0))
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeLogLines, TypeVersion: data.FrameTypeVersion{0, 0}, PreferredVisualization: data.VisTypeLogs}
	return frame
}

// Links from a log line onwards: Grafana fills in the ${...} parts from the clicked line.
var (
	requestLink = data.DataLink{Title: "Every line of this request",
		URL: "/a/seed-serverless-app/correlate?var-function=${__data.fields.function}&var-search=${__value.raw}&${__url_time_range}"}
	traceLink = data.DataLink{Title: "Open the trace in AWS X-Ray", TargetBlank: true,
		URL: "https://console.aws.amazon.com/cloudwatch/home?region=${__data.fields.region}#xray:traces/${__value.raw}"}
)

func linked(f *data.Field, link data.DataLink) *data.Field {
	f.Config = &data.FieldConfig{Links: []data.DataLink{link}}
	return f
}

func levelOf(l model.LogLine) string {
	if l.Level == "ERROR" {
		return "error"
	}
	return "info"
}

type errorCount struct {
	function, message, region string
	count                     int64
	lastSeen                  time.Time
	// The newest occurrence's request and trace, to follow it onwards.
	requestID, traceID string
}

// topErrorsFrame groups error lines by function and message, most frequent first.
func topErrorsFrame(lines []model.LogLine) *data.Frame {
	byKey := map[[2]string]*errorCount{}
	var counts []*errorCount
	for _, l := range lines {
		message := l.Message
		var app struct {
			Message string `json:"message"`
		}
		if l.Type == model.LineApp && json.Unmarshal([]byte(l.Message), &app) == nil {
			message = app.Message
		} else if l.Type == model.LineTimeout {
			message = "Task timed out"
		}
		key := [2]string{l.Function, message}
		c, ok := byKey[key]
		if !ok {
			c = &errorCount{function: l.Function, message: message, region: l.Region}
			byKey[key] = c
			counts = append(counts, c)
		}
		c.count++
		if l.Time.After(c.lastSeen) {
			c.lastSeen, c.requestID, c.traceID = l.Time, l.RequestID, l.TraceID
		}
	}
	slices.SortStableFunc(counts, func(a, b *errorCount) int { return int(b.count - a.count) })
	n := len(counts)
	functions, messages, numbers, last := make([]string, n), make([]string, n), make([]int64, n), make([]time.Time, n)
	regions, requests, traces := make([]string, n), make([]string, n), make([]string, n)
	for i, c := range counts {
		functions[i], messages[i], numbers[i], last[i] = c.function, c.message, c.count, c.lastSeen
		regions[i], requests[i], traces[i] = c.region, c.requestID, c.traceID
	}
	frame := data.NewFrame("topErrors",
		data.NewField("function", nil, functions), data.NewField("message", nil, messages),
		data.NewField("count", nil, numbers), data.NewField("lastSeen", nil, last),
		data.NewField("region", nil, regions),
		linked(data.NewField("requestId", nil, requests), requestLink),
		linked(data.NewField("traceId", nil, traces), traceLink))
	frame.Meta = &data.FrameMeta{PreferredVisualization: data.VisTypeTable}
	return frame
}
