package frames

import (
	"fmt"
	"slices"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/model"
)

// MaxColdStartMarks bounds cold-start annotations: past a few hundred, marks hide the chart they mark.
const MaxColdStartMarks = 500

// ColdStartMarks marks the newest cold starts of lines, newest first, up to MaxColdStartMarks;
// lines holds one more when there are more, and the frame then says so.
func ColdStartMarks(lines []model.LogLine) *data.Frame {
	frame := coldStartsFrame(lines[:min(len(lines), MaxColdStartMarks)])
	if len(lines) > MaxColdStartMarks {
		frame.AppendNotices(data.Notice{Severity: data.NoticeSeverityInfo,
			Text: fmt.Sprintf("Marked the newest %d cold starts only; narrow the time range to see them all", MaxColdStartMarks)})
	}
	return frame
}

// mark is one annotation: when, a title, a text and comma-separated tags.
type mark struct {
	time              time.Time
	title, text, tags string
}

// marksFrame has the time, title, text and tags fields Grafana reads annotations from.
func marksFrame(name string, marks []mark) *data.Frame {
	n := len(marks)
	times, titles, texts, tags := make([]time.Time, n), make([]string, n), make([]string, n), make([]string, n)
	for i, m := range marks {
		times[i], titles[i], texts[i], tags[i] = m.time, m.title, m.text, m.tags
	}
	return data.NewFrame(name, data.NewField("time", nil, times), data.NewField("title", nil, titles),
		data.NewField("text", nil, texts), data.NewField("tags", nil, tags))
}

// coldStartsFrame is one annotation per cold start, titled with its function and init duration.
func coldStartsFrame(lines []model.LogLine) *data.Frame {
	marks := make([]mark, len(lines))
	for i, l := range lines {
		marks[i] = mark{time: l.Time, title: l.Function + ": cold start",
			text: fmt.Sprintf("Init Duration %.0f ms (request %s)", l.Report.InitDurationMs, l.RequestID),
			tags: "coldStart," + l.Function + "," + l.Region}
	}
	return marksFrame("coldStarts", marks)
}

// Annotations lists deployments and configuration changes, of the named functions if any.
func Annotations(events []model.Event, functions []string) *data.Frame {
	marks := []mark{}
	for _, e := range events {
		if len(functions) == 0 || slices.Contains(functions, e.Function) {
			marks = append(marks, mark{time: e.Time, title: e.Function + ": " + string(e.Kind), text: e.Description,
				tags: string(e.Kind) + "," + e.Function + "," + e.Region})
		}
	}
	return marksFrame("annotations", marks)
}
