package cloudwatchlogs

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdklogs "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
)

// API is the part of CloudWatch Logs AWS mode uses; *sdklogs.Client satisfies it.
type API interface {
	StartQuery(ctx context.Context, in *sdklogs.StartQueryInput, optFns ...func(*sdklogs.Options)) (*sdklogs.StartQueryOutput, error)
	GetQueryResults(ctx context.Context, in *sdklogs.GetQueryResultsInput, optFns ...func(*sdklogs.Options)) (*sdklogs.GetQueryResultsOutput, error)
	StopQuery(ctx context.Context, in *sdklogs.StopQueryInput, optFns ...func(*sdklogs.Options)) (*sdklogs.StopQueryOutput, error)
	FilterLogEvents(ctx context.Context, in *sdklogs.FilterLogEventsInput, optFns ...func(*sdklogs.Options)) (*sdklogs.FilterLogEventsOutput, error)
	DescribeLogGroups(ctx context.Context, in *sdklogs.DescribeLogGroupsInput, optFns ...func(*sdklogs.Options)) (*sdklogs.DescribeLogGroupsOutput, error)
}

// Clients gives the CloudWatch Logs client of a region.
type Clients interface {
	Client(ctx context.Context, region string) (API, error)
}

// ConfigSource gives the AWS configuration of a region and the retry policy clients use;
// cloudwatch.SDKClients is one, so Logs shares the CloudWatch connection settings.
type ConfigSource interface {
	Config(ctx context.Context, region string) (aws.Config, error)
	Retryer() aws.Retryer
}

// SDKClients builds one aws-sdk-go-v2 CloudWatch Logs client per region, reused.
type SDKClients struct {
	source ConfigSource
	optFns []func(*sdklogs.Options)

	mu      sync.Mutex
	clients map[string]*sdklogs.Client
}

// NewSDKClients prepares clients; nothing is contacted yet. optFns tune every client after the
// shared settings (tests point them at a local CloudWatch Logs).
func NewSDKClients(source ConfigSource, optFns ...func(*sdklogs.Options)) *SDKClients {
	return &SDKClients{source: source, optFns: optFns, clients: map[string]*sdklogs.Client{}}
}

// Client returns the region's client, building it on first use.
func (c *SDKClients) Client(ctx context.Context, region string) (API, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if client, ok := c.clients[region]; ok {
		return client, nil
	}
	cfg, err := c.source.Config(ctx, region)
	if err != nil {
		return nil, err
	}
	optFns := append([]func(*sdklogs.Options){func(o *sdklogs.Options) { o.Retryer = c.source.Retryer() }}, c.optFns...)
	client := sdklogs.NewFromConfig(cfg, optFns...)
	c.clients[region] = client
	return client, nil
}
