package cloudwatch

import (
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
	// Cached is set when the series came from the cache or from another request's call.
	Cached bool
}

// entry is a cached series or one being fetched; ready is closed once result is set.
type entry struct {
	ready   chan struct{}
	result  *Result
	expires time.Time
	points  int64
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

// cache keeps series for a short time so panels refreshing together cost one call, and lets a
// request wait for a series another request is already fetching.
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

// claim finds a series: hit when a fresh copy is cached, waiting on another request's entry when
// one is being fetched, or a new entry this caller owns and must complete. fresh callers (alert
// evaluations) always own a new, private entry.
func (c *cache) claim(k wantKey, fresh bool) (e *entry, owner, hit bool) {
	if fresh || c.ttl <= 0 {
		return newEntry(), true, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	c.sweep(now)
	if e, ok := c.entries[k]; ok {
		if !e.done() {
			return e, false, false
		}
		if now.Before(e.expires) {
			return e, false, true
		}
		c.drop(k, e)
	}
	e = newEntry()
	c.entries[k] = e
	return e, true, false
}

// complete publishes a result to the waiters and, when it has data, keeps it until the TTL ends.
func (c *cache) complete(k wantKey, e *entry, r *Result) {
	e.result = r
	close(e.ready)
	if c.ttl <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
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

// len is how many series the cache holds or is fetching, for tests.
func (c *cache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}
