// Package awsmode answers the data source's queries from AWS: metrics from CloudWatch, logs from
// CloudWatch Logs, functions from Lambda, the service map from API Gateway, SQS, Step Functions
// and EventBridge. Its answers have the frames demo mode answers with.
package awsmode

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdklogs "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/seed/serverless/pkg/awsclients"
	"github.com/seed/serverless/pkg/cloudwatch"
	"github.com/seed/serverless/pkg/cloudwatchlogs"
	"github.com/seed/serverless/pkg/lambdadiscovery"
	"github.com/seed/serverless/pkg/mode"
	"github.com/seed/serverless/pkg/servicemap"
	"github.com/seed/serverless/pkg/settings"
	"github.com/seed/serverless/pkg/slo"
)

// Mode reads AWS through one connection. Its readers cache and merge calls across requests.
type Mode struct {
	// regions are the watched regions; home is the connection's default region.
	regions []string
	home    string
	slos    []slo.Spec
	now     func() time.Time

	// planner reads CloudWatch, logs reads CloudWatch Logs, functions lists Lambda functions and
	// serviceMap discovers what calls them.
	planner     *cloudwatch.Planner
	cloudWatch  cloudwatch.Clients
	logs        *cloudwatchlogs.Reader
	logsClients cloudwatchlogs.Clients
	functions   *lambdadiscovery.Discovery
	serviceMap  *servicemap.Discovery
	// identity gives the STS client the health check proves the credentials with.
	identity func(ctx context.Context, region string) (IdentityAPI, error)
}

var _ mode.Mode = (*Mode)(nil)

// Options tune the readers; zero values take the defaults.
type Options struct {
	Planner cloudwatch.Options
	Logs    cloudwatchlogs.Options
	// LogsClient and LambdaClient tune the SDK clients after the shared settings (tests point
	// them at local stand-ins).
	LogsClient   []func(*sdklogs.Options)
	LambdaClient []func(*lambda.Options)
	ServiceMap   servicemap.Options
	// ServiceMapClients tune the service map's SDK clients the same way.
	ServiceMapClients servicemap.ClientOptions
	// Identity replaces the STS clients, for stand-ins that serve no STS.
	Identity func(ctx context.Context, region string) (IdentityAPI, error)
}

// New reads the regions of s through conn, for the SLOs slos, with the clock now.
func New(conn *awsclients.Connection, s settings.AWS, slos []slo.Spec, now func() time.Time, o Options) *Mode {
	cw := cloudwatch.NewSDKClients(conn)
	logsClients := cloudwatchlogs.NewSDKClients(conn, o.LogsClient...)
	m := &Mode{
		regions:     s.Regions,
		home:        s.Connection.Region,
		slos:        slos,
		now:         now,
		cloudWatch:  cw,
		planner:     cloudwatch.NewPlanner(cw, o.Planner),
		logsClients: logsClients,
		logs:        cloudwatchlogs.NewReader(logsClients, o.Logs),
		functions:   lambdadiscovery.New(lambdadiscovery.NewSDKClients(conn, o.LambdaClient...), 0),
		serviceMap:  servicemap.New(servicemap.NewSDKClients(conn, o.ServiceMapClients), o.ServiceMap),
		identity:    o.Identity,
	}
	if m.identity == nil {
		identities := awsclients.New(conn, func(cfg aws.Config, retryer aws.Retryer) *sts.Client {
			return sts.NewFromConfig(cfg, func(o *sts.Options) { o.Retryer = retryer })
		})
		m.identity = func(ctx context.Context, region string) (IdentityAPI, error) { return identities.Get(ctx, region) }
	}
	return m
}

// Begin counts the request's CloudWatch calls, for the figures its frames carry.
func (m *Mode) Begin(ctx context.Context) context.Context { return cloudwatch.WithStats(ctx) }

// sloNames are the names of the SLOs queries can name, for the slos variable.
func (m *Mode) sloNames() []string {
	names := make([]string, len(m.slos))
	for i, s := range m.slos {
		names[i] = s.Name
	}
	return names
}
