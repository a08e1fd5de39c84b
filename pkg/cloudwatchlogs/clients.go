package cloudwatchlogs

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdklogs "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/seed/serverless/pkg/awsclients"
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

// SDKClients builds one aws-sdk-go-v2 CloudWatch Logs client per region, reused.
type SDKClients struct {
	perRegion *awsclients.PerRegion[*sdklogs.Client]
}

// NewSDKClients prepares clients from the shared connection settings (awsclients.Connection, so
// every AWS API shares them); nothing is contacted yet. optFns tune each client after those
// settings (tests point them at a local stand-in).
func NewSDKClients(source awsclients.ConfigSource, optFns ...func(*sdklogs.Options)) *SDKClients {
	return &SDKClients{perRegion: awsclients.New(source, func(cfg aws.Config, retryer aws.Retryer) *sdklogs.Client {
		return sdklogs.NewFromConfig(cfg, append([]func(*sdklogs.Options){func(o *sdklogs.Options) { o.Retryer = retryer }}, optFns...)...)
	})}
}

// Client returns the region's client, building it on first use.
func (c *SDKClients) Client(ctx context.Context, region string) (API, error) {
	client, err := c.perRegion.Get(ctx, region)
	if err != nil {
		return nil, err
	}
	return client, nil
}
