package awsclients

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"golang.org/x/sync/singleflight"
)

// Lists keeps what one list (a region's functions, log groups or service map) gave in each region
// for a while: resource lists change rarely, and dashboards ask for them on every refresh.
// Callers asking for a region that is being listed share that listing. It is safe for concurrent
// use.
type Lists[V any] struct {
	ttl  time.Duration
	list func(ctx context.Context, region string) (V, error)

	// loads merges the callers of one listing; its keys are loadings' keys.
	loads singleflight.Group

	mu      sync.Mutex
	listed  map[string]listed[V]
	loading map[string]*loading // by region: the listing under way
	started uint64              // listings started, to give each its own key
}

type listed[V any] struct {
	value V
	// began is when the listing began: what it read is at least that recent. at is when it was
	// kept; the TTL counts from then.
	began, at time.Time
}

// loading is one listing under way. It runs apart from its callers, so that one of them going away
// does not fail it for the others; it is cancelled once none of them waits for it any more.
type loading struct {
	key     string
	at      time.Time
	ctx     context.Context
	cancel  context.CancelFunc
	waiting int // guarded by Lists.mu
}

// NewLists keeps what list gives for each region for ttl.
func NewLists[V any](ttl time.Duration, list func(ctx context.Context, region string) (V, error)) *Lists[V] {
	return &Lists[V]{ttl: ttl, list: list, listed: map[string]listed[V]{}, loading: map[string]*loading{}}
}

// Get returns the region's list: the kept one while it is younger than the TTL, unless fresh is
// set; a fresh caller (an alert evaluation, which judges what AWS says now) is only given a
// listing that began after it asked. A failed listing is not kept. When ctx ends first, Get
// returns its error at once and the listing goes on for the other callers.
func (l *Lists[V]) Get(ctx context.Context, region string, fresh bool) (V, error) {
	asked := time.Now()
	for {
		l.mu.Lock()
		if kept, ok := l.listed[region]; ok && (!fresh && time.Since(kept.at) < l.ttl || fresh && !kept.began.Before(asked)) {
			l.mu.Unlock()
			return kept.value, nil
		}
		load := l.loading[region]
		if load == nil {
			load = l.start(ctx, region)
		}
		load.waiting++
		// Joining under l.mu: the listing's flight cannot end before it is joined, as the
		// listing takes l.mu to finish.
		results := l.loads.DoChan(load.key, func() (any, error) { return l.run(region, load) })
		l.mu.Unlock()

		select {
		case <-ctx.Done():
			l.leave(region, load)
			var none V
			return none, ctx.Err()
		case res := <-results:
			l.leave(region, load)
			if fresh && load.at.Before(asked) {
				// It began before this caller asked; the next one will not.
				continue
			}
			v, _ := res.Val.(V)
			return v, res.Err
		}
	}
}

// start prepares a listing of the region; l.mu is held.
func (l *Lists[V]) start(ctx context.Context, region string) *loading {
	l.started++
	load := &loading{key: region + "#" + strconv.FormatUint(l.started, 10), at: time.Now()}
	// The first caller's values (the Grafana configuration the AWS SDK reads) but not its
	// cancellation.
	load.ctx, load.cancel = context.WithCancel(context.WithoutCancel(ctx))
	l.loading[region] = load
	return load
}

// run lists the region and keeps the list if it was read in full.
func (l *Lists[V]) run(region string, load *loading) (v V, err error) {
	defer load.cancel()
	defer func() {
		// The listing runs on a goroutine of its own, where a panic would end the process.
		if p := recover(); p != nil {
			err = fmt.Errorf("listing %s failed: %v", region, p)
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.loading[region] == load {
			delete(l.loading, region)
		}
		if kept, ok := l.listed[region]; err == nil && (!ok || kept.began.Before(load.at)) {
			l.listed[region] = listed[V]{value: v, began: load.at, at: time.Now()}
		}
	}()
	return l.list(load.ctx, region)
}

// leave counts a caller out of a listing, cancelling it when no caller waits for it any more;
// callers that come later start another.
func (l *Lists[V]) leave(region string, load *loading) {
	l.mu.Lock()
	defer l.mu.Unlock()
	load.waiting--
	if load.waiting > 0 {
		return
	}
	load.cancel()
	if l.loading[region] == load {
		delete(l.loading, region)
	}
}

// ErrRepeatedToken stops a list whose service hands back the token it was just given, which
// would otherwise never end.
var ErrRepeatedToken = errors.New("the service returned the same page token twice")

// Paginate calls page until it returns no next token, setting *token to each next one before the
// following call.
func Paginate(token **string, page func() (next *string, err error)) error {
	for {
		next, err := page()
		if err != nil {
			return err
		}
		if aws.ToString(next) == "" {
			return nil
		}
		if aws.ToString(next) == aws.ToString(*token) {
			return ErrRepeatedToken
		}
		*token = next
	}
}
