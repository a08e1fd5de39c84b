package plugin

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/mode/demomode"
)

var hourStart = time.Date(2026, 11, 18, 14, 0, 0, 0, time.UTC)

func newTestDatasource(t testing.TB, jsonData string) *Datasource {
	t.Helper()
	inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{UID: "test", JSONData: []byte(jsonData)})
	if err != nil {
		t.Fatalf("NewDatasource: %v", err)
	}
	return inst.(*Datasource)
}

func metricsQuery(refID, model string) backend.DataQuery {
	return backend.DataQuery{RefID: refID, QueryType: "metrics", MaxDataPoints: 1000, Interval: time.Minute,
		TimeRange: backend.TimeRange{From: hourStart, To: hourStart.Add(time.Hour)}, JSON: []byte(model)}
}

func TestQueryDataAnswersEachQueryOnItsOwn(t *testing.T) {
	d := newTestDatasource(t, `{"mode":"demo"}`)
	tests := []struct {
		name       string
		model      string
		wantFrames int
		wantErr    string
	}{
		{"one function", `{"resourceKind":"lambda","names":["ledger-writer"],"metric":"Errors","statistic":"Sum","period":60}`, 1, ""},
		{"every function when no names", `{"resourceKind":"lambda","metric":"Duration","statistic":"p99","period":300}`, 10, ""},
		{"unknown function", `{"resourceKind":"lambda","names":["ghost"],"metric":"Errors","statistic":"Sum"}`, 0, `no lambda resource named "ghost"`},
		{"unknown kind", `{"resourceKind":"ec2","metric":"Errors","statistic":"Sum"}`, 0, `resourceKind "ec2" is not known`},
		{"metric of another kind", `{"resourceKind":"lambda","metric":"5XXError","statistic":"Sum"}`, 0, `metric "5XXError" is not a lambda metric`},
		{"statistic not allowed", `{"resourceKind":"lambda","metric":"Invocations","statistic":"p90"}`, 0, "statistic p90 does not apply to Invocations"},
		{"broken JSON", `{"resourceKind":`, 0, "query is not valid JSON"},
	}
	queries := make([]backend.DataQuery, len(tests))
	for i, tt := range tests {
		queries[i] = metricsQuery(tt.name, tt.model)
	}
	res, err := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: queries})
	if err != nil {
		t.Fatalf("QueryData: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := res.Responses[tt.name]
			if tt.wantErr != "" {
				if got.Error == nil || !strings.Contains(got.Error.Error(), tt.wantErr) || got.Status != backend.StatusBadRequest {
					t.Fatalf("got status %d error %v, want 400 containing %q", got.Status, got.Error, tt.wantErr)
				}
				return
			}
			if got.Error != nil {
				t.Fatalf("unexpected error: %v", got.Error)
			}
			if len(got.Frames) != tt.wantFrames {
				t.Fatalf("got %d frames, want %d", len(got.Frames), tt.wantFrames)
			}
		})
	}
}

func TestMetricFrameFollowsGrafanaConventions(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	res, _ := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{
		metricsQuery("A", `{"resourceKind":"lambda","names":["payment-finalizer"],"metric":"Duration","statistic":"p95","period":300}`),
	}})
	frame := res.Responses["A"].Frames[0]
	if frame.Meta.Type != data.FrameTypeTimeSeriesMulti {
		t.Errorf("frame type %s", frame.Meta.Type)
	}
	if rows, _ := frame.RowLen(); rows != 12 {
		t.Errorf("%d rows, want 12", rows)
	}
	value := frame.Fields[1]
	if value.Config.Unit != "ms" || value.Labels["FunctionName"] != "payment-finalizer" || value.Labels["region"] != "us-east-1" {
		t.Errorf("value field unit %q labels %v", value.Config.Unit, value.Labels)
	}
	if !strings.Contains(frame.Meta.ExecutedQueryString, "p95 Duration of lambda payment-finalizer") {
		t.Errorf("executed query %q", frame.Meta.ExecutedQueryString)
	}
}

func TestSettingsAndModeErrorsReachTheUser(t *testing.T) {
	tests := []struct {
		name       string
		jsonData   string
		wantHealth backend.HealthStatus
		wantText   string
	}{
		{"demo", `{"mode":"demo"}`, backend.HealthStatusOk, "Demo estate ready: 10 functions in 3 regions"},
		{"scaled demo", `{"mode":"demo","demoFunctions":1000}`, backend.HealthStatusOk, "Demo estate ready: 1000 functions in 3 regions"},
		{"aws without a region", `{"mode":"aws"}`, backend.HealthStatusError, "settings: defaultRegion is required in aws mode"},
		{"bad mode", `{"mode":"azure"}`, backend.HealthStatusError, `mode must be "demo" or "aws", got "azure"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newTestDatasource(t, tt.jsonData)
			health, err := d.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
			if err != nil {
				t.Fatal(err)
			}
			if health.Status != tt.wantHealth || !strings.Contains(health.Message, tt.wantText) {
				t.Fatalf("health %v %q, want %v containing %q", health.Status, health.Message, tt.wantHealth, tt.wantText)
			}
			if tt.wantHealth == backend.HealthStatusOk {
				return
			}
			res, _ := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{
				metricsQuery("A", `{"resourceKind":"lambda","metric":"Errors","statistic":"Sum"}`),
			}})
			if got := res.Responses["A"].Error; got == nil || !strings.Contains(got.Error(), tt.wantText) {
				t.Fatalf("query error %v, want it to contain %q", got, tt.wantText)
			}
		})
	}
}

func TestPanicInAQueryFailsOnlyThatQuery(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	d.mode = (*demomode.Mode)(nil) // any demo query now dereferences nil
	res, err := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{
		metricsQuery("A", `{"resourceKind":"lambda","metric":"Errors","statistic":"Sum"}`),
		metricsQuery("B", `{"metric":`),
	}})
	if err != nil {
		t.Fatalf("QueryData returned %v; a panic must stay inside its query", err)
	}
	if got := res.Responses["A"]; got.Status != backend.StatusInternal || !strings.Contains(got.Error.Error(), "internal error while running query A") {
		t.Fatalf("A: %d %v", got.Status, got.Error)
	}
	if got := res.Responses["B"]; got.Status != backend.StatusBadRequest {
		t.Fatalf("B: %d %v", got.Status, got.Error)
	}
}

type recordedResponse struct {
	status int
	body   []byte
}

func (r *recordedResponse) Send(res *backend.CallResourceResponse) error {
	r.status = res.Status
	r.body = append(r.body, res.Body...)
	return nil
}

func TestResources(t *testing.T) {
	d := newTestDatasource(t, `{}`)
	tests := []struct {
		path       string
		wantStatus int
		wantBody   string
	}{
		{"info", http.StatusOK, `"queryKinds":["metrics","inventory","logs","topology","annotations","variable","slo"]`},
		{"slos", http.StatusOK, `{"name":"checkout-availability","service":"payments"`},
		{"nowhere", http.StatusNotFound, "no resource at GET /nowhere"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			var rec recordedResponse
			err := d.CallResource(context.Background(), &backend.CallResourceRequest{Path: tt.path, Method: "GET", URL: tt.path}, &rec)
			if err != nil {
				t.Fatal(err)
			}
			if rec.status != tt.wantStatus || !strings.Contains(string(rec.body), tt.wantBody) {
				t.Fatalf("status %d body %s", rec.status, rec.body)
			}
			if !json.Valid(rec.body) {
				t.Fatalf("body is not JSON: %s", rec.body)
			}
		})
	}
}
