package cloudwatch

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdkcw "github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/seed/serverless/pkg/awsclients"
)

// Resource is a resource that publishes a metric in a region, found by discovery.
type Resource struct {
	Region, Name string
}

// Discovery asks which resources publish a metric under exactly one dimension (a function's
// Invocations under FunctionName alone, not FunctionName and Resource).
type Discovery struct {
	Regions   []string
	Namespace string
	Metric    string
	Dimension string
	// Fresh skips the cache.
	Fresh bool
}

type discoveryKey struct{ region, namespace, metric, dimension string }

type discovered struct {
	names   []string
	expires time.Time
}

// discoveryCache keeps ListMetrics answers: new resources appear within its TTL.
type discoveryCache struct {
	ttl time.Duration
	now func() time.Time

	mu      sync.Mutex
	entries map[discoveryKey]discovered
}

func newDiscoveryCache(ttl time.Duration, now func() time.Time) *discoveryCache {
	return &discoveryCache{ttl: ttl, now: now, entries: map[discoveryKey]discovered{}}
}

// Discover lists the resources that publish the metric in each region, sorted by region then name.
// ListMetrics is used rather than each service's own listing (Lambda ListFunctions, SQS
// ListQueues...) so one IAM permission covers every resource kind.
func (p *Planner) Discover(ctx context.Context, d Discovery) ([]Resource, error) {
	var out []Resource
	for _, region := range d.Regions {
		names, err := p.discoverRegion(ctx, d, region)
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			out = append(out, Resource{Region: region, Name: n})
		}
	}
	return out, nil
}

func (p *Planner) discoverRegion(ctx context.Context, d Discovery, region string) ([]string, error) {
	k := discoveryKey{region, d.Namespace, d.Metric, d.Dimension}
	c := p.discovery
	if !d.Fresh {
		c.mu.Lock()
		e, ok := c.entries[k]
		c.mu.Unlock()
		if ok && c.now().Before(e.expires) {
			return e.names, nil
		}
	}
	stats := countersFrom(ctx)
	if stats == nil {
		stats = &counters{}
		ctx = withCounters(ctx, stats)
	}
	api, err := p.clients.Client(ctx, region)
	if err != nil {
		return nil, err
	}
	in := &sdkcw.ListMetricsInput{
		Namespace:  aws.String(d.Namespace),
		MetricName: aws.String(d.Metric),
		Dimensions: []types.DimensionFilter{{Name: aws.String(d.Dimension)}},
	}
	var names []string
	for page := 0; ; page++ {
		if page == p.opts.MaxPages*10 {
			return nil, fmt.Errorf("ListMetrics for %s %s in %s returned more than %d pages", d.Namespace, d.Metric, region, page)
		}
		stats.listMetricsCalls.Add(1)
		out, err := api.ListMetrics(ctx, in)
		if err != nil {
			if awsclients.IsThrottle(err) {
				return nil, fmt.Errorf("CloudWatch kept throttling ListMetrics in %s after every retry; try again shortly: %w", region, err)
			}
			return nil, fmt.Errorf("ListMetrics for %s %s in %s failed: %w", d.Namespace, d.Metric, region, err)
		}
		for _, m := range out.Metrics {
			if len(m.Dimensions) == 1 && aws.ToString(m.Dimensions[0].Name) == d.Dimension {
				names = append(names, aws.ToString(m.Dimensions[0].Value))
			}
		}
		if out.NextToken == nil || *out.NextToken == "" {
			break
		}
		in.NextToken = out.NextToken
	}
	slices.Sort(names)
	names = slices.Compact(names)
	c.mu.Lock()
	c.entries[k] = discovered{names: names, expires: c.now().Add(c.ttl)}
	c.mu.Unlock()
	return names, nil
}
