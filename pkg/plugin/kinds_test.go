package plugin

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query/querytest"
)

var dayStart = time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)

func queryDay(d *Datasource, queries ...backend.DataQuery) *backend.QueryDataResponse {
	for i := range queries {
		queries[i].TimeRange = backend.TimeRange{From: dayStart, To: dayStart.Add(24 * time.Hour)}
		queries[i].MaxDataPoints = 1000
	}
	res, _ := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: queries})
	return res
}

func TestEverySharedExampleAnswersInDemoMode(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	valid, invalid := querytest.Examples(t)
	for _, ex := range valid {
		t.Run(ex.Name, func(t *testing.T) {
			got := queryDay(d, backend.DataQuery{RefID: "A", JSON: ex.Query}).Responses["A"]
			if got.Error != nil || len(got.Frames) == 0 {
				t.Fatalf("error %v, %d frames", got.Error, len(got.Frames))
			}
		})
	}
	for _, ex := range invalid {
		t.Run(ex.Name, func(t *testing.T) {
			got := queryDay(d, backend.DataQuery{RefID: "A", JSON: ex.Query}).Responses["A"]
			if got.Error == nil || got.Status != backend.StatusBadRequest {
				t.Fatalf("status %d error %v, want a 400", got.Status, got.Error)
			}
		})
	}
}

func fieldNames(f *data.Frame) []string {
	names := make([]string, len(f.Fields))
	for i, field := range f.Fields {
		names[i] = field.Name
	}
	return names
}

func TestFramesFollowGrafanaConventionsPerKind(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	q := func(model string) backend.DataQuery { return backend.DataQuery{RefID: "A", JSON: []byte(model)} }
	tests := []struct {
		name       string
		query      backend.DataQuery
		wantFrames int
		check      func(t *testing.T, frames data.Frames)
	}{
		{"inventory is a table with a row per function", q(`{"queryType":"inventory"}`), 1, func(t *testing.T, f data.Frames) {
			if rows, _ := f[0].RowLen(); rows != 10 {
				t.Errorf("%d rows", rows)
			}
			for _, col := range []string{"function", "region", "memory", "timeout", "invocations", "errorRate", "throttles", "p50", "p95", "p99", "maxConcurrency", "coldStartRate", "cost", "health", "invocationsTrend", "errorsTrend"} {
				if !slices.Contains(fieldNames(f[0]), col) {
					t.Errorf("no %s column", col)
				}
			}
			trends, _ := f[0].FieldByName("invocationsTrend")
			var trend []float64
			if err := json.Unmarshal(trends.At(0).(json.RawMessage), &trend); err != nil || len(trend) != model.TrendPoints {
				t.Errorf("trend %s: %v", trends.At(0), err)
			}
			if f[0].Meta.PreferredVisualization != data.VisTypeTable {
				t.Error("not shown as a table")
			}
		}},
		{"logs are log lines", q(`{"queryType":"logs","names":["booking-api-handler"],"preset":"errors","limit":20}`), 1, func(t *testing.T, f data.Frames) {
			frame := f[0]
			if frame.Meta.Type != data.FrameTypeLogLines || frame.Meta.PreferredVisualization != data.VisTypeLogs {
				t.Errorf("meta %+v", frame.Meta)
			}
			if names := fieldNames(frame); !slices.Equal(names[:5], []string{"timestamp", "body", "severity", "id", "labels"}) {
				t.Errorf("fields %v", names)
			}
			if rows, _ := frame.RowLen(); rows != 20 {
				t.Errorf("%d rows, want the limit", rows)
			}
			var labels map[string]string
			if err := json.Unmarshal(frame.Fields[4].At(0).(json.RawMessage), &labels); err != nil || labels["function"] != "booking-api-handler" {
				t.Errorf("labels %v %v", labels, err)
			}
			if frame.Fields[2].At(0) != "error" {
				t.Errorf("severity %v", frame.Fields[2].At(0))
			}
			for field, link := range map[string]string{"requestId": "var-search=${__value.raw}", "traceId": "#xray:traces/${__value.raw}"} {
				f, _ := frame.FieldByName(field)
				if f.Config == nil || len(f.Config.Links) != 1 || !strings.Contains(f.Config.Links[0].URL, link) {
					t.Errorf("%s links %+v, want one with %s", field, f.Config, link)
				}
			}
			fn, _ := frame.FieldByName("function")
			if fn.At(0) != "booking-api-handler" {
				t.Errorf("function %v", fn.At(0))
			}
		}},
		{"cold starts carry Init Duration", q(`{"queryType":"logs","names":["OrderProcessorFunction"],"preset":"coldStarts","limit":5}`), 1, func(t *testing.T, f data.Frames) {
			init, _ := f[0].FieldByName("initDurationMs")
			if v, ok := init.At(0).(*float64); !ok || v == nil || *v <= 0 {
				t.Errorf("initDurationMs %v", init.At(0))
			}
		}},
		{"top errors rank messages", q(`{"queryType":"logs","preset":"topErrors"}`), 1, func(t *testing.T, f data.Frames) {
			counts, _ := f[0].FieldByName("count")
			if counts.Len() == 0 || counts.At(0).(int64) < counts.At(counts.Len()-1).(int64) {
				t.Errorf("counts not in descending order")
			}
			// The newest occurrence of each error links to its request's lines and its trace.
			trace, _ := f[0].FieldByName("traceId")
			if trace == nil || !strings.HasPrefix(trace.At(0).(string), "1-") || len(trace.Config.Links) != 1 {
				t.Errorf("top errors carry no linked trace id: %v", trace)
			}
		}},
		{"topology is nodes and edges", q(`{"queryType":"topology"}`), 2, func(t *testing.T, f data.Frames) {
			if f[0].Name != "nodes" || f[1].Name != "edges" || f[0].Meta.PreferredVisualization != data.VisTypeNodeGraph {
				t.Fatalf("frames %s %s", f[0].Name, f[1].Name)
			}
			for _, col := range []string{"id", "title", "mainstat", "secondarystat", "arc__ok", "arc__warning", "arc__critical"} {
				if !slices.Contains(fieldNames(f[0]), col) {
					t.Errorf("nodes have no %s", col)
				}
			}
			ids, _ := f[0].FieldByName("id")
			known := map[string]bool{}
			for i := range ids.Len() {
				known[ids.At(i).(string)] = true
			}
			for _, end := range []string{"source", "target"} {
				field, _ := f[1].FieldByName(end)
				for i := range field.Len() {
					if !known[field.At(i).(string)] {
						t.Errorf("edge %s %v is not a node", end, field.At(i))
					}
				}
			}
		}},
		{"annotations are deployments", q(`{"queryType":"annotations","names":["OrderProcessorFunction"]}`), 1, func(t *testing.T, f data.Frames) {
			if names := fieldNames(f[0]); !slices.Equal(names, []string{"time", "title", "text", "tags"}) {
				t.Errorf("fields %v", names)
			}
			if rows, _ := f[0].RowLen(); rows < 2 {
				t.Errorf("%d annotations; the bad deploy and its rollback happen daily", rows)
			}
		}},
		{"variable lists names", q(`{"queryType":"variable","variable":"functions","region":"us-west-2"}`), 1, func(t *testing.T, f data.Frames) {
			text, _ := f[0].FieldByName("text")
			var got []string
			for i := range text.Len() {
				got = append(got, text.At(i).(string))
			}
			if !slices.Equal(got, []string{"NotificationServiceFunction", "order-dlq-redriver"}) {
				t.Errorf("functions in us-west-2: %v", got)
			}
		}},
		{"runtimes for a variable", q(`{"queryType":"variable","variable":"runtimes"}`), 1, func(t *testing.T, f data.Frames) {
			text, _ := f[0].FieldByName("text")
			var got []string
			for i := range text.Len() {
				got = append(got, text.At(i).(string))
			}
			if !slices.Equal(got, []string{"java21", "nodejs20.x", "provided.al2023", "python3.12"}) {
				t.Errorf("runtimes %v", got)
			}
		}},
		{"inventory of one runtime", q(`{"queryType":"inventory","runtime":"python3.12"}`), 1, func(t *testing.T, f data.Frames) {
			runtime, _ := f[0].FieldByName("runtime")
			if runtime.Len() != 3 {
				t.Errorf("%d python functions, want 3", runtime.Len())
			}
			for i := range runtime.Len() {
				if runtime.At(i) != "python3.12" {
					t.Errorf("row %d runtime %v", i, runtime.At(i))
				}
			}
		}},
		{"pattern selects resources", q(`{"queryType":"metrics","resourceKind":"lambda","pattern":"^payment","metric":"Errors","statistic":"Sum"}`), 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := queryDay(d, tt.query).Responses["A"]
			if res.Error != nil {
				t.Fatalf("error %v", res.Error)
			}
			if len(res.Frames) != tt.wantFrames {
				t.Fatalf("%d frames, want %d", len(res.Frames), tt.wantFrames)
			}
			if tt.check != nil {
				tt.check(t, res.Frames)
			}
		})
	}
}

func TestQueriesAreDeterministic(t *testing.T) {
	valid, _ := querytest.Examples(t)
	for _, ex := range valid {
		first := queryDay(newTestDatasource(t, `{}`), backend.DataQuery{RefID: "A", JSON: ex.Query}).Responses["A"]
		second := queryDay(newTestDatasource(t, `{}`), backend.DataQuery{RefID: "A", JSON: ex.Query}).Responses["A"]
		a, errA := json.Marshal(first.Frames)
		b, errB := json.Marshal(second.Frames)
		if errA != nil || errB != nil || string(a) != string(b) {
			t.Errorf("%s: two runs over the same range differ (%v %v)", ex.Name, errA, errB)
		}
	}
}

func benchmarkInventory(b *testing.B, functions int) {
	d := newTestDatasource(b, jsonScale(functions))
	req := &backend.QueryDataRequest{Queries: []backend.DataQuery{{RefID: "A", QueryType: "inventory",
		TimeRange: backend.TimeRange{From: dayStart, To: dayStart.Add(24 * time.Hour)}, JSON: []byte(`{}`)}}}
	b.ReportAllocs()
	for b.Loop() {
		res, _ := d.QueryData(context.Background(), req)
		if rows, _ := res.Responses["A"].Frames[0].RowLen(); rows != functions {
			b.Fatalf("%d rows", rows)
		}
	}
}

func jsonScale(functions int) string {
	b, _ := json.Marshal(map[string]int{"demoFunctions": functions})
	return string(b)
}

func BenchmarkQueryDataInventory1000(b *testing.B) { benchmarkInventory(b, 1000) }
func BenchmarkQueryDataInventory5000(b *testing.B) { benchmarkInventory(b, 5000) }

func TestRangeTooLargeForTheDataFailsItsQuery(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	res, _ := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{
		RefID: "A", QueryType: "metrics", TimeRange: backend.TimeRange{From: dayStart.Add(-80 * 24 * time.Hour), To: dayStart},
		JSON: []byte(`{"resourceKind":"lambda","names":["ledger-writer"],"metric":"Errors","statistic":"Sum","period":60}`),
	}}})
	if got := res.Responses["A"]; got.Error == nil || !strings.Contains(got.Error.Error(), "more than CloudWatch's 100800") {
		t.Fatalf("error %v, want the datapoint limit named", got.Error)
	}
}
