package awsclients

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Lists keeps what was listed in each region for a while: resource lists change rarely, and
// dashboards ask for them on every refresh. It is safe for concurrent use.
type Lists[V any] struct {
	ttl time.Duration

	mu     sync.Mutex
	listed map[string]listed[V]
}

type listed[V any] struct {
	value V
	at    time.Time
}

// NewLists keeps each region's list for ttl.
func NewLists[V any](ttl time.Duration) *Lists[V] {
	return &Lists[V]{ttl: ttl, listed: map[string]listed[V]{}}
}

// Get returns the region's list, from list when the kept one is older than the TTL or fresh is
// set (alert evaluations judge what AWS says now). A failed list is not kept.
func (l *Lists[V]) Get(ctx context.Context, region string, fresh bool, list func(ctx context.Context, region string) (V, error)) (V, error) {
	l.mu.Lock()
	kept, ok := l.listed[region]
	l.mu.Unlock()
	if ok && !fresh && time.Since(kept.at) < l.ttl {
		return kept.value, nil
	}
	v, err := list(ctx, region)
	if err != nil {
		return v, err
	}
	l.mu.Lock()
	l.listed[region] = listed[V]{value: v, at: time.Now()}
	l.mu.Unlock()
	return v, nil
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
