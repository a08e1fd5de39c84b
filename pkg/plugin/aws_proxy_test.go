package plugin

import (
	"context"
	"testing"
	"time"

	"github.com/grafana/grafana-aws-sdk/pkg/awsds"
	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/awsclients/proxytest"
)

// A data source whose connection names an HTTP proxy (@grafana/aws-sdk's proxyType "url") reaches
// every AWS service through it once Grafana allows per data source proxies, and none while it
// does not. The stand-ins are plain HTTP, so the proxy forwards each call and reads which service
// its signature is for.
func TestEveryAWSCallGoesThroughTheDataSourcesProxy(t *testing.T) {
	services := []string{"monitoring", "logs", "lambda", "apigateway", "sqs", "states", "events"}
	for _, allowed := range []bool{true, false} {
		t.Run(map[bool]string{true: "Grafana allows it", false: "Grafana does not allow it"}[allowed], func(t *testing.T) {
			proxy := proxytest.New(t)
			grafana := map[string]string{awsds.PerDatasourceHTTPProxyEnabledEnvVarKeyName: "false"}
			if allowed {
				grafana[awsds.PerDatasourceHTTPProxyEnabledEnvVarKeyName] = "true"
			}
			d, _ := newAWSDatasource(t, awsTestOptions{
				jsonData: map[string]any{"proxyType": "url", "proxyUrl": proxy.URL, "proxyUsername": "grafana"},
				secure:   map[string]string{"proxyPassword": "proxy-secret"},
				grafana:  grafana,
			})
			// Grafana's configuration travels with every call, as the plugin SDK hands it over.
			ctx := backend.WithGrafanaConfig(context.Background(), backend.NewGrafanaCfg(grafana))
			queries := []backend.DataQuery{
				{RefID: "map", QueryType: "topology", JSON: []byte(`{}`)},
				{RefID: "inventory", QueryType: "inventory", JSON: []byte(`{}`)},
				{RefID: "logs", QueryType: "logs", JSON: []byte(`{"preset":"errors","limit":10}`)},
			}
			for i := range queries {
				queries[i].TimeRange = backend.TimeRange{From: dayStart, To: dayStart.Add(24 * time.Hour)}
				queries[i].MaxDataPoints = 1000
			}
			res, err := d.QueryData(ctx, &backend.QueryDataRequest{Queries: queries})
			if err != nil {
				t.Fatal(err)
			}
			for refID, r := range res.Responses {
				if r.Error != nil {
					t.Fatalf("%s: %v", refID, r.Error)
				}
			}
			through := proxy.Services()
			t.Logf("calls through the proxy by service: %v", through)
			if !allowed {
				if proxy.Total() != 0 {
					t.Fatalf("the proxy served %d requests (%v) though Grafana does not allow it", proxy.Total(), through)
				}
				return
			}
			for _, service := range services {
				if through[service] == 0 {
					t.Errorf("no %s call went through the proxy: %v", service, through)
				}
			}
			if through[""] != 0 {
				t.Errorf("%d unsigned requests went through the proxy", through[""])
			}
			if !proxy.SawUser("grafana") {
				t.Error("the data source's proxy user name did not reach the proxy")
			}
		})
	}
}
