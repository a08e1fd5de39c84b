package cloudwatch

import "context"

// flight is one planned GetMetricData call, shared by every request that waits for one of its
// series. It runs apart from those requests, so that one of them going away does not cancel a
// call others still wait for; it is cancelled once none of them waits any more.
type flight struct {
	ctx    context.Context
	cancel context.CancelFunc
	// figures are the call's own: its pages, queries, datapoints and the SDK's attempts.
	figures *counters
	// Guarded by the cache's mutex: how many of the call's series some request still waits for,
	// and whether the call was cancelled when that fell to zero.
	live      int
	cancelled bool
	// requests waited for the call's series when it was planned; set by cache.board before the
	// call starts and read-only after.
	requests []*counters
}

// newFlight starts a call's context from base, whose values (the Grafana configuration the AWS
// SDK reads) it keeps but whose cancellation it does not.
func newFlight(base context.Context) *flight {
	f := &flight{figures: &counters{}}
	f.ctx, f.cancel = context.WithCancel(withCounters(context.WithoutCancel(base), f.figures))
	return f
}

// charge adds the call's figures to each request that took part in it: every request counts
// the calls its series took part in, whole, so figures of concurrent requests overlap by their
// shared calls.
func (f *flight) charge() {
	shared := len(f.requests) > 1
	for _, req := range f.requests {
		req.addCall(f.figures, shared)
	}
}
