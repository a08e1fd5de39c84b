package plugin

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
)

// maxColdStartMarks bounds cold-start annotations: past a few hundred, marks hide the chart they mark.
const maxColdStartMarks = 500

// demoAnnotations marks deployments and configuration changes, or, with the coldStarts preset, the
// cold starts found in the functions' REPORT lines.
func (d *Datasource) demoAnnotations(q query.Query) (data.Frames, error) {
	if q.Preset != query.PresetColdStarts {
		return data.Frames{annotationsFrame(d.estate.Events(q.From, q.To), q.Names)}, nil
	}
	lines, err := d.estate.Logs(demo.LogQuery{Functions: q.Names, From: q.From, To: q.To,
		Limit: maxColdStartMarks + 1, Filter: model.LogsColdStarts})
	if err != nil {
		return nil, err
	}
	return data.Frames{coldStartMarks(lines)}, nil
}

// coldStartMarks marks the newest cold starts of lines, newest first, up to maxColdStartMarks;
// lines holds one more when there are more, and the frame then says so.
func coldStartMarks(lines []model.LogLine) *data.Frame {
	frame := coldStartsFrame(lines[:min(len(lines), maxColdStartMarks)])
	if len(lines) > maxColdStartMarks {
		frame.AppendNotices(data.Notice{Severity: data.NoticeSeverityInfo,
			Text: fmt.Sprintf("Marked the newest %d cold starts only; narrow the time range to see them all", maxColdStartMarks)})
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

// annotationsFrame lists deployments and configuration changes, of the named functions if any.
func annotationsFrame(events []model.Event, functions []string) *data.Frame {
	marks := []mark{}
	for _, e := range events {
		if len(functions) == 0 || slices.Contains(functions, e.Function) {
			marks = append(marks, mark{time: e.Time, title: e.Function + ": " + string(e.Kind), text: e.Description,
				tags: string(e.Kind) + "," + e.Function + "," + e.Region})
		}
	}
	return marksFrame("annotations", marks)
}

var variableKinds = map[query.Variable][]model.ResourceKind{
	query.VariableFunctions:     {model.KindLambda},
	query.VariableAPIs:          {model.KindAPIGateway, model.KindAPIGatewayV2},
	query.VariableQueues:        {model.KindSQS},
	query.VariableStateMachines: {model.KindStates},
}

func (d *Datasource) variableValues(q query.Query) []string {
	switch q.Variable {
	case query.VariableRegions:
		return d.estate.Regions()
	case query.VariableSLOs:
		return d.sloNames()
	case query.VariableRuntimes:
		var runtimes []string
		for _, f := range d.estate.Resources(model.KindLambda) {
			if matches(q, f) && !slices.Contains(runtimes, f.Runtime) {
				runtimes = append(runtimes, f.Runtime)
			}
		}
		sort.Strings(runtimes)
		return runtimes
	}
	var values []string
	for _, kind := range variableKinds[q.Variable] {
		for _, r := range d.estate.Resources(kind) {
			if matches(q, r) {
				values = append(values, r.Name)
			}
		}
	}
	sort.Strings(values)
	return values
}

// variableFrame has the text and value fields Grafana reads variable options from.
func variableFrame(values []string) *data.Frame {
	return data.NewFrame("variable", data.NewField("text", nil, values), data.NewField("value", nil, slices.Clone(values)))
}
