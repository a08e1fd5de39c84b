package cloudwatch

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	sdkcw "github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/smithy-go/middleware"
	"github.com/grafana/grafana-aws-sdk/pkg/awsauth"

	"github.com/seed/serverless/pkg/awsclients"
	"github.com/seed/serverless/pkg/settings"
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

// ClientOptions tunes the SDK clients; zero values take the defaults.
type ClientOptions struct {
	// MaxAttempts bounds the attempts of one call, the first included (default 5).
	MaxAttempts int
	// BaseBackoff and MaxBackoff bound the jittered exponential wait between attempts
	// (defaults 250 ms and 5 s).
	BaseBackoff, MaxBackoff time.Duration
	// HTTPClient replaces the plugin SDK's default HTTP client.
	HTTPClient *http.Client
}

// UserAgent tells AWS (and CloudTrail) which application sent a call.
const UserAgent = "seed-serverless-datasource"

// SDKClients builds aws-sdk-go-v2 CloudWatch clients from the data source's AWS settings through
// grafana-aws-sdk, one per region, reused for the instance's lifetime.
type SDKClients struct {
	aws      settings.AWS
	opts     ClientOptions
	provider awsauth.ConfigProvider

	mu      sync.Mutex
	configs map[string]aws.Config
	clients map[string]*sdkcw.Client
}

// NewSDKClients prepares clients for the given connection; nothing is contacted yet.
func NewSDKClients(a settings.AWS, opts ClientOptions) *SDKClients {
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 5
	}
	if opts.BaseBackoff <= 0 {
		opts.BaseBackoff = 250 * time.Millisecond
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 5 * time.Second
	}
	return &SDKClients{aws: a, opts: opts, provider: awsauth.NewConfigProvider(),
		configs: map[string]aws.Config{}, clients: map[string]*sdkcw.Client{}}
}

// Client returns the region's client, building it on first use.
func (c *SDKClients) Client(ctx context.Context, region string) (API, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if client, ok := c.clients[region]; ok {
		return client, nil
	}
	cfg, err := c.configLocked(ctx, region)
	if err != nil {
		return nil, err
	}
	client := sdkcw.NewFromConfig(cfg, func(o *sdkcw.Options) {
		o.Retryer = c.Retryer()
		o.APIOptions = append(o.APIOptions, countForRequest)
	})
	c.clients[region] = client
	return client, nil
}

// Config returns the region's AWS configuration, built through grafana-aws-sdk on first use. The
// other AWS clients of AWS mode (Logs, Lambda, STS) are built from it, so they share the connection
// settings, including a custom endpoint.
func (c *SDKClients) Config(ctx context.Context, region string) (aws.Config, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.configLocked(ctx, region)
}

func (c *SDKClients) configLocked(ctx context.Context, region string) (aws.Config, error) {
	if cfg, ok := c.configs[region]; ok {
		return cfg, nil
	}
	conn := c.aws.Connection
	cfg, err := c.provider.GetConfig(ctx, awsauth.Settings{
		AuthType:                   awsauth.AuthType(c.aws.AuthType),
		AccessKey:                  conn.AccessKey,
		SecretKey:                  conn.SecretKey,
		SessionToken:               conn.SessionToken,
		Region:                     region,
		CredentialsProfile:         conn.Profile,
		AssumeRoleARN:              conn.AssumeRoleARN,
		ExternalID:                 conn.ExternalID,
		GrafanaExternalID:          conn.GrafanaExternalID,
		UsePerDatasourceExternalID: conn.UsePerDatasourceExternalID,
		Endpoint:                   conn.Endpoint,
		UserAgent:                  UserAgent,
		HTTPClient:                 c.opts.HTTPClient,
	})
	if err != nil {
		if os.Getenv("AWS_CA_BUNDLE") != "" && strings.Contains(err.Error(), "RootCAs") {
			// grafana-aws-sdk hands the SDK a plain *http.Client, which the SDK cannot add a CA
			// bundle to; Go's own SSL_CERT_FILE does the same job.
			return aws.Config{}, fmt.Errorf("AWS configuration for region %s: AWS_CA_BUNDLE is set in Grafana's environment, which this data source cannot apply; "+
				"unset it and point SSL_CERT_FILE at the bundle instead", region)
		}
		return aws.Config{}, fmt.Errorf("AWS configuration for region %s (authType %s): %w", region, c.aws.AuthType, err)
	}
	cfg.APIOptions = append(cfg.APIOptions, awsclients.CountCalls)
	c.configs[region] = cfg
	return cfg, nil
}

// Retryer is the retry policy of every client built from these settings: jittered exponential
// backoff on throttles and transient errors, without the SDK's retry quota.
func (c *SDKClients) Retryer() aws.Retryer {
	return retry.NewStandard(func(so *retry.StandardOptions) {
		so.MaxAttempts = c.opts.MaxAttempts
		so.MaxBackoff = c.opts.MaxBackoff
		so.Backoff = fullJitter{base: c.opts.BaseBackoff, max: c.opts.MaxBackoff}
		// The planner bounds its own concurrency; the SDK's retry quota would turn a burst
		// of throttles into failures that no backoff can fix.
		so.RateLimiter = ratelimit.None
	})
}

// fullJitter waits a uniformly random time up to base·2^attempt, capped at max, so clients
// throttled together do not retry together.
type fullJitter struct{ base, max time.Duration }

func (j fullJitter) BackoffDelay(attempt int, _ error) (time.Duration, error) {
	ceiling := j.max
	if attempt < 30 {
		ceiling = min(j.max, j.base<<attempt)
	}
	return time.Duration(rand.Int64N(int64(ceiling) + 1)), nil
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
