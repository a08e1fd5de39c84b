package cloudwatch

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/seed/serverless/pkg/cloudwatch/cwfake"
	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/model"
)

// flatWants asks for each metric of each function, all in us-east-1 of a flat account
// (cwfake's AnyRegion), 6 h at 1 min: 360 points, so 280 series fit a call.
func flatWants(names []string, metrics ...string) []Want {
	var wants []Want
	for _, m := range metrics {
		for _, n := range names {
			wants = append(wants, Want{Series: Series{Region: "us-east-1", Namespace: "AWS/Lambda", MetricName: m, Stat: "Sum", Period: time.Minute,
				Dimensions: []Dimension{{"FunctionName", n}}}, From: day, To: day.Add(6 * time.Hour)})
		}
	}
	return wants
}

func TestConcurrentFetchesOfOverlappingSeriesMakeTheFewestCalls(t *testing.T) {
	estate := demo.New(demo.Options{Functions: 100})
	var names []string
	for _, r := range estate.Resources(model.KindLambda)[:100] {
		names = append(names, r.Name)
	}
	// Panel A shows 3 metrics, panel B 3 metrics of which 2 are A's: 400 unique series.
	a := Request{Wants: flatWants(names, "Invocations", "Errors", "Throttles")}
	b := Request{Wants: flatWants(names, "Errors", "Throttles", "ConcurrentExecutions")}
	minimum := cwfake.MinimumCalls(400, 360)
	tests := []struct {
		name      string
		bAfter    time.Duration
		wantCalls int64
		wantHitsB int
	}{
		// 400 series: ceil(400·360/100800) = 2 calls.
		{"arriving together, they are planned as one set", 2 * time.Millisecond, minimum, 0},
		// A's 300 take 2 calls; B waits for the 200 it shares and fetches its 100 in a third.
		{"arriving after A's calls are planned, B plans its own share", 50 * time.Millisecond, minimum + 1, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, cwfake.Options{Estate: estate, AnyRegion: true, Latency: 200 * time.Millisecond})
			p := newTestPlanner(t, f, Options{GatherWindow: 20 * time.Millisecond})
			res := fetchArrivals(p, arrival{req: a}, arrival{after: tt.bAfter, req: b})
			if got := f.Stats(); int64(got.GetMetricDataCalls) != tt.wantCalls || got.MetricsRequested != 400 {
				t.Fatalf("the fake answered %d calls asking for %d metrics, want %d calls for 400", got.GetMetricDataCalls, got.MetricsRequested, tt.wantCalls)
			}
			if res[1].Stats.CacheHits != tt.wantHitsB {
				t.Errorf("B had %d cache hits, want %d", res[1].Stats.CacheHits, tt.wantHitsB)
			}
			for i, req := range []Request{a, b} {
				for _, w := range req.Wants {
					if r := res[i].Result(w); r.Err != nil || len(r.Values) != 360 {
						t.Fatalf("request %d, %v: %v, %d values", i, w.Series, r.Err, len(r.Values))
					}
				}
			}
		})
	}
}

func TestStatsChargeEachRequestTheCallsItsSeriesTookPartIn(t *testing.T) {
	hour := day.Add(9 * time.Hour)
	series := func(name string, period time.Duration) Want {
		return lambdaWant(name, "Errors", "Sum", period, hour, hour.Add(time.Hour))
	}
	ledger, wallet, payment := series("ledger-writer", time.Minute), series("wallet-updater", time.Minute), series("payment-finalizer", time.Minute)
	ledger5m := series("ledger-writer", 5*time.Minute)
	type figures struct {
		calls, shared, metrics int64
		hits                   int
	}
	tests := []struct {
		name      string
		a, b      []Want
		bAfter    time.Duration
		fakeCalls int
		wantA     figures
		wantB     figures
	}{
		{"the same series together: both are charged the one call", []Want{ledger, wallet}, []Want{wallet, ledger}, 5 * time.Millisecond, 1,
			figures{1, 1, 2, 0}, figures{1, 1, 2, 0}},
		{"overlapping series together: both are charged the whole call", []Want{ledger, wallet}, []Want{wallet, payment}, 5 * time.Millisecond, 1,
			figures{1, 1, 3, 0}, figures{1, 1, 3, 0}},
		{"different periods together: each is charged its own call", []Want{ledger}, []Want{ledger5m}, 5 * time.Millisecond, 2,
			figures{1, 0, 1, 0}, figures{1, 0, 1, 0}},
		{"asking while the call is under way is a cache hit", []Want{ledger, wallet}, []Want{wallet}, 80 * time.Millisecond, 1,
			figures{1, 0, 2, 0}, figures{0, 0, 0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, cwfake.Options{Latency: 200 * time.Millisecond})
			p := newTestPlanner(t, f, Options{GatherWindow: 30 * time.Millisecond})
			res := fetchArrivals(p, arrival{req: Request{Wants: tt.a}}, arrival{after: tt.bAfter, req: Request{Wants: tt.b}})
			if got := f.Stats().GetMetricDataCalls; got != tt.fakeCalls {
				t.Fatalf("the fake answered %d calls, want %d", got, tt.fakeCalls)
			}
			for i, want := range []figures{tt.wantA, tt.wantB} {
				s := res[i].Stats
				if got := (figures{s.GetMetricDataCalls, s.SharedCalls, s.MetricsRequested, s.CacheHits}); got != want {
					t.Errorf("request %d: calls, shared, metrics, hits = %v, want %v", i, got, want)
				}
			}
			for _, w := range tt.b {
				if r := res[1].Result(w); r.Err != nil || r.Cached != (tt.wantB.hits > 0) {
					t.Errorf("B's %v: %v, cached %v", w.Series.Dimensions, r.Err, r.Cached)
				}
			}
		})
	}
}

func TestGivingUpCancelsOnlyCallsNobodyWaitsFor(t *testing.T) {
	w := lambdaWant("ledger-writer", "Throttles", "Sum", 5*time.Minute, day, day.Add(time.Hour))
	req := Request{Wants: []Want{w}}
	tests := []struct {
		name        string
		window      time.Duration
		arrivals    []arrival
		wantData    []bool
		wantStarted int64
		wantCancel  int64
	}{
		{"the owner gives up; a request gathered with it keeps the call", 20 * time.Millisecond,
			[]arrival{{timeout: 50 * time.Millisecond, req: req}, {after: 5 * time.Millisecond, req: req}}, []bool{false, true}, 1, 0},
		{"the owner gives up; a request waiting for the call in flight keeps it", 20 * time.Millisecond,
			[]arrival{{timeout: 80 * time.Millisecond, req: req}, {after: 50 * time.Millisecond, req: req}}, []bool{false, true}, 1, 0},
		{"every request gives up: the call is cancelled", 20 * time.Millisecond,
			[]arrival{{timeout: 50 * time.Millisecond, req: req}, {after: 5 * time.Millisecond, timeout: 80 * time.Millisecond, req: req}}, []bool{false, false}, 1, 1},
		{"a request that gives up while gathered costs no call", 100 * time.Millisecond,
			[]arrival{{timeout: 10 * time.Millisecond, req: req}}, []bool{false}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, cwfake.Options{Latency: 300 * time.Millisecond})
			clients := &watchedClients{Clients: testClients(t, f, 3)}
			p := NewPlanner(clients, Options{GatherWindow: tt.window})
			for i, res := range fetchArrivals(p, tt.arrivals...) {
				r := res.Result(w)
				if got := r.Err == nil && len(r.Values) == 12; got != tt.wantData[i] {
					t.Fatalf("request %d: data %v (%v), want %v", i, got, r.Err, tt.wantData[i])
				} else if !got && !errors.Is(r.Err, context.DeadlineExceeded) {
					t.Fatalf("request %d failed with %v, want its own deadline", i, r.Err)
				}
			}
			time.Sleep(tt.window)
			eventually(t, "calls started and cancelled as expected", func() bool {
				return clients.started.Load() == tt.wantStarted && clients.cancelled.Load() == tt.wantCancel
			})
			// Whatever was given up, the next request gets the series.
			if r := fetch(t, p, w).Result(w); r.Err != nil || len(r.Values) != 12 {
				t.Fatalf("a later request got %v, %d values", r.Err, len(r.Values))
			}
		})
	}
}

func TestAlertEvaluationsShareOnlyCallsThatStartAfterThem(t *testing.T) {
	w := lambdaWant("wallet-updater", "Errors", "Sum", 5*time.Minute, day, day.Add(time.Hour))
	tests := []struct {
		name       string
		window     time.Duration
		freshAfter time.Duration // negative: after the panel's request has ended
		wantCalls  int
	}{
		{"asking while the panel's series is gathered, it shares the call", 100 * time.Millisecond, 20 * time.Millisecond, 1},
		{"asking while the panel's call is under way, it makes its own", 10 * time.Millisecond, 50 * time.Millisecond, 2},
		{"asking once the series is cached, it makes its own", 10 * time.Millisecond, -1, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, cwfake.Options{Latency: 200 * time.Millisecond})
			p := newTestPlanner(t, f, Options{GatherWindow: tt.window})
			panel := arrival{req: Request{Wants: []Want{w}}}
			alert := arrival{after: tt.freshAfter, req: Request{Wants: []Want{w}, Fresh: true}}
			var res *Response
			if tt.freshAfter < 0 {
				fetchArrivals(p, panel)
				res = fetchArrivals(p, alert)[0]
			} else {
				res = fetchArrivals(p, panel, alert)[1]
			}
			if got := f.Stats(); got.GetMetricDataCalls != tt.wantCalls || got.MetricsRequested != tt.wantCalls {
				t.Fatalf("the fake answered %d calls for %d metrics, want %d of one each", got.GetMetricDataCalls, got.MetricsRequested, tt.wantCalls)
			}
			r := res.Result(w)
			if r.Err != nil || len(r.Values) != 12 || r.Cached || res.Stats.CacheHits != 0 || res.Stats.GetMetricDataCalls != 1 {
				t.Fatalf("the alert got %v, %d values, cached %v, stats %+v", r.Err, len(r.Values), r.Cached, res.Stats)
			}
		})
	}
}
