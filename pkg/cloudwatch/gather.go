package cloudwatch

import (
	"context"
	"sync"
	"time"
)

// gatherer collects for a short window the series that concurrent requests fetch themselves,
// so that requests arriving together (Grafana sends each panel of a dashboard as its own request)
// are planned as one set and take as few calls as one request asking for everything would.
type gatherer struct {
	window   time.Duration
	dispatch func(base context.Context, items []*pending)

	mu    sync.Mutex
	base  context.Context
	items []*pending
}

// add hands over a request's series. The first series of a batch opens the window, so no
// request waits longer than the window for its batch; a window of zero or less dispatches at once.
func (g *gatherer) add(ctx context.Context, items []*pending) {
	if len(items) == 0 {
		return
	}
	if g.window <= 0 {
		go g.dispatch(ctx, items)
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.items) == 0 {
		g.base = ctx
		time.AfterFunc(g.window, g.flush)
	}
	g.items = append(g.items, items...)
}

func (g *gatherer) flush() {
	g.mu.Lock()
	base, items := g.base, g.items
	g.base, g.items = nil, nil
	g.mu.Unlock()
	g.dispatch(base, items)
}
