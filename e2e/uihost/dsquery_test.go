//go:build e2e

package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"google.golang.org/grpc"
)

// recordingData stands in for the plugin's data client: it keeps the request and answers nothing,
// or, when block is set, waits for the caller to give up.
type recordingData struct {
	pluginv2.DataClient
	got       chan *pluginv2.QueryDataRequest
	block     bool
	cancelled chan struct{}
}

func (d *recordingData) QueryData(ctx context.Context, req *pluginv2.QueryDataRequest, _ ...grpc.CallOption) (*pluginv2.QueryDataResponse, error) {
	d.got <- req
	if d.block {
		<-ctx.Done()
		close(d.cancelled)
		return nil, ctx.Err()
	}
	return &pluginv2.QueryDataResponse{Responses: map[string]*pluginv2.DataResponse{}}, nil
}

func TestQueriesReachThePluginAsGrafanaSendsThem(t *testing.T) {
	data := &recordingData{got: make(chan *pluginv2.QueryDataRequest, 1)}
	srv := newTestServer(t, plugin{data: data}, options{demoFunctions: 40})
	before := time.Now()
	r := do(t, srv, "POST", "/api/ds/query", dsQuery(`"now-24h"`, `"now"`,
		`{"refId":"A","datasource":{"uid":"serverless-demo","type":"seed-serverless-datasource"},"queryType":"inventory","intervalMs":60000,"maxDataPoints":1500,"region":"eu-west-1"}`,
		`{"datasource":{"uid":"serverless-demo"},"queryType":"logs"}`))
	if r.status != http.StatusOK || r.body != `{"results":{}}` {
		t.Fatalf("got %d %s", r.status, r.body)
	}
	req := <-data.got

	pc := req.PluginContext
	settings := pc.DataSourceInstanceSettings
	if pc.OrgId != 1 || pc.PluginId != "seed-serverless-datasource" || pc.User.Login != "admin" || pc.User.Role != "Admin" ||
		settings.Id != 1 || settings.Uid != "serverless-demo" || settings.Name != "Serverless (demo)" ||
		string(settings.JsonData) != `{"demoFunctions":40,"mode":"demo"}` || settings.LastUpdatedMS == 0 {
		t.Fatalf("plugin context %+v", pc)
	}

	if len(req.Queries) != 2 {
		t.Fatalf("%d queries, want both in one call", len(req.Queries))
	}
	a, b := req.Queries[0], req.Queries[1]
	if a.RefId != "A" || a.QueryType != "inventory" || a.IntervalMS != 60000 || a.MaxDataPoints != 1500 ||
		!strings.Contains(string(a.Json), `"region":"eu-west-1"`) {
		t.Fatalf("query A %+v", a)
	}
	if b.RefId != "A" || b.QueryType != "logs" || b.IntervalMS != 1000 || b.MaxDataPoints != 100 {
		t.Fatalf("query without refId, interval or points: %+v, want Grafana's defaults A, 1000, 100", b)
	}
	from, to := time.UnixMilli(a.TimeRange.FromEpochMS), time.UnixMilli(a.TimeRange.ToEpochMS)
	if span := to.Sub(from); span < 24*time.Hour-time.Second || span > 24*time.Hour+time.Second || to.Before(before.Add(-time.Second)) {
		t.Fatalf("range %s to %s, want the last 24h", from, to)
	}
	var model map[string]any
	if err := json.Unmarshal(a.Json, &model); err != nil || model["datasource"] == nil {
		t.Fatalf("the plugin must get the whole query as its JSON: %s", a.Json)
	}
}

func TestClosedBrowserRequestCancelsTheQuery(t *testing.T) {
	data := &recordingData{got: make(chan *pluginv2.QueryDataRequest, 1), block: true, cancelled: make(chan struct{})}
	srv := newTestServer(t, plugin{data: data}, options{})
	ctx, cancel := context.WithCancel(t.Context())
	req, _ := http.NewRequestWithContext(ctx, "POST", srv.URL+"/api/ds/query", strings.NewReader(dsQuery(`"now-1h"`, `"now"`, inventoryQuery)))
	done := make(chan struct{})
	go func() {
		defer close(done)
		if res, err := srv.Client().Do(req); err == nil {
			res.Body.Close()
		}
	}()
	<-data.got
	cancel()
	select {
	case <-data.cancelled:
	case <-time.After(10 * time.Second):
		t.Fatal("the plugin call was not cancelled when the browser went away")
	}
	<-done
}
