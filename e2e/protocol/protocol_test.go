//go:build e2e

package protocol

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"google.golang.org/protobuf/proto"
)

var (
	hourStart = time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)
	oneHour   = &pluginv2.TimeRange{FromEpochMS: hourStart.UnixMilli(), ToEpochMS: hourStart.Add(time.Hour).UnixMilli()}
	demo      = pluginContext("demo", `{"mode":"demo"}`)
)

func metricsQuery(refID, jsonModel string) *pluginv2.DataQuery {
	return &pluginv2.DataQuery{RefId: refID, QueryType: "metrics", TimeRange: oneHour, MaxDataPoints: 1000,
		IntervalMS: 60_000, Json: []byte(jsonModel)}
}

const invocationsOfPaymentsInitializer = `{"resourceKind":"lambda","names":["payments-initializer"],"metric":"Invocations","statistic":"Sum","period":300}`

func TestCheckHealth(t *testing.T) {
	host := startPlugin(t)
	tests := []struct {
		name        string
		pc          *pluginv2.PluginContext
		wantStatus  pluginv2.CheckHealthResponse_HealthStatus
		wantMessage string
	}{
		{"demo mode is ready", demo, pluginv2.CheckHealthResponse_OK, "Demo estate ready:"},
		{"empty settings default to demo", pluginContext("empty", ``), pluginv2.CheckHealthResponse_OK, "Demo estate ready:"},
		{"unknown mode names the field", pluginContext("bad-mode", `{"mode":"gcp"}`), pluginv2.CheckHealthResponse_ERROR,
			`settings: mode must be "demo" or "aws", got "gcp"`},
		{"broken jsonData", pluginContext("broken", `{"mode":`), pluginv2.CheckHealthResponse_ERROR, "settings: jsonData is not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := host.Diagnostics.CheckHealth(t.Context(), &pluginv2.CheckHealthRequest{PluginContext: tt.pc})
			if err != nil {
				t.Fatalf("CheckHealth: %v", err)
			}
			if res.Status != tt.wantStatus || !strings.Contains(res.Message, tt.wantMessage) {
				t.Fatalf("got %s %q, want %s containing %q", res.Status, res.Message, tt.wantStatus, tt.wantMessage)
			}
		})
	}
}

func TestQueryDataReturnsTypedTimeSeries(t *testing.T) {
	host := startPlugin(t)
	res := host.queryData(t, demo, metricsQuery("A", invocationsOfPaymentsInitializer))
	a := res.Responses["A"]
	if a.Error != "" {
		t.Fatalf("query A failed: %s", a.Error)
	}
	frames := decodeFrames(t, a)
	if len(frames) != 1 {
		t.Fatalf("got %d frames, want 1 (one per function)", len(frames))
	}
	frame := frames[0]
	if frame.Meta == nil || frame.Meta.Type != data.FrameTypeTimeSeriesMulti {
		t.Fatalf("frame meta %+v, want type %s", frame.Meta, data.FrameTypeTimeSeriesMulti)
	}
	if rows, _ := frame.RowLen(); rows != 12 {
		t.Fatalf("got %d rows, want 12 five-minute buckets in an hour", rows)
	}
	timeField, valueField := frame.Fields[0], frame.Fields[1]
	for i := range 12 {
		want := hourStart.Add(time.Duration(i) * 5 * time.Minute)
		if got := timeField.At(i).(time.Time); !got.Equal(want) {
			t.Fatalf("row %d at %s, want %s", i, got, want)
		}
		if v := valueField.At(i).(float64); v <= 0 {
			t.Fatalf("row %d: %v invocations in a weekday afternoon, want > 0", i, v)
		}
	}
	if valueField.Labels["FunctionName"] != "payments-initializer" {
		t.Fatalf("labels %v, want FunctionName=payments-initializer", valueField.Labels)
	}
	if valueField.Config == nil || valueField.Config.DisplayNameFromDS == "" {
		t.Fatalf("value field has no display name: %+v", valueField.Config)
	}
}

func TestQueryDataIsDeterministic(t *testing.T) {
	host := startPlugin(t)
	first := host.queryData(t, demo, metricsQuery("A", invocationsOfPaymentsInitializer))
	second := host.queryData(t, demo, metricsQuery("A", invocationsOfPaymentsInitializer))
	if !proto.Equal(first.Responses["A"], second.Responses["A"]) {
		t.Fatal("the same query over the same absolute range gave different frames")
	}
}

func TestBadQueryFailsOnlyItsOwnRefIDAndThePluginKeepsServing(t *testing.T) {
	host := startPlugin(t)
	res := host.queryData(t, demo,
		metricsQuery("good", invocationsOfPaymentsInitializer),
		metricsQuery("badJSON", `{"metric":`),
		&pluginv2.DataQuery{RefId: "badKind", QueryType: "tarot", TimeRange: oneHour, Json: []byte(`{}`)},
		metricsQuery("badPeriod", `{"resourceKind":"lambda","metric":"Invocations","statistic":"Sum","period":90}`),
	)
	wantErrors := map[string]string{
		"badJSON":   "query is not valid JSON",
		"badKind":   `queryType "tarot" is not supported`,
		"badPeriod": "period must be 0 (auto) or a multiple of 60 seconds",
	}
	for refID, want := range wantErrors {
		got := res.Responses[refID]
		if got == nil || !strings.Contains(got.Error, want) || got.Status != http.StatusBadRequest {
			t.Errorf("%s: got %+v, want status 400 and an error containing %q", refID, got, want)
		}
	}
	if good := res.Responses["good"]; good.Error != "" || len(decodeFrames(t, good)) != 1 {
		t.Fatalf("the good query next to bad ones failed: %+v", good)
	}

	if host.Exited() {
		t.Fatal("plugin process exited after bad queries")
	}
	again := host.queryData(t, demo, metricsQuery("A", invocationsOfPaymentsInitializer))
	if again.Responses["A"].Error != "" {
		t.Fatalf("plugin stopped answering after bad queries: %s", again.Responses["A"].Error)
	}
}

func TestCallResource(t *testing.T) {
	host := startPlugin(t)
	code, body := host.callResource(t, demo, "info")
	if code != http.StatusOK {
		t.Fatalf("GET info: status %d, body %s", code, body)
	}
	var info struct {
		Plugin     string   `json:"plugin"`
		Mode       string   `json:"mode"`
		QueryKinds []string `json:"queryKinds"`
	}
	if err := json.Unmarshal(body, &info); err != nil {
		t.Fatalf("GET info: body is not JSON: %v: %s", err, body)
	}
	if info.Plugin != pluginID || info.Mode != "demo" || len(info.QueryKinds) == 0 {
		t.Fatalf("GET info: %+v", info)
	}

	code, body = host.callResource(t, demo, "no-such-route")
	if code != http.StatusNotFound {
		t.Fatalf("GET no-such-route: status %d, want 404; body %s", code, body)
	}
}
