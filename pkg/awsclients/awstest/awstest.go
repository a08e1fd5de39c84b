// Package awstest is what the tests of the packages that call AWS share: running without a CA
// bundle in the environment, and many callers arriving at once on a cold cache, which must make
// one listing a region between them. It imports nothing of the plugin's, so that awsclients' own
// tests can use it too.
package awstest

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"
)

// Main runs a package's tests from its TestMain without AWS_CA_BUNDLE: the stand-ins are plain
// HTTP or trust their own certificates through the data source's TLS settings, and a CA bundle in
// the environment would only make the SDK refuse grafana-aws-sdk's HTTP client (see
// awsclients.Connection).
func Main(m *testing.M) {
	os.Unsetenv("AWS_CA_BUNDLE")
	os.Exit(m.Run())
}

// SlowClients hands out a region's client Delay late, so that callers arriving together overlap.
// Its Client method makes it the Clients of lambdadiscovery and cloudwatchlogs, with Next the SDK
// clients' Client.
type SlowClients[API any] struct {
	Next  func(ctx context.Context, region string) (API, error)
	Delay time.Duration
}

// Client is Next's client for region, after Delay.
func (c SlowClients[API]) Client(ctx context.Context, region string) (API, error) {
	time.Sleep(c.Delay)
	return c.Next(ctx, region)
}

// Together makes n calls at once, as panels refreshing together do, and returns when every one
// has returned.
func Together(n int, call func()) {
	var wg sync.WaitGroup
	for range n {
		wg.Go(call)
	}
	wg.Wait()
}

// ColdCache makes callers calls at once on a cold cache, then checks that the stand-in served
// want calls of operation in all (served counts them): the regions × pages of one listing a
// region, however many callers there are.
func ColdCache(t *testing.T, callers int, call func(), operation string, served func() int, want int) {
	t.Helper()
	Together(callers, call)
	n := served()
	t.Logf("%d callers: %d %s calls", callers, n, operation)
	if n != want {
		t.Fatalf("%d %s calls for %d callers, want %d (regions × pages)", n, operation, callers, want)
	}
}
