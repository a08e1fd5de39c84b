package cloudwatch

import (
	"slices"
	"sync"
	"time"
)

// Result is one series over its aligned window. Results may be shared between requests through
// the cache: callers must not modify them.
type Result struct {
	Times  []time.Time
	Values []float64
	// Warnings are CloudWatch's messages about the series and statuses other than Complete.
	Warnings []string
	// Err says why the series has no data: throttling that outlasted the retries, an API error,
	// a range too long for the period.
	Err error
	// Cached is set when the series came from the cache or from a call already under way when
	// the request asked.
	Cached bool
}

// entry is a cached series or one being fetched; ready is closed once result is set.
type entry struct {
	ready   chan struct{}
	result  *Result
	expires time.Time
	points  int64
	// Guarded by the cache's mutex while the series is fetched: the requests waiting for it, once
	// per Fetch (a request that asks in two concurrent Fetches waits twice), and the call it was
	// planned into, nil while it is still gathered.
	waiters []*counters
	flight  *flight
}

func newEntry() *entry { return &entry{ready: make(chan struct{})} }

func (e *entry) done() bool {
	select {
	case <-e.ready:
		return true
	default:
		return false
	}
}

// claimKind says how a request gets a series.
type claimKind int

const (
	// fromCache: a copy fetched earlier is still fresh.
	fromCache claimKind = iota
	// owned: a new entry the request hands to the gatherer.
	owned
	// joined: another request's entry that is still gathered; the request takes part in its call.
	joined
	// inFlight: an entry whose call is under way; the request waits for another request's call.
	inFlight
)

// cache keeps series for a short time so panels refreshing together cost one call, lets a
// request wait for a series another request is already fetching, and knows who waits for each
// series being fetched, so that a call runs as long as someone waits for it.
type cache struct {
	ttl       time.Duration
	maxPoints int64
	now       func() time.Time

	mu        sync.Mutex
	entries   map[wantKey]*entry
	points    int64
	lastSweep time.Time
}

func newCache(ttl time.Duration, maxPoints int64, now func() time.Time) *cache {
	return &cache{ttl: ttl, maxPoints: maxPoints, now: now, entries: map[wantKey]*entry{}}
}

// claim finds a series for a request, which then waits for the entry (unless it came from the
// cache) until it releases it. fresh callers (alert evaluations) always own a new, private entry:
// they may share a call only through the gatherer, so never one that started before they asked.
// An entry whose call was cancelled because nobody waited for it any more is replaced.
func (c *cache) claim(k wantKey, fresh bool, req *counters) (*entry, claimKind) {
	if fresh || c.ttl <= 0 {
		e := newEntry()
		e.waiters = []*counters{req}
		return e, owned
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	c.sweep(now)
	if e, ok := c.entries[k]; ok {
		switch {
		case e.done():
			if now.Before(e.expires) {
				return e, fromCache
			}
		case e.flight == nil:
			c.addWaiter(e, req)
			return e, joined
		case !e.flight.cancelled:
			c.addWaiter(e, req)
			return e, inFlight
		}
		c.drop(k, e)
	}
	e := newEntry()
	e.waiters = []*counters{req}
	c.entries[k] = e
	return e, owned
}

func (c *cache) addWaiter(e *entry, req *counters) {
	if len(e.waiters) == 0 && e.flight != nil {
		e.flight.live++
	}
	e.waiters = append(e.waiters, req)
}

// release ends a request's waits. A call none of whose series is waited for any more is
// cancelled; a series still gathered is left out when its batch is planned.
func (c *cache) release(entries []*entry, req *counters) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range entries {
		i := slices.Index(e.waiters, req)
		if i < 0 {
			continue
		}
		e.waiters = slices.Delete(e.waiters, i, i+1)
		if f := e.flight; len(e.waiters) == 0 && f != nil {
			f.live--
			if f.live == 0 {
				f.cancelled = true
				f.cancel()
			}
		}
	}
}

// stillWanted keeps the gathered series some request still waits for and forgets the others,
// which the caller completes, so that a later request asks for them afresh.
func (c *cache) stillWanted(items []*pending) (wanted, abandoned []*pending) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, pd := range items {
		if len(pd.entry.waiters) > 0 {
			wanted = append(wanted, pd)
			continue
		}
		if c.entries[pd.key] == pd.entry {
			delete(c.entries, pd.key)
		}
		abandoned = append(abandoned, pd)
	}
	return wanted, abandoned
}

// board plans entries into a call: requests waiting for them now take part in it, later ones
// wait for it in flight. A call nobody waits for any more is cancelled before it starts.
func (c *cache) board(f *flight, entries []*entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range entries {
		e.flight = f
		if len(e.waiters) > 0 {
			f.live++
		}
		for _, req := range e.waiters {
			if !slices.Contains(f.requests, req) {
				f.requests = append(f.requests, req)
			}
		}
	}
	if f.live == 0 {
		f.cancelled = true
		f.cancel()
	}
}

// complete publishes a result to the waiters and, when it has data, keeps it until the TTL ends.
func (c *cache) complete(k wantKey, e *entry, r *Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e.result = r
	e.waiters, e.flight = nil, nil
	close(e.ready)
	if c.ttl <= 0 {
		return
	}
	if r.Err != nil {
		if c.entries[k] == e {
			delete(c.entries, k)
		}
		return
	}
	points := int64(len(r.Values))
	if old, ok := c.entries[k]; ok && old != e {
		c.drop(k, old)
	}
	if c.points+points > c.maxPoints {
		if c.entries[k] == e {
			delete(c.entries, k)
		}
		return
	}
	e.expires = c.now().Add(c.ttl)
	e.points = points
	c.entries[k] = e
	c.points += points
}

func (c *cache) drop(k wantKey, e *entry) {
	if c.entries[k] == e {
		delete(c.entries, k)
		c.points -= e.points
	}
}

// sweep forgets expired entries at most once a TTL, so memory follows what panels still ask for.
func (c *cache) sweep(now time.Time) {
	if now.Sub(c.lastSweep) < c.ttl {
		return
	}
	c.lastSweep = now
	for k, e := range c.entries {
		if e.done() && !now.Before(e.expires) {
			c.drop(k, e)
		}
	}
}
