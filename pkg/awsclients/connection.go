package awsclients

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/grafana/grafana-aws-sdk/pkg/awsauth"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"

	"github.com/seed/serverless/pkg/settings"
)

// UserAgent tells AWS (and CloudTrail) which application sent a call.
const UserAgent = "seed-serverless-datasource"

// Options tune the connection; zero values take the defaults.
type Options struct {
	// MaxAttempts bounds the attempts of one call, the first included (default 5).
	MaxAttempts int
	// BaseBackoff and MaxBackoff bound the jittered exponential wait between attempts
	// (defaults 250 ms and 5 s).
	BaseBackoff, MaxBackoff time.Duration
	// HTTP are the data source instance's HTTP client options, as
	// backend.DataSourceInstanceSettings.HTTPClientOptions reads them from its settings and
	// Grafana's: timeouts, TLS, and the secure socks proxy of Private Data source Connect when
	// both Grafana and the data source enable it. The zero value is the plugin SDK's defaults.
	HTTP httpclient.Options
}

// Connection is the data source's connection to AWS: one aws.Config per region, built through
// grafana-aws-sdk on first use and shared by every service client of the region, so that they
// all have the same credentials, endpoint, HTTP client, proxy and call counters.
type Connection struct {
	aws      settings.AWS
	opts     Options
	provider awsauth.ConfigProvider
	configs  *PerRegion[aws.Config]
}

// NewConnection prepares the connection; nothing is contacted yet.
func NewConnection(a settings.AWS, opts Options) *Connection {
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 5
	}
	if opts.BaseBackoff <= 0 {
		opts.BaseBackoff = 250 * time.Millisecond
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 5 * time.Second
	}
	c := &Connection{aws: a, opts: opts, provider: awsauth.NewConfigProvider()}
	c.configs = NewPerRegion(c.load)
	return c
}

// Config returns the region's AWS configuration, built on first use.
func (c *Connection) Config(ctx context.Context, region string) (aws.Config, error) {
	return c.configs.Get(ctx, region)
}

// Retryer is the retry policy of every client built on the connection.
func (c *Connection) Retryer() aws.Retryer {
	return newRetryer(c.opts)
}

// load builds the region's configuration through grafana-aws-sdk, which reads what Grafana allows
// (auth providers, assume role, per data source HTTP proxy) from the Grafana configuration in ctx.
func (c *Connection) load(ctx context.Context, region string) (aws.Config, error) {
	client, err := c.httpClient()
	if err != nil {
		return aws.Config{}, fmt.Errorf("AWS configuration for region %s: the HTTP client: %w", region, err)
	}
	conn := c.aws.Connection
	s := awsauth.Settings{
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
		HTTPClient:                 client,
	}
	if conn.ProxyType != "" {
		// Only when the data source names a proxy type: grafana-aws-sdk applies it only while
		// Grafana enables per data source HTTP proxies for AWS data sources.
		s.PerDatasourceProxySettings = &awsauth.PerDatasourceProxySettings{
			ProxyType:     awsauth.GetProxyTypeFromString(conn.ProxyType),
			ProxyUrl:      conn.ProxyUrl,
			ProxyUsername: conn.ProxyUsername,
			ProxyPassword: conn.ProxyPassword,
		}
	}
	cfg, err := c.provider.GetConfig(ctx, s)
	if err != nil {
		if os.Getenv("AWS_CA_BUNDLE") != "" && strings.Contains(err.Error(), "RootCAs") {
			// grafana-aws-sdk hands the SDK a plain *http.Client, which the SDK cannot add a CA
			// bundle to; Go's own SSL_CERT_FILE does the same job.
			return aws.Config{}, fmt.Errorf("AWS configuration for region %s: AWS_CA_BUNDLE is set in Grafana's environment, which this data source cannot apply; "+
				"unset it and point SSL_CERT_FILE at the bundle instead", region)
		}
		return aws.Config{}, fmt.Errorf("AWS configuration for region %s (authType %s): %w", region, c.aws.AuthType, err)
	}
	// Appended to a copy: grafana-aws-sdk keeps the configuration it returned in its own cache.
	cfg.APIOptions = append(slices.Clip(cfg.APIOptions), CountCalls)
	return cfg, nil
}

// httpClient builds a region's HTTP client from the instance's options with the plugin SDK, which
// dials through the secure socks proxy when it is enabled and honours HTTP(S)_PROXY. Its middlewares
// are left out: they wrap the *http.Transport that grafana-aws-sdk must reach to set a per data
// source proxy, and the AWS SDK signs, retries and (with CountCalls) counts the calls itself.
func (c *Connection) httpClient() (*http.Client, error) {
	opts := c.opts.HTTP
	opts.Middlewares = []httpclient.Middleware{}
	return httpclient.New(opts)
}
