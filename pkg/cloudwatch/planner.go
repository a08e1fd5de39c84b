package cloudwatch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdkcw "github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/seed/serverless/pkg/awsclients"
)

// Options tunes a Planner; zero values take the defaults.
type Options struct {
	// Concurrency bounds the GetMetricData calls in flight at once (default 4); CloudWatch's
	// default quota is 50 calls a second per region and account, shared with every other client.
	Concurrency int
	// CacheTTL is how long a fetched series is reused (default 60 s; negative disables the cache).
	CacheTTL time.Duration
	// MaxCachedDatapoints bounds the cache's memory (default 4,000,000 datapoints, about 130 MB).
	MaxCachedDatapoints int64
	// DiscoveryTTL is how long ListMetrics answers are reused (default 5 min).
	DiscoveryTTL time.Duration
	// MaxPages stops following NextToken after this many pages of one call (default 50).
	MaxPages int
	// GatherWindow is how long the series of requests arriving together are collected before
	// they are planned as one set (default 20 ms, a fraction of one call's latency; negative plans
	// each request on its own).
	GatherWindow time.Duration
	// Now is the clock of the caches; tests pin it.
	Now func() time.Time
}

// Planner fetches CloudWatch metrics for whole QueryData requests. It is safe for concurrent use.
type Planner struct {
	clients   Clients
	opts      Options
	cache     *cache
	discovery *discoveryCache
	slots     chan struct{}
	gather    *gatherer
}

// NewPlanner builds a planner over the clients.
func NewPlanner(clients Clients, opts Options) *Planner {
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.CacheTTL == 0 {
		opts.CacheTTL = time.Minute
	}
	if opts.MaxCachedDatapoints <= 0 {
		opts.MaxCachedDatapoints = 4_000_000
	}
	if opts.DiscoveryTTL <= 0 {
		opts.DiscoveryTTL = 5 * time.Minute
	}
	if opts.MaxPages <= 0 {
		opts.MaxPages = 50
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.GatherWindow == 0 {
		opts.GatherWindow = 20 * time.Millisecond
	}
	p := &Planner{
		clients:   clients,
		opts:      opts,
		cache:     newCache(opts.CacheTTL, opts.MaxCachedDatapoints, opts.Now),
		discovery: newDiscoveryCache(opts.DiscoveryTTL, opts.Now),
		slots:     make(chan struct{}, opts.Concurrency),
	}
	p.gather = &gatherer{window: opts.GatherWindow, dispatch: p.dispatch}
	return p
}

// Request is every series one QueryData request needs.
type Request struct {
	Wants []Want
	// Fresh skips reading the cache and calls already under way: alert evaluations set it so a
	// rule never judges data fetched before it asked.
	Fresh bool
}

// Response holds a result for every series asked for, and the request's figures.
type Response struct {
	results map[wantKey]*Result
	Stats   Stats
}

// Result is the series a Want asked for; never nil for a Want of the request.
func (r *Response) Result(w Want) *Result {
	_, _, k := w.normalized()
	if res, ok := r.results[k]; ok {
		return res
	}
	return &Result{Err: errors.New("the planner was not asked for this series")}
}

// ThrottledError is a call CloudWatch kept throttling after every retry.
type ThrottledError struct {
	Region string
	Err    error
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("CloudWatch kept throttling GetMetricData in %s after every retry, so this series has no data for now; "+
		"refresh less often or show fewer series at once (%v)", e.Region, e.Err)
}

func (e *ThrottledError) Unwrap() error { return e.Err }

// Fetch gets every series of the request with as few GetMetricData calls as the limits allow,
// planning the series it fetches itself together with those of requests arriving at the same
// time. Series that fail carry their error in their Result; Fetch itself does not fail.
func (p *Planner) Fetch(ctx context.Context, req Request) *Response {
	stats := countersFrom(ctx)
	if stats == nil {
		stats = &counters{}
		ctx = withCounters(ctx, stats)
	}
	resp := &Response{results: map[wantKey]*Result{}}
	resp.Stats.SeriesWanted = len(req.Wants)

	type claimed struct {
		key   wantKey
		entry *entry
		kind  claimKind
	}
	var (
		waits   []claimed
		entries []*entry
		toFetch []*pending
	)
	for _, w := range req.Wants {
		s, win, k := w.normalized()
		if _, seen := resp.results[k]; seen {
			continue
		}
		resp.results[k] = nil
		e, kind := p.cache.claim(k, req.Fresh, stats)
		switch kind {
		case fromCache:
			resp.results[k] = cachedCopy(e.result)
			stats.cacheHits.Add(1)
			cacheHitsTotal.Inc()
			continue
		case owned:
			toFetch = append(toFetch, &pending{key: k, series: s, window: win, entry: e})
		}
		waits = append(waits, claimed{k, e, kind})
		entries = append(entries, e)
	}
	resp.Stats.UniqueSeries = len(resp.results)
	// Giving up releases the series: calls no other request waits for are cancelled.
	defer p.cache.release(entries, stats)
	p.gather.add(ctx, toFetch)

	for _, w := range waits {
		select {
		case <-w.entry.ready:
		case <-ctx.Done():
			resp.results[w.key] = &Result{Err: ctx.Err()}
			continue
		}
		if w.kind == inFlight {
			resp.results[w.key] = cachedCopy(w.entry.result)
			stats.cacheHits.Add(1)
			cacheHitsTotal.Inc()
			continue
		}
		resp.results[w.key] = w.entry.result
	}

	seriesWanted, unique := resp.Stats.SeriesWanted, resp.Stats.UniqueSeries
	resp.Stats = stats.stats()
	resp.Stats.SeriesWanted, resp.Stats.UniqueSeries = seriesWanted, unique
	return resp
}

func cachedCopy(r *Result) *Result {
	c := *r
	c.Cached = true
	return &c
}

// dispatch plans a gathered batch and starts its calls, each apart from the requests that wait
// for it (see flight); base lends the calls its values.
func (p *Planner) dispatch(base context.Context, items []*pending) {
	wanted, abandoned := p.cache.stillWanted(items)
	for _, pd := range abandoned {
		p.cache.complete(pd.key, pd.entry, &Result{Err: context.Canceled})
	}
	// Alert evaluations own private entries, as do all requests when the cache is off: entries
	// of one series share one query.
	sharing := map[wantKey][]*entry{}
	var unique []*pending
	for _, pd := range wanted {
		if _, dup := sharing[pd.key]; !dup {
			unique = append(unique, pd)
		}
		sharing[pd.key] = append(sharing[pd.key], pd.entry)
	}
	finish := func(pd *pending, r *Result) {
		for _, e := range sharing[pd.key] {
			p.cache.complete(pd.key, e, r)
		}
	}
	calls, tooLong := plan(unique)
	for _, pd := range tooLong {
		finish(pd, &Result{Err: errTooManyPoints(pd.window.Points(pd.series.Period), pd.series.Period)})
	}
	for _, c := range calls {
		f := newFlight(base)
		var entries []*entry
		for _, pd := range c.series {
			entries = append(entries, sharing[pd.key]...)
		}
		p.cache.board(f, entries)
		go func() {
			defer f.cancel()
			got := p.run(f.ctx, c, f.figures)
			f.charge()
			for i, pd := range c.series {
				finish(pd, got[i])
			}
		}()
	}
}

// run makes one GetMetricData call, following NextToken, within the concurrency bound. It
// returns one result per series of the call, in order.
func (p *Planner) run(ctx context.Context, c call, stats *counters) []*Result {
	fail := func(err error) []*Result {
		out := make([]*Result, len(c.series))
		for i := range out {
			out[i] = &Result{Err: err}
		}
		return out
	}
	select {
	case p.slots <- struct{}{}:
		defer func() { <-p.slots }()
	case <-ctx.Done():
		return fail(ctx.Err())
	}
	api, err := p.clients.Client(ctx, c.region)
	if err != nil {
		return fail(err)
	}
	queries := make([]types.MetricDataQuery, len(c.series))
	for i, pd := range c.series {
		dims := make([]types.Dimension, len(pd.series.Dimensions))
		for j, d := range pd.series.Dimensions {
			dims[j] = types.Dimension{Name: aws.String(d.Name), Value: aws.String(d.Value)}
		}
		queries[i] = types.MetricDataQuery{
			Id: aws.String("q" + strconv.Itoa(i)),
			MetricStat: &types.MetricStat{
				Metric: &types.Metric{Namespace: aws.String(pd.series.Namespace), MetricName: aws.String(pd.series.MetricName), Dimensions: dims},
				Period: aws.Int32(int32(c.period / time.Second)),
				Stat:   aws.String(pd.series.Stat),
			},
			ReturnData: aws.Bool(true),
		}
	}
	in := &sdkcw.GetMetricDataInput{
		MetricDataQueries: queries,
		StartTime:         aws.Time(c.window.Start),
		EndTime:           aws.Time(c.window.End),
		ScanBy:            types.ScanByTimestampAscending,
	}
	type acc struct {
		times    []time.Time
		values   []float64
		status   types.StatusCode
		warnings []string
	}
	accs := make([]acc, len(c.series))
	var callWarnings []string
	for page := 0; ; page++ {
		if page == p.opts.MaxPages {
			callWarnings = append(callWarnings, fmt.Sprintf("stopped after %d pages of GetMetricData; later datapoints are missing", page))
			break
		}
		stats.getMetricDataCalls.Add(1)
		stats.metricsRequested.Add(int64(len(queries)))
		metricsRequestedTotal.Add(float64(len(queries)))
		out, err := api.GetMetricData(ctx, in)
		if err != nil {
			if awsclients.IsThrottle(err) {
				return fail(&ThrottledError{Region: c.region, Err: err})
			}
			if ctx.Err() != nil {
				return fail(ctx.Err())
			}
			return fail(fmt.Errorf("GetMetricData in %s failed: %w", c.region, err))
		}
		for _, m := range out.Messages {
			callWarnings = append(callWarnings, messageText(m))
		}
		for _, r := range out.MetricDataResults {
			i, ok := queryIndex(r.Id, len(accs))
			if !ok {
				continue
			}
			a := &accs[i]
			n := min(len(r.Timestamps), len(r.Values))
			a.times = append(a.times, r.Timestamps[:n]...)
			a.values = append(a.values, r.Values[:n]...)
			a.status = r.StatusCode
			for _, m := range r.Messages {
				a.warnings = append(a.warnings, messageText(m))
			}
			stats.datapoints.Add(int64(n))
			datapointsTotal.Add(float64(n))
		}
		if out.NextToken == nil || *out.NextToken == "" {
			break
		}
		in.NextToken = out.NextToken
	}
	results := make([]*Result, len(c.series))
	for i := range accs {
		a := &accs[i]
		r := &Result{Warnings: slices.Concat(callWarnings, a.warnings)}
		if a.status != "" && a.status != types.StatusCodeComplete {
			r.Warnings = append(r.Warnings, fmt.Sprintf("CloudWatch returned status %s for this series: some datapoints may be missing", a.status))
		}
		r.Times, r.Values = sortedByTime(a.times, a.values)
		results[i] = r
	}
	return results
}

func messageText(m types.MessageData) string {
	return fmt.Sprintf("CloudWatch: %s: %s", aws.ToString(m.Code), aws.ToString(m.Value))
}

func queryIndex(id *string, n int) (int, bool) {
	s := aws.ToString(id)
	if len(s) < 2 || s[0] != 'q' {
		return 0, false
	}
	i, err := strconv.Atoi(s[1:])
	return i, err == nil && i >= 0 && i < n
}

// sortedByTime orders datapoints oldest first and drops repeated timestamps, which pages of
// one call may overlap on.
func sortedByTime(times []time.Time, values []float64) ([]time.Time, []float64) {
	idx := make([]int, len(times))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return times[a].Compare(times[b]) })
	outT := make([]time.Time, 0, len(times))
	outV := make([]float64, 0, len(values))
	for _, i := range idx {
		if n := len(outT); n > 0 && outT[n-1].Equal(times[i]) {
			outV[n-1] = values[i]
			continue
		}
		outT = append(outT, times[i].UTC())
		outV = append(outV, values[i])
	}
	return outT, outV
}
