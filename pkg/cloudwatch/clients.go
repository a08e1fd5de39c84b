package cloudwatch

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdkcw "github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/smithy-go/middleware"

	"github.com/seed/serverless/pkg/awsclients"
)

// API is the part of CloudWatch the planner uses; *sdkcw.Client satisfies it.
type API interface {
	GetMetricData(ctx context.Context, in *sdkcw.GetMetricDataInput, optFns ...func(*sdkcw.Options)) (*sdkcw.GetMetricDataOutput, error)
	ListMetrics(ctx context.Context, in *sdkcw.ListMetricsInput, optFns ...func(*sdkcw.Options)) (*sdkcw.ListMetricsOutput, error)
}

// Clients gives the CloudWatch client of a region.
type Clients interface {
	Client(ctx context.Context, region string) (API, error)
}

// SDKClients builds one aws-sdk-go-v2 CloudWatch client per region on the data source's AWS
// connection, reused for the instance's lifetime.
type SDKClients struct {
	perRegion *awsclients.PerRegion[*sdkcw.Client]
}

// NewSDKClients prepares clients from the shared connection settings (awsclients.Connection, so
// every AWS API shares them); nothing is contacted yet. optFns tune each client after those
// settings.
func NewSDKClients(source awsclients.ConfigSource, optFns ...func(*sdkcw.Options)) *SDKClients {
	return &SDKClients{perRegion: awsclients.New(source, func(cfg aws.Config, retryer aws.Retryer) *sdkcw.Client {
		return sdkcw.NewFromConfig(cfg, append([]func(*sdkcw.Options){func(o *sdkcw.Options) {
			o.Retryer = retryer
			o.APIOptions = append(o.APIOptions, countForRequest)
		}}, optFns...)...)
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

// countForRequest adds each HTTP attempt, retry and throttle to the figures of the request whose
// counters travel in the context; awsclients.CountCalls, which runs before it, counts them
// process-wide.
func countForRequest(stack *middleware.Stack) error {
	return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("SeedRequestFigures",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			stats := countersFrom(ctx)
			if stats == nil {
				return next.HandleFinalize(ctx, in)
			}
			stats.attempts.Add(1)
			if awsclients.Attempt(ctx) > 1 {
				stats.retries.Add(1)
			}
			out, md, err := next.HandleFinalize(ctx, in)
			if err != nil && awsclients.IsThrottle(err) {
				stats.throttles.Add(1)
			}
			return out, md, err
		}), middleware.After)
}
