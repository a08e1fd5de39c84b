// Package plugin answers Grafana's calls to the data source: QueryData, CheckHealth and CallResource.
package plugin

import (
	"context"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/resource/httpadapter"

	"github.com/seed/serverless/pkg/cloudwatch"
	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/settings"
)

// ID is the data source's plugin id, as in src/datasource/plugin.json.
const ID = "seed-serverless-datasource"

var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ backend.CallResourceHandler   = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// Datasource is one configured instance of the data source.
type Datasource struct {
	settings settings.Settings
	// settingsErr is kept rather than failing the instance so CheckHealth can say what is wrong.
	settingsErr error
	estate      *demo.Estate
	// planner reads CloudWatch in AWS mode.
	planner   *cloudwatch.Planner
	resources backend.CallResourceHandler
}

// NewDatasource builds an instance from its settings; Grafana calls it again when they change.
func NewDatasource(_ context.Context, instance backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	s, err := settings.Load(instance)
	d := &Datasource{settings: s, settingsErr: err}
	switch {
	case err != nil:
	case s.Mode == settings.ModeDemo:
		d.estate = demo.New(demo.Options{Functions: s.DemoFunctions})
	case s.Mode == settings.ModeAWS:
		d.planner = cloudwatch.NewPlanner(cloudwatch.NewSDKClients(s.AWS, cloudwatch.ClientOptions{}), cloudwatch.Options{})
	}
	mux := http.NewServeMux()
	d.registerRoutes(mux)
	d.resources = httpadapter.New(mux)
	return d, nil
}

// Dispose releases nothing: neither the demo estate nor the planner holds goroutines, and idle
// HTTP connections close on their own.
func (d *Datasource) Dispose() {}

// CallResource serves the data source's HTTP routes under /api/datasources/uid/<uid>/resources.
func (d *Datasource) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	return d.resources.CallResource(ctx, req, sender)
}
