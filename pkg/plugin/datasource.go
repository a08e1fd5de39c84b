// Package plugin answers Grafana's calls to the data source: QueryData, CheckHealth and CallResource.
package plugin

import (
	"context"
	"fmt"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdklogs "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/resource/httpadapter"

	"github.com/seed/serverless/pkg/awsclients"
	"github.com/seed/serverless/pkg/cloudwatch"
	"github.com/seed/serverless/pkg/cloudwatchlogs"
	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/lambdadiscovery"
	"github.com/seed/serverless/pkg/servicemap"
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
	// planner reads CloudWatch in AWS mode, logs reads CloudWatch Logs, functions lists Lambda
	// functions, serviceMap discovers what calls them, and awsConfig is the connection they are
	// all built from.
	planner     *cloudwatch.Planner
	cloudWatch  cloudwatch.Clients
	logs        *cloudwatchlogs.Reader
	functions   *lambdadiscovery.Discovery
	serviceMap  *servicemap.Discovery
	logsClients cloudwatchlogs.Clients
	awsConfig   *awsclients.Connection
	// identities are the STS clients the health check proves the credentials with; identity
	// replaces them in tests whose stand-ins serve no STS.
	identities *awsclients.PerRegion[*sts.Client]
	identity   func(ctx context.Context, region string) (identityAPI, error)
	resources  backend.CallResourceHandler
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
		d.estate = demo.New(demo.Options{Functions: s.DemoFunctions})
	case s.Mode == settings.ModeAWS:
		conn, err := connect(ctx, instance, s.AWS, awsclients.Options{})
		if err != nil {
			d.settingsErr = err
			break
		}
		d.useAWS(conn, awsOptions{})
	}
	mux := http.NewServeMux()
	d.registerRoutes(mux)
	d.resources = httpadapter.New(mux)
	return d, nil
}

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

// awsOptions tune AWS mode's readers; zero values take the defaults.
type awsOptions struct {
	planner cloudwatch.Options
	logs    cloudwatchlogs.Options
	// logsClient and lambdaClient tune the SDK clients after the shared settings (tests point
	// them at local stand-ins).
	logsClient   []func(*sdklogs.Options)
	lambdaClient []func(*lambda.Options)
	serviceMap   servicemap.Options
	// serviceMapClients tune the service map's SDK clients the same way.
	serviceMapClients servicemap.ClientOptions
}

// useAWS builds AWS mode's readers on one connection.
func (d *Datasource) useAWS(conn *awsclients.Connection, o awsOptions) {
	d.awsConfig = conn
	d.cloudWatch = cloudwatch.NewSDKClients(conn)
	d.planner = cloudwatch.NewPlanner(d.cloudWatch, o.planner)
	d.logsClients = cloudwatchlogs.NewSDKClients(conn, o.logsClient...)
	d.logs = cloudwatchlogs.NewReader(d.logsClients, o.logs)
	d.functions = lambdadiscovery.New(lambdadiscovery.NewSDKClients(conn, o.lambdaClient...), 0)
	d.serviceMap = servicemap.New(servicemap.NewSDKClients(conn, o.serviceMapClients), o.serviceMap)
	d.identities = awsclients.New(conn, func(cfg aws.Config, retryer aws.Retryer) *sts.Client {
		return sts.NewFromConfig(cfg, func(o *sts.Options) { o.Retryer = retryer })
	})
}

// Dispose releases nothing: the planner's gathering timer and calls end on their own once no
// request waits for them, the demo estate holds no goroutines, and idle HTTP connections close.
func (d *Datasource) Dispose() {}

// CallResource serves the data source's HTTP routes under /api/datasources/uid/<uid>/resources.
func (d *Datasource) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	return d.resources.CallResource(ctx, req, sender)
}
