package budget

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// span is when a query started and how long it was given.
type span struct {
	start   time.Time
	allowed time.Duration
}

type spanKey struct{}

// WithDeadline gives a query its deadline: QueryTimeout from now, or the request's deadline less
// DeadlineMargin (a fifth of the time left, when less) if that comes first. Retries run under it
// too, so a slow downstream fails the query in time with its own error.
func WithDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	now := time.Now()
	deadline := now.Add(QueryTimeout)
	if d, ok := ctx.Deadline(); ok {
		left := d.Sub(now)
		if d.Add(-min(DeadlineMargin, left/5)).Before(deadline) {
			deadline = d.Add(-min(DeadlineMargin, left/5))
		}
	}
	ctx = context.WithValue(ctx, spanKey{}, span{start: now, allowed: deadline.Sub(now)})
	return context.WithDeadline(ctx, deadline)
}

// Check is nil while ctx runs, and once it is done, the query's error saying so (see Overrun).
// Long loops call it every so often.
func Check(ctx context.Context) error {
	if ctx.Err() == nil {
		return nil
	}
	return Overrun(ctx, ctx.Err(), "")
}

// DeadlineError is a query stopped by its deadline or by the end of its request.
type DeadlineError struct {
	// Allowed is the query's deadline from its start, Spent the time it ran.
	Allowed, Spent time.Duration
	// Detail says what was under way, such as the attempts made.
	Detail string
	Err    error
}

func (e *DeadlineError) Error() string {
	what := fmt.Sprintf("the query ran past its deadline of %.1f s (stopped after %.1f s", e.Allowed.Seconds(), e.Spent.Seconds())
	if errors.Is(e.Err, context.Canceled) {
		what = fmt.Sprintf("the request was cancelled (after %.1f s", e.Spent.Seconds())
	}
	if e.Detail != "" {
		what += ", " + e.Detail
	}
	return what + "); narrow the query: a shorter time range, fewer functions or a lower limit: " + e.Err.Error()
}

func (e *DeadlineError) Unwrap() error { return e.Err }

// Overrun turns err into a DeadlineError when ctx is done (its deadline passed or its request
// was cancelled), with detail (the attempts made, the part scanned) in it; otherwise err is
// returned as it is.
func Overrun(ctx context.Context, err error, detail string) error {
	if err == nil || ctx.Err() == nil {
		return err
	}
	var already *DeadlineError
	if errors.As(err, &already) {
		return err
	}
	s, ok := ctx.Value(spanKey{}).(span)
	if !ok {
		s = span{start: time.Now()}
	}
	return &DeadlineError{Allowed: s.allowed, Spent: time.Since(s.start), Detail: detail, Err: err}
}
