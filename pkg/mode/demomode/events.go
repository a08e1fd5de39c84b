package demomode

import (
	"context"
	"slices"
	"sort"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/frames"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
)

// annotations marks deployments and configuration changes, or, with the coldStarts preset, the
// cold starts found in the functions' REPORT lines.
func (m *Mode) annotations(ctx context.Context, q query.Query) (data.Frames, error) {
	if q.Preset != query.PresetColdStarts {
		return data.Frames{frames.Annotations(m.estate.Events(q.From, q.To), q.Names)}, nil
	}
	lines, err := m.estate.LogsContext(ctx, demo.LogQuery{Functions: q.Names, From: q.From, To: q.To,
		Limit: frames.MaxColdStartMarks + 1, Filter: model.LogsColdStarts})
	if err != nil {
		return nil, err
	}
	return data.Frames{frames.ColdStartMarks(lines)}, nil
}

func (m *Mode) variableValues(q query.Query) []string {
	switch q.Variable {
	case query.VariableRegions:
		return m.estate.Regions()
	case query.VariableSLOs:
		names := make([]string, len(m.slos))
		for i, s := range m.slos {
			names[i] = s.Name
		}
		return names
	case query.VariableRuntimes:
		var runtimes []string
		for _, f := range m.estate.Resources(model.KindLambda) {
			if q.Matches(f) && !slices.Contains(runtimes, f.Runtime) {
				runtimes = append(runtimes, f.Runtime)
			}
		}
		sort.Strings(runtimes)
		return runtimes
	}
	var values []string
	for _, kind := range query.VariableKinds[q.Variable] {
		for _, r := range m.estate.Resources(kind) {
			if q.Matches(r) {
				values = append(values, r.Name)
			}
		}
	}
	sort.Strings(values)
	return values
}
