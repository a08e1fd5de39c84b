package frames

import (
	"encoding/json"
	"slices"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/model"
)

// inventoryColumn is one column of the inventory table.
type inventoryColumn struct {
	name, display, unit string
	decimals            uint16
	value               func(model.FunctionSummary) float64
}

var inventoryColumns = []inventoryColumn{
	{"invocations", "Invocations", "short", 0, func(s model.FunctionSummary) float64 { return s.Invocations }},
	{"errors", "Errors", "short", 0, func(s model.FunctionSummary) float64 { return s.Errors }},
	{"errorRate", "Error %", "percent", 2, func(s model.FunctionSummary) float64 { return s.ErrorRate }},
	{"throttles", "Throttles", "short", 0, func(s model.FunctionSummary) float64 { return s.Throttles }},
	{"p50", "p50", "ms", 0, func(s model.FunctionSummary) float64 { return s.DurationP50 }},
	{"p95", "p95", "ms", 0, func(s model.FunctionSummary) float64 { return s.DurationP95 }},
	{"p99", "p99", "ms", 0, func(s model.FunctionSummary) float64 { return s.DurationP99 }},
	{"maxConcurrency", "Max concurrency", "short", 1, func(s model.FunctionSummary) float64 { return s.MaxConcurrency }},
	{"coldStartRate", "Cold start %", "percent", 2, func(s model.FunctionSummary) float64 { return s.ColdStartRate }},
	{"cost", "Estimated cost", "currencyUSD", 2, func(s model.FunctionSummary) float64 { return s.EstimatedCostUSD }},
}

// Inventory is one table row per function with every health column. The columns named in
// unmeasured hold nulls: the rows' source has no figure for them.
func Inventory(rows []model.FunctionSummary, unmeasured ...string) *data.Frame {
	text := func(name, display string, value func(model.FunctionSummary) string) *data.Field {
		values := make([]string, len(rows))
		for i, r := range rows {
			values[i] = value(r)
		}
		f := data.NewField(name, nil, values)
		f.Config = &data.FieldConfig{DisplayName: display}
		return f
	}
	frame := data.NewFrame("inventory",
		text("function", "Function", func(s model.FunctionSummary) string { return s.Function.Name }),
		text("region", "Region", func(s model.FunctionSummary) string { return s.Function.Region }),
		text("runtime", "Runtime", func(s model.FunctionSummary) string { return s.Function.Runtime }),
	)
	memory := make([]int64, len(rows))
	for i, r := range rows {
		memory[i] = int64(r.Function.MemoryMB)
	}
	frame.Fields = append(frame.Fields, WithConfig(data.NewField("memory", nil, memory), "Memory", "decmbytes", 0))
	timeout := make([]float64, len(rows))
	for i, r := range rows {
		timeout[i] = float64(r.Function.TimeoutSeconds) * 1000
	}
	frame.Fields = append(frame.Fields, WithConfig(data.NewField("timeout", nil, timeout), "Timeout", "ms", 0))
	for _, c := range inventoryColumns {
		var values any = make([]*float64, len(rows))
		if !slices.Contains(unmeasured, c.name) {
			measured := make([]float64, len(rows))
			for i, r := range rows {
				measured[i] = c.value(r)
			}
			values = measured
		}
		frame.Fields = append(frame.Fields, WithConfig(data.NewField(c.name, nil, values), c.display, c.unit, c.decimals))
	}
	frame.Fields = append(frame.Fields, text("health", "Health", func(s model.FunctionSummary) string { return string(s.Health) }))
	frame.Fields = append(frame.Fields,
		trendField("invocationsTrend", "Invocations trend", rows, func(s model.FunctionSummary) []float64 { return s.InvocationsTrend }),
		trendField("errorsTrend", "Errors trend", rows, func(s model.FunctionSummary) []float64 { return s.ErrorsTrend }))
	frame.Meta = &data.FrameMeta{PreferredVisualization: data.VisTypeTable}
	return frame
}

// trendField holds a sparkline per row: the range split into equal parts, as a JSON array, since a
// frame field cannot hold a series.
func trendField(name, display string, rows []model.FunctionSummary, values func(model.FunctionSummary) []float64) *data.Field {
	trends := make([]json.RawMessage, len(rows))
	for i, r := range rows {
		trends[i], _ = json.Marshal(values(r))
	}
	f := data.NewField(name, nil, trends)
	f.Config = &data.FieldConfig{DisplayName: display}
	return f
}
