//go:build e2e

package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

const (
	inventoryQuery = `{"refId":"A","datasource":{"uid":"serverless-demo","type":"seed-serverless-datasource"},"queryType":"inventory"}`
	unknownKind    = `{"refId":"B","datasource":{"uid":"serverless-demo","type":"seed-serverless-datasource"},"queryType":"nope"}`
)

func dsQuery(from, to string, queries ...string) string {
	return `{"queries":[` + strings.Join(queries, ",") + `],"from":` + from + `,"to":` + to + `}`
}

// The browser's path to the real plugin: POST /api/ds/query through the server, over gRPC to the
// built binary and back as Grafana's JSON.
func TestQueryThroughTheBuiltPlugin(t *testing.T) {
	srv := newTestServer(t, startPlugin(t), options{})
	tests := []struct {
		name       string
		body       string
		status     int
		wantRows   map[string]bool   // refId: whether it must have rows
		wantErrors map[string]string // refId: part of its error
	}{
		{"inventory over the last 24h", dsQuery(`"now-24h"`, `"now"`, inventoryQuery), http.StatusOK,
			map[string]bool{"A": true}, nil},
		{"epoch milliseconds as strings", dsQuery(`"1795132800000"`, `"1795219200000"`, inventoryQuery), http.StatusOK,
			map[string]bool{"A": true}, nil},
		{"a bad query fails only its own refId", dsQuery(`"now-24h"`, `"now"`, inventoryQuery, unknownKind), http.StatusBadRequest,
			map[string]bool{"A": true}, map[string]string{"B": `queryType "nope" is not supported`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, srv, "POST", "/api/ds/query", tt.body, "Content-Type", "application/json")
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %.500s", r.status, tt.status, r.body)
			}
			var res backend.QueryDataResponse
			r.decode(t, &res)
			for refID := range tt.wantRows {
				dr := res.Responses[refID]
				if dr.Error != nil || dr.Status != backend.StatusOK || len(dr.Frames) == 0 {
					t.Fatalf("%s: error %v, status %d, %d frames", refID, dr.Error, dr.Status, len(dr.Frames))
				}
				if rows, _ := dr.Frames[0].RowLen(); rows == 0 {
					t.Fatalf("%s: no rows in frame %q", refID, dr.Frames[0].Name)
				}
			}
			for refID, want := range tt.wantErrors {
				dr := res.Responses[refID]
				if dr.Error == nil || !strings.Contains(dr.Error.Error(), want) || dr.Status != backend.StatusBadRequest {
					t.Fatalf("%s: error %v status %d, want 400 containing %q", refID, dr.Error, dr.Status, want)
				}
			}
		})
	}
}

// Requests Grafana refuses before any plugin sees them.
func TestQueryRequestsGrafanaRefuses(t *testing.T) {
	srv := newTestServer(t, plugin{}, options{})
	tests := []struct {
		name, body string
		status     int
		message    string
	}{
		{"from as a JSON number", dsQuery(`1795132800000`, `1795219200000`, inventoryQuery), http.StatusBadRequest, "bad request data"},
		{"no queries", dsQuery(`"now-1h"`, `"now"`), http.StatusBadRequest, "No queries found"},
		{"no data source", dsQuery(`"now-1h"`, `"now"`, `{"refId":"A","queryType":"inventory"}`), http.StatusBadRequest,
			"Missing data source ID/UID"},
		{"unknown data source", dsQuery(`"now-1h"`, `"now"`, `{"refId":"A","datasource":{"uid":"nope"}}`), http.StatusNotFound,
			"Data source not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, srv, "POST", "/api/ds/query", tt.body)
			if r.status != tt.status || r.body != `{"message":"`+tt.message+`"}` {
				t.Fatalf("got %d %s, want %d with message %q", r.status, r.body, tt.status, tt.message)
			}
		})
	}
}

func TestResourcesAndHealthThroughTheBuiltPlugin(t *testing.T) {
	srv := newTestServer(t, startPlugin(t), options{})
	checkExchanges(t, srv, []exchange{
		{"info", "GET", "/api/datasources/uid/serverless-demo/resources/info", "", http.StatusOK, `"mode":"demo"`},
		{"info with a query string", "GET", "/api/datasources/uid/serverless-demo/resources/info?x=y", "", http.StatusOK, `"plugin":"seed-serverless-datasource"`},
		{"SLO list", "GET", "/api/datasources/uid/serverless-demo/resources/slos", "", http.StatusOK, `"slos":[`},
		{"no such resource", "GET", "/api/datasources/uid/serverless-demo/resources/no-such-route", "", http.StatusNotFound, "no resource at GET /no-such-route"},
		{"method the route lacks", "POST", "/api/datasources/uid/serverless-demo/resources/info", "", http.StatusNotFound, "no resource at POST /info"},
		{"unknown data source", "GET", "/api/datasources/uid/nope/resources/info", "", http.StatusNotFound, `"message":"Data source not found"`},
		{"health", "GET", "/api/datasources/uid/serverless-demo/health", "", http.StatusOK, `"status":"OK"`},
	}, func(t *testing.T, ex exchange, r reply) {
		if ex.status == http.StatusOK && !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
			t.Fatalf("Content-Type %q, want the plugin's application/json", r.header.Get("Content-Type"))
		}
	})

	var health struct{ Status, Message string }
	do(t, srv, "GET", "/api/datasources/uid/serverless-demo/health", "").decode(t, &health)
	if !strings.HasPrefix(health.Message, "Demo estate ready:") {
		t.Fatalf("health message %q", health.Message)
	}
}

// The demo estate's size flag reaches the plugin: a bigger estate lists more functions.
func TestDemoFunctionsFlagSizesTheEstate(t *testing.T) {
	p := startPlugin(t)
	rows := func(demoFunctions int) int {
		srv := newTestServer(t, p, options{demoFunctions: demoFunctions})
		var res backend.QueryDataResponse
		do(t, srv, "POST", "/api/ds/query", dsQuery(`"now-24h"`, `"now"`, inventoryQuery)).decode(t, &res)
		n, _ := res.Responses["A"].Frames[0].RowLen()
		return n
	}
	small, big := rows(0), rows(500)
	if big <= small {
		t.Fatalf("inventory rows: %d by default, %d with -demo-functions 500", small, big)
	}
	raw, _ := json.Marshal(map[string]int{"default": small, "500": big})
	t.Logf("inventory rows %s", raw)
}
