package cloudwatch

import (
	"context"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// Process-wide counters, registered on the default registry that the plugin SDK serves on its
// metrics endpoint.
var (
	metricsRequestedTotal = promauto.NewCounter(prometheus.CounterOpts{
		Namespace: "seed_serverless", Subsystem: "cloudwatch", Name: "metrics_requested_total",
		Help: "Metric data queries sent in GetMetricData calls; CloudWatch bills $0.01 per 1,000.",
	})
	datapointsTotal = promauto.NewCounter(prometheus.CounterOpts{
		Namespace: "seed_serverless", Subsystem: "cloudwatch", Name: "datapoints_total",
		Help: "Datapoints returned by GetMetricData.",
	})
	cacheHitsTotal = promauto.NewCounter(prometheus.CounterOpts{
		Namespace: "seed_serverless", Subsystem: "cloudwatch", Name: "cache_hits_total",
		Help: "Series served from the short-lived cache or from another request's call in flight.",
	})
)

// counters are one request's figures, or one call's (see flight); the SDK middleware adds
// attempts, retries and throttles to the counters found in the call's context.
type counters struct {
	getMetricDataCalls atomic.Int64
	sharedCalls        atomic.Int64
	listMetricsCalls   atomic.Int64
	metricsRequested   atomic.Int64
	datapoints         atomic.Int64
	cacheHits          atomic.Int64
	attempts           atomic.Int64
	retries            atomic.Int64
	throttles          atomic.Int64
}

type countersKey struct{}

func withCounters(ctx context.Context, c *counters) context.Context {
	return context.WithValue(ctx, countersKey{}, c)
}

// WithStats starts a request's figures: Discover and Fetch calls made with the returned context
// add to them, and Fetch's Response reports them all.
func WithStats(ctx context.Context) context.Context {
	return withCounters(ctx, &counters{})
}

func countersFrom(ctx context.Context) *counters {
	c, _ := ctx.Value(countersKey{}).(*counters)
	return c
}

// Stats are one request's figures, shown in frame meta.
//
// Requests arriving together share GetMetricData calls. Each request counts, whole, every call
// that one of its series took part in (the series was asked for before the call was planned):
// the cost of the calls it waited on. Figures of concurrent requests therefore overlap by
// SharedCalls; the process-wide Prometheus counters count each call once. Series served by a call
// that was already under way when the request asked are CacheHits, like cached ones.
type Stats struct {
	// SeriesWanted counts series as the queries asked for them, duplicates included.
	SeriesWanted int `json:"seriesWanted"`
	// UniqueSeries is SeriesWanted without duplicates.
	UniqueSeries int `json:"uniqueSeries"`
	// CacheHits are unique series served from the cache or another request's call.
	CacheHits int `json:"cacheHits"`
	// MetricsRequested counts metric data queries sent, pages included: what CloudWatch bills.
	MetricsRequested int64 `json:"metricsRequested"`
	// GetMetricDataCalls and ListMetricsCalls count operations, each page once.
	GetMetricDataCalls int64 `json:"getMetricDataCalls"`
	// SharedCalls are the GetMetricDataCalls that fetched series for other requests too.
	SharedCalls      int64 `json:"sharedCalls"`
	ListMetricsCalls int64 `json:"listMetricsCalls"`
	Datapoints       int64 `json:"datapoints"`
	// APIAttempts, Retries and Throttles count HTTP attempts as the SDK made them.
	APIAttempts int64 `json:"apiAttempts"`
	Retries     int64 `json:"retries"`
	Throttles   int64 `json:"throttles"`
	// EstimatedCostUSD is MetricsRequested at CloudWatch's $0.01 per 1,000 metrics requested.
	EstimatedCostUSD float64 `json:"estimatedCostUSD"`
}

// CostPerMetricUSD is GetMetricData's list price: $0.01 per 1,000 metrics requested.
const CostPerMetricUSD = 0.01 / 1000

func (c *counters) stats() Stats {
	s := Stats{
		CacheHits:          int(c.cacheHits.Load()),
		MetricsRequested:   c.metricsRequested.Load(),
		GetMetricDataCalls: c.getMetricDataCalls.Load(),
		SharedCalls:        c.sharedCalls.Load(),
		ListMetricsCalls:   c.listMetricsCalls.Load(),
		Datapoints:         c.datapoints.Load(),
		APIAttempts:        c.attempts.Load(),
		Retries:            c.retries.Load(),
		Throttles:          c.throttles.Load(),
	}
	s.EstimatedCostUSD = float64(s.MetricsRequested) * CostPerMetricUSD
	return s
}

// addCall charges a request with a call one of its series took part in.
func (c *counters) addCall(call *counters, shared bool) {
	c.getMetricDataCalls.Add(call.getMetricDataCalls.Load())
	c.metricsRequested.Add(call.metricsRequested.Load())
	c.datapoints.Add(call.datapoints.Load())
	c.attempts.Add(call.attempts.Load())
	c.retries.Add(call.retries.Load())
	c.throttles.Add(call.throttles.Load())
	if shared {
		c.sharedCalls.Add(call.getMetricDataCalls.Load())
	}
}

// Attempts is how many HTTP attempts to CloudWatch the request whose figures ctx carries (see
// WithStats) has made so far, retries included; 0 without figures.
func Attempts(ctx context.Context) int64 {
	if c := countersFrom(ctx); c != nil {
		return c.attempts.Load()
	}
	return 0
}
