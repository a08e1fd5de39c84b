package awsclients

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestListsKeepAListForItsTTLUnlessAskedFresh(t *testing.T) {
	calls := 0
	count := func(context.Context, string) (int, error) { calls++; return calls, nil }
	failing := func(context.Context, string) (int, error) { calls++; return 0, errors.New("denied") }
	list := count
	lists := NewLists(50*time.Millisecond, func(ctx context.Context, region string) (int, error) { return list(ctx, region) })
	steps := []struct {
		name   string
		region string
		fresh  bool
		list   func(context.Context, string) (int, error)
		sleep  time.Duration
		want   int
		err    bool
		calls  int
	}{
		{"first read lists", "us-east-1", false, count, 0, 1, false, 1},
		{"within the TTL it is kept", "us-east-1", false, count, 0, 1, false, 1},
		{"another region lists its own", "eu-west-1", false, count, 0, 2, false, 2},
		{"fresh lists again", "us-east-1", true, count, 0, 3, false, 3},
		{"a failed list is not kept", "us-east-1", true, failing, 0, 0, true, 4},
		{"the last good list is still kept", "us-east-1", false, count, 0, 3, false, 4},
		{"after the TTL it lists again", "us-east-1", false, count, 60 * time.Millisecond, 5, false, 5},
	}
	for _, s := range steps {
		time.Sleep(s.sleep)
		list = s.list
		got, err := lists.Get(context.Background(), s.region, s.fresh)
		if got != s.want || (err != nil) != s.err || calls != s.calls {
			t.Fatalf("%s: got %d, error %v, %d calls; want %d, error %v, %d calls", s.name, got, err, calls, s.want, s.err, s.calls)
		}
	}
}

func TestPaginateFollowsTokensAndStopsOnARepeatedOne(t *testing.T) {
	tests := []struct {
		name    string
		pages   []string
		want    []string
		wantErr error
	}{
		{"one page", []string{""}, []string{""}, nil},
		{"three pages", []string{"a", "b", ""}, []string{"", "a", "b"}, nil},
		{"a token handed back twice", []string{"a", "a"}, []string{"", "a"}, ErrRepeatedToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var token *string
			var asked []string
			err := Paginate(&token, func() (*string, error) {
				asked = append(asked, aws.ToString(token))
				return aws.String(tt.pages[len(asked)-1]), nil
			})
			if !errors.Is(err, tt.wantErr) || len(asked) != len(tt.want) {
				t.Fatalf("error %v, asked with tokens %q; want error %v, tokens %q", err, asked, tt.wantErr, tt.want)
			}
			for i := range asked {
				if asked[i] != tt.want[i] {
					t.Fatalf("asked with tokens %q, want %q", asked, tt.want)
				}
			}
		})
	}
}

// heldLists lists a region only when the test hands the listing its value, so that the test
// decides which callers overlap.
type heldLists struct {
	*Lists[string]
	calls   atomic.Int32
	started chan context.Context // each listing's context, as it starts
	values  chan string          // each listing's value, when the test lets it finish
}

func newHeldLists() *heldLists {
	h := &heldLists{started: make(chan context.Context, 100), values: make(chan string)}
	h.Lists = NewLists(time.Minute, func(ctx context.Context, region string) (string, error) {
		h.calls.Add(1)
		h.started <- ctx
		select {
		case v := <-h.values:
			return v + " of " + region, nil
		case <-ctx.Done():
			return "", ctx.Err()
		}
	})
	return h
}

// waitFor waits until n callers wait for the region's listing under way.
func (h *heldLists) waitFor(t *testing.T, region string, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		h.mu.Lock()
		waiting := 0
		if load := h.loading[region]; load != nil {
			waiting = load.waiting
		}
		h.mu.Unlock()
		if waiting == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d callers wait for the listing of %s, want %d", waiting, region, n)
		}
		time.Sleep(time.Millisecond)
	}
}

// get calls Get on its own goroutine; the channel gives what it returned.
func (h *heldLists) get(ctx context.Context, region string, fresh bool) <-chan string {
	out := make(chan string, 1)
	go func() {
		v, err := h.Get(ctx, region, fresh)
		if err != nil {
			v = "error: " + err.Error()
		}
		out <- v
	}()
	return out
}

func receive[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		t.Fatal("nothing received in 5s")
		panic("unreachable")
	}
}

func TestConcurrentCallersOnAColdCacheShareEachRegionsListing(t *testing.T) {
	h := newHeldLists()
	regions := []string{"us-east-1", "eu-west-1", "ap-southeast-2"}
	var got []<-chan string
	for range 20 {
		for _, region := range regions {
			got = append(got, h.get(context.Background(), region, false))
		}
	}
	for _, region := range regions {
		h.waitFor(t, region, 20)
	}
	for range regions {
		h.values <- "functions"
	}
	for i, ch := range got {
		if v, want := receive(t, ch), "functions of "+regions[i%len(regions)]; v != want {
			t.Fatalf("caller %d got %q, want %q", i, v, want)
		}
	}
	t.Logf("60 callers, 3 regions: %d listings", h.calls.Load())
	if n := h.calls.Load(); n != int32(len(regions)) {
		t.Fatalf("%d listings for %d regions", n, len(regions))
	}
}

func TestACallerThatGivesUpLeavesTheListingToTheOthers(t *testing.T) {
	h := newHeldLists()
	ctx, cancel := context.WithCancel(context.Background())
	leaving := h.get(ctx, "us-east-1", false)
	listing := receive(t, h.started)
	staying := h.get(context.Background(), "us-east-1", false)
	h.waitFor(t, "us-east-1", 2)
	cancel()
	if v := receive(t, leaving); v != "error: "+context.Canceled.Error() {
		t.Fatalf("the caller that gave up got %q, want its own context's error", v)
	}
	if listing.Err() != nil {
		t.Fatalf("the shared listing was cancelled with its first caller: %v", listing.Err())
	}
	h.values <- "functions"
	if v := receive(t, staying); v != "functions of us-east-1" || h.calls.Load() != 1 {
		t.Fatalf("the caller that stayed got %q after %d listings", v, h.calls.Load())
	}
}

func TestAListingNoCallerWaitsForIsCancelledAndTheNextCallerListsAgain(t *testing.T) {
	h := newHeldLists()
	ctx, cancel := context.WithCancel(context.Background())
	leaving := h.get(ctx, "us-east-1", false)
	listing := receive(t, h.started)
	cancel()
	receive(t, leaving)
	receive(t, listing.Done())
	next := h.get(context.Background(), "us-east-1", false)
	receive(t, h.started)
	h.values <- "functions"
	if v := receive(t, next); v != "functions of us-east-1" || h.calls.Load() != 2 {
		t.Fatalf("the next caller got %q after %d listings", v, h.calls.Load())
	}
}

func TestFreshCallersAreOnlyGivenAListingThatBeganAfterTheyAsked(t *testing.T) {
	h := newHeldLists()
	first := h.get(context.Background(), "us-east-1", false)
	receive(t, h.started)
	// Two alert evaluations and a dashboard ask while that listing is under way.
	fresh1 := h.get(context.Background(), "us-east-1", true)
	fresh2 := h.get(context.Background(), "us-east-1", true)
	dashboard := h.get(context.Background(), "us-east-1", false)
	h.waitFor(t, "us-east-1", 4)
	h.values <- "before"
	for _, ch := range []<-chan string{first, dashboard} {
		if v := receive(t, ch); v != "before of us-east-1" {
			t.Fatalf("a cached-list caller got %q", v)
		}
	}
	// The alert evaluations share one listing that began after they asked.
	receive(t, h.started)
	h.values <- "after"
	for _, ch := range []<-chan string{fresh1, fresh2} {
		if v := receive(t, ch); v != "after of us-east-1" {
			t.Fatalf("a fresh caller got %q", v)
		}
	}
	if n := h.calls.Load(); n != 2 {
		t.Fatalf("%d listings, want 2", n)
	}
}

func TestAListingThatPanicsFailsItsCallers(t *testing.T) {
	panics := true
	lists := NewLists(time.Minute, func(context.Context, string) (int, error) {
		if panics {
			panic("bad page")
		}
		return 1, nil
	})
	if _, err := lists.Get(context.Background(), "us-east-1", false); err == nil || !strings.Contains(err.Error(), "bad page") {
		t.Fatalf("error %v", err)
	}
	panics = false
	if v, err := lists.Get(context.Background(), "us-east-1", false); v != 1 || err != nil {
		t.Fatalf("after the panic: %d, %v", v, err)
	}
}
