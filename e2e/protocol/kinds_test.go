//go:build e2e

package protocol

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/seed/serverless/pkg/query/querytest"
)

// wantFrames is what each query kind answers with, as Grafana's panels expect it.
var wantFrames = map[string]struct {
	count int
	check func(t *testing.T, frames data.Frames)
}{
	"metrics": {-1, func(t *testing.T, f data.Frames) {
		wantMeta(t, f[0], func(m *data.FrameMeta) bool { return m.Type == data.FrameTypeTimeSeriesMulti })
	}},
	"inventory": {1, func(t *testing.T, f data.Frames) {
		wantMeta(t, f[0], func(m *data.FrameMeta) bool { return m.PreferredVisualization == data.VisTypeTable })
	}},
	"logs": {1, func(t *testing.T, f data.Frames) {
		wantMeta(t, f[0], func(m *data.FrameMeta) bool {
			return m.Type == data.FrameTypeLogLines || m.PreferredVisualization == data.VisTypeTable
		})
	}},
	"topology": {2, func(t *testing.T, f data.Frames) {
		if f[0].Name != "nodes" || f[1].Name != "edges" {
			t.Errorf("frames %q and %q, want nodes and edges", f[0].Name, f[1].Name)
		}
	}},
	"annotations": {1, nil},
	"slo":         {1, nil},
	"variable": {1, func(t *testing.T, f data.Frames) {
		if _, i := f[0].FieldByName("text"); i < 0 {
			t.Error("variable frame has no text field")
		}
	}},
}

func wantMeta(t *testing.T, f *data.Frame, ok func(*data.FrameMeta) bool) {
	t.Helper()
	if f.Meta == nil || !ok(f.Meta) {
		t.Errorf("frame %q has meta %+v", f.Name, f.Meta)
	}
}

func TestEveryQueryKindOverGRPC(t *testing.T) {
	host := startPlugin(t)
	valid, invalid := querytest.Examples(t)
	for _, ex := range valid {
		t.Run(ex.Name, func(t *testing.T) {
			res := host.queryData(t, demo, &pluginv2.DataQuery{RefId: "A", TimeRange: oneHour, MaxDataPoints: 1000, IntervalMS: 60_000, Json: ex.Query})
			a := res.Responses["A"]
			if a.Error != "" {
				t.Fatalf("error: %s", a.Error)
			}
			frames := decodeFrames(t, a)
			kind := queryTypeOf(t, ex.Query)
			want := wantFrames[kind]
			if len(frames) == 0 || (want.count > 0 && len(frames) != want.count) {
				t.Fatalf("%d frames for a %s query, want %d", len(frames), kind, want.count)
			}
			if want.check != nil {
				want.check(t, frames)
			}
		})
	}
	for _, ex := range invalid {
		t.Run(ex.Name, func(t *testing.T) {
			res := host.queryData(t, demo, &pluginv2.DataQuery{RefId: "A", TimeRange: oneHour, Json: ex.Query})
			if a := res.Responses["A"]; !strings.Contains(a.Error, ex.Error) || a.Status != 400 {
				t.Fatalf("status %d error %q, want 400 containing %q", a.Status, a.Error, ex.Error)
			}
		})
	}
}

func queryTypeOf(t *testing.T, raw []byte) string {
	var q struct {
		QueryType string `json:"queryType"`
	}
	if err := json.Unmarshal(raw, &q); err != nil || q.QueryType == "" {
		t.Fatalf("example has no queryType (%v): %s", err, raw)
	}
	return q.QueryType
}

// Serving many queries must not grow the plugin's memory: nothing may be kept per query.
func TestMemoryStaysFlatAcrossQueries(t *testing.T) {
	host := startPlugin(t)
	pid := host.Pid()
	inventory := &pluginv2.DataQuery{RefId: "A", QueryType: "inventory", TimeRange: oneHour, Json: []byte(`{}`)}
	logs := &pluginv2.DataQuery{RefId: "B", QueryType: "logs", TimeRange: oneHour, Json: []byte(`{"preset":"errors","limit":500}`)}
	serve := func(n int) {
		for range n {
			host.queryData(t, pluginContext("scaled", `{"demoFunctions":1000}`), inventory, logs)
		}
	}
	serve(50)
	warm := rssKB(t, pid)
	serve(200)
	after := rssKB(t, pid)
	if after > warm*13/10+4096 {
		t.Fatalf("resident memory grew from %d kB to %d kB over 200 more queries", warm, after)
	}
	t.Logf("resident memory %d kB after 50 queries, %d kB after 250", warm, after)
}

func rssKB(t *testing.T, pid int) int {
	status, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Skipf("cannot read the plugin's memory here: %v", err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.Fields(rest)[0])
			return kb
		}
	}
	t.Fatal("no VmRSS")
	return 0
}
