package awsclients

import (
	"math/rand/v2"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// newRetryer is jittered exponential backoff on throttles and transient errors, without the
// SDK's retry quota.
func newRetryer(opts Options) aws.Retryer {
	return retry.NewStandard(func(so *retry.StandardOptions) {
		so.MaxAttempts = opts.MaxAttempts
		so.MaxBackoff = opts.MaxBackoff
		so.Backoff = fullJitter{base: opts.BaseBackoff, max: opts.MaxBackoff}
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
