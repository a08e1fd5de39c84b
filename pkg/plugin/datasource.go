// Package plugin answers Grafana's calls to the data source: QueryData, CheckHealth and CallResource.
package plugin

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/resource/httpadapter"

	"github.com/seed/serverless/pkg/awsclients"
	"github.com/seed/serverless/pkg/mode"
	"github.com/seed/serverless/pkg/mode/awsmode"
	"github.com/seed/serverless/pkg/mode/demomode"
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
	// mode answers the queries: the demo estate or AWS; nil while settingsErr is set.
	mode      mode.Mode
	resources backend.CallResourceHandler
}

// NewDatasource builds an instance from its settings; Grafana calls it again when they change.
// ctx carries Grafana's configuration, which says whether the secure socks proxy of Private Data
// source Connect may be used.
func NewDatasource(ctx context.Context, instance backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	s, err := settings.Load(instance)
	d := &Datasource{settings: s, settingsErr: err}
	switch {
	case err != nil:
	case s.Mode == settings.ModeDemo:
		d.mode = demomode.New(s.DemoFunctions, d.slos(), clock)
	case s.Mode == settings.ModeAWS:
		conn, err := connect(ctx, instance, s.AWS, awsclients.Options{})
		if err != nil {
			d.settingsErr = err
			break
		}
		d.mode = awsmode.New(conn, s.AWS, d.slos(), clock, awsmode.Options{})
	}
	mux := http.NewServeMux()
	d.registerRoutes(mux)
	d.resources = httpadapter.New(mux)
	return d, nil
}

// now is the clock automatic periods are chosen against; tests pin it.
var now = time.Now

// clock reads now when called, so that a test's pinned clock reaches modes built before it.
func clock() time.Time { return now() }

// connect prepares AWS mode's connection with the HTTP client options of the instance:
// its timeouts and TLS settings, and the secure socks proxy of Private Data source Connect when
// both the data source and Grafana's configuration in ctx enable it.
func connect(ctx context.Context, instance backend.DataSourceInstanceSettings, a settings.AWS, opts awsclients.Options) (*awsclients.Connection, error) {
	httpOpts, err := instance.HTTPClientOptions(ctx)
	if err != nil {
		return nil, fmt.Errorf("settings: the HTTP client options (timeouts, TLS, secure socks proxy): %w", err)
	}
	opts.HTTP = httpOpts
	return awsclients.NewConnection(a, opts), nil
}

// Dispose releases nothing: the planner's gathering timer and calls end on their own once no
// request waits for them, the demo estate holds no goroutines, and idle HTTP connections close.
func (d *Datasource) Dispose() {}

// CallResource serves the data source's HTTP routes under /api/datasources/uid/<uid>/resources.
func (d *Datasource) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	return d.resources.CallResource(ctx, req, sender)
}
