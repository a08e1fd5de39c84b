package cloudwatch

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/seed/serverless/pkg/awsclients"
	"github.com/seed/serverless/pkg/cloudwatch/cwfake"
	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/model"
)

// demoValues is what demo mode shows for the same series.
func demoValues(t testing.TB, e *demo.Estate, name, metric, stat string, period time.Duration, from, to time.Time) model.Series {
	t.Helper()
	s, err := e.Series(model.SeriesQuery{Kind: model.KindLambda, Name: name, Metric: metric, Statistic: stat, From: from, To: to, Period: period})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func checkSameAsDemo(t testing.TB, r *Result, want model.Series) {
	t.Helper()
	if r.Err != nil {
		t.Fatalf("unexpected error: %v", r.Err)
	}
	if !slices.Equal(r.Values, want.Values) || len(r.Times) != len(want.Times) {
		t.Fatalf("values %v, want %v", r.Values, want.Values)
	}
	for i := range r.Times {
		if !r.Times[i].Equal(want.Times[i]) {
			t.Fatalf("time %d is %s, want %s", i, r.Times[i], want.Times[i])
		}
	}
}

func TestFetchDeduplicatesIdenticalSeries(t *testing.T) {
	f := newFake(t, cwfake.Options{})
	p := newTestPlanner(t, f, Options{})
	hour := day.Add(14 * time.Hour)
	a := lambdaWant("ledger-writer", "Errors", "Sum", 5*time.Minute, hour, hour.Add(time.Hour))
	// The same series asked by another panel whose range starts a few seconds later: the
	// aligned window is the same, so it is the same request to CloudWatch.
	b := lambdaWant("ledger-writer", "Errors", "Sum", 5*time.Minute, hour.Add(20*time.Second), hour.Add(time.Hour-time.Second))
	c := lambdaWant("ledger-writer", "Errors", "p99", 5*time.Minute, hour, hour.Add(time.Hour))
	d := lambdaWant("wallet-updater", "Errors", "Sum", 5*time.Minute, hour, hour.Add(time.Hour))
	res := fetch(t, p, a, b, a, c, d)
	if res.Stats.SeriesWanted != 5 || res.Stats.UniqueSeries != 3 || res.Stats.MetricsRequested != 3 || res.Stats.GetMetricDataCalls != 1 {
		t.Fatalf("stats %+v, want 5 wanted, 3 unique, 3 requested in 1 call", res.Stats)
	}
	if got := f.Stats(); got.MetricsRequested != 3 || got.GetMetricDataCalls != 1 {
		t.Fatalf("fake saw %+v", got)
	}
	want := demoValues(t, baseEstate, "ledger-writer", "Errors", "Sum", 5*time.Minute, hour, hour.Add(time.Hour))
	checkSameAsDemo(t, res.Result(a), want)
	checkSameAsDemo(t, res.Result(b), want)
	if math.Abs(res.Stats.EstimatedCostUSD-0.00003) > 1e-12 {
		t.Errorf("cost %g", res.Stats.EstimatedCostUSD)
	}
}

func TestFetchGroupsByRegionPeriodAndRange(t *testing.T) {
	f := newFake(t, cwfake.Options{})
	p := newTestPlanner(t, f, Options{})
	wants := []Want{
		lambdaWant("ledger-writer", "Invocations", "Sum", 5*time.Minute, day, day.Add(time.Hour)),                  // us-east-1
		lambdaWant("payment-finalizer", "Invocations", "Sum", 5*time.Minute, day, day.Add(time.Hour)),              // us-east-1, same call
		lambdaWant("booking-api-handler", "Invocations", "Sum", 5*time.Minute, day, day.Add(time.Hour)),            // eu-west-1
		lambdaWant("ledger-writer", "Invocations", "Sum", time.Hour, day, day.Add(time.Hour)),                      // another period
		lambdaWant("ledger-writer", "Invocations", "Sum", 5*time.Minute, day.Add(time.Hour), day.Add(2*time.Hour)), // another range
	}
	res := fetch(t, p, wants...)
	if res.Stats.GetMetricDataCalls != 4 || res.Stats.MetricsRequested != 5 {
		t.Fatalf("stats %+v, want 5 metrics in 4 calls", res.Stats)
	}
	for _, w := range wants {
		name := w.Series.Dimensions[0].Value
		checkSameAsDemo(t, res.Result(w), demoValues(t, baseEstate, name, "Invocations", "Sum", w.Series.Period, w.From, w.To))
	}
}

func TestFetchFollowsNextToken(t *testing.T) {
	f := newFake(t, cwfake.Options{PageDatapoints: 50})
	p := newTestPlanner(t, f, Options{})
	var wants []Want
	for _, name := range []string{"ledger-writer", "wallet-updater", "payment-finalizer"} {
		wants = append(wants, lambdaWant(name, "Duration", "p95", time.Minute, day, day.Add(2*time.Hour)))
	}
	res := fetch(t, p, wants...)
	// 3 series × 120 points = 360 datapoints in pages of 50.
	if res.Stats.GetMetricDataCalls != 8 || f.Stats().GetMetricDataCalls != 8 {
		t.Fatalf("planner made %d calls, fake answered %d; want 8 pages", res.Stats.GetMetricDataCalls, f.Stats().GetMetricDataCalls)
	}
	for _, w := range wants {
		r := res.Result(w)
		checkSameAsDemo(t, r, demoValues(t, baseEstate, w.Series.Dimensions[0].Value, "Duration", "p95", time.Minute, day, day.Add(2*time.Hour)))
		if len(r.Warnings) != 0 {
			t.Errorf("warnings after every page was read: %v", r.Warnings)
		}
	}
}

func TestCacheServesPanelsRefreshingTogetherAndAlertsBypassIt(t *testing.T) {
	f := newFake(t, cwfake.Options{})
	clock := day.Add(20 * time.Hour)
	var mu sync.Mutex
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	p := newTestPlanner(t, f, Options{CacheTTL: time.Minute, Now: now})
	w := lambdaWant("ledger-writer", "Errors", "Sum", time.Minute, day, day.Add(time.Hour))

	steps := []struct {
		name      string
		advance   time.Duration
		fresh     bool
		wantCalls int64
		wantHits  int
	}{
		{"first panel fetches", 0, false, 1, 0},
		{"second panel a moment later hits the cache", 10 * time.Second, false, 0, 1},
		{"an alert evaluation reads CloudWatch again", 0, true, 1, 0},
		{"the alert's fresh copy serves the next panel", 10 * time.Second, false, 0, 1},
		{"after the TTL the series is fetched again", time.Minute, false, 1, 0},
	}
	for _, s := range steps {
		mu.Lock()
		clock = clock.Add(s.advance)
		mu.Unlock()
		res := p.Fetch(context.Background(), Request{Wants: []Want{w}, Fresh: s.fresh})
		if res.Stats.GetMetricDataCalls != s.wantCalls || res.Stats.CacheHits != s.wantHits {
			t.Fatalf("%s: %d calls and %d hits, want %d and %d", s.name, res.Stats.GetMetricDataCalls, res.Stats.CacheHits, s.wantCalls, s.wantHits)
		}
		r := res.Result(w)
		if r.Err != nil || len(r.Values) != 60 || r.Cached != (s.wantHits == 1) {
			t.Fatalf("%s: err %v, %d values, cached %v", s.name, r.Err, len(r.Values), r.Cached)
		}
	}
}

// throttlesCounted is CloudWatch's throttles of an operation as the metrics endpoint serves them.
func throttlesCounted(t *testing.T, operation string) float64 {
	t.Helper()
	families, err := prometheus.DefaultGatherer.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != "seed_serverless_aws_throttles_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["service"] == "CloudWatch" && labels["operation"] == operation {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}

func TestThrottlingIsRetriedWithBackoff(t *testing.T) {
	f := newFake(t, cwfake.Options{})
	p := NewPlanner(testClients(t, f, 5), Options{})
	f.ThrottleNext(3)
	throttlesBefore := throttlesCounted(t, "GetMetricData")
	w := lambdaWant("ledger-writer", "Invocations", "Sum", 5*time.Minute, day, day.Add(time.Hour))
	res := fetch(t, p, w)
	checkSameAsDemo(t, res.Result(w), demoValues(t, baseEstate, "ledger-writer", "Invocations", "Sum", 5*time.Minute, day, day.Add(time.Hour)))
	if res.Stats.Throttles != 3 || res.Stats.Retries != 3 || res.Stats.APIAttempts != 4 || res.Stats.GetMetricDataCalls != 1 {
		t.Fatalf("stats %+v, want 3 throttles, 3 retries, 4 attempts of 1 call", res.Stats)
	}
	if got := throttlesCounted(t, "GetMetricData") - throttlesBefore; got != 3 {
		t.Fatalf("seed_serverless_aws_throttles_total grew by %g, want 3", got)
	}
	if got := f.Stats().Throttled; got != 3 {
		t.Fatalf("fake throttled %d calls", got)
	}
}

func TestPersistentThrottlingBecomesASeriesError(t *testing.T) {
	f := newFake(t, cwfake.Options{})
	p := NewPlanner(testClients(t, f, 3), Options{})
	f.ThrottleNext(1000)
	w := lambdaWant("ledger-writer", "Invocations", "Sum", 5*time.Minute, day, day.Add(time.Hour))
	res := fetch(t, p, w)
	var throttled *ThrottledError
	if r := res.Result(w); !errors.As(r.Err, &throttled) || throttled.Region != "us-east-1" {
		t.Fatalf("error %v, want a ThrottledError in us-east-1", r.Err)
	}
	if !strings.Contains(res.Result(w).Err.Error(), "refresh less often") {
		t.Fatalf("the error should say what to do: %v", res.Result(w).Err)
	}
	if res.Stats.APIAttempts != 3 || res.Stats.Throttles != 3 {
		t.Fatalf("stats %+v, want 3 throttled attempts", res.Stats)
	}
	// A failed series is not cached: the next refresh tries again and, unthrottled, succeeds.
	f.ThrottleNext(0)
	if r := fetch(t, p, w).Result(w); r.Err != nil || len(r.Values) != 12 {
		t.Fatalf("after throttling ends: %v, %d values", r.Err, len(r.Values))
	}
}

func TestQuotaOfTheFakeIsSurvivedThroughRetries(t *testing.T) {
	f := newFake(t, cwfake.Options{GetMetricDataTPS: 5})
	var wants []Want
	// 12 groups (one per hour of the day), so 12 calls against a quota of 5 a second.
	for h := range 12 {
		from := day.Add(time.Duration(h) * time.Hour)
		wants = append(wants, lambdaWant("ledger-writer", "Invocations", "Sum", time.Minute, from, from.Add(time.Hour)))
	}
	// Enough attempts that no call can lose every draw for a token: the test is about surviving
	// the quota, not about how many attempts that takes.
	clients := NewSDKClients(awsclients.NewConnection(awsSettings(t, f.URL), awsclients.Options{MaxAttempts: 30, BaseBackoff: 50 * time.Millisecond, MaxBackoff: 500 * time.Millisecond}))
	p := NewPlanner(clients, Options{Concurrency: 8, CacheTTL: -1})
	res := fetch(t, p, wants...)
	for _, w := range wants {
		if r := res.Result(w); r.Err != nil || len(r.Values) != 60 {
			t.Fatalf("%v: %v, %d values", w.From, r.Err, len(r.Values))
		}
	}
	if res.Stats.Throttles == 0 || f.Stats().Throttled == 0 {
		t.Fatalf("12 calls at once should have met the quota of 5 a second: %+v", res.Stats)
	}
}

func TestPartialResultsBecomeWarnings(t *testing.T) {
	f := newFake(t, cwfake.Options{
		ResultHook: func(q cwfake.Query) (string, []cwfake.Message) {
			if q.Dimensions["FunctionName"] == "wallet-updater" {
				return "PartialData", []cwfake.Message{{Code: "MaxQueryTimeRangeExceed", Value: "The query time range is too long."}}
			}
			return "", nil
		},
		CallMessages: []cwfake.Message{{Code: "Info", Value: "Maximum number of allowed metrics exceeded"}},
	})
	p := newTestPlanner(t, f, Options{})
	ok := lambdaWant("ledger-writer", "Invocations", "Sum", 5*time.Minute, day, day.Add(time.Hour))
	partial := lambdaWant("wallet-updater", "Invocations", "Sum", 5*time.Minute, day, day.Add(time.Hour))
	res := fetch(t, p, ok, partial)
	if w := res.Result(ok).Warnings; len(w) != 1 || !strings.Contains(w[0], "Maximum number of allowed metrics exceeded") {
		t.Fatalf("warnings of the complete series: %v", w)
	}
	w := strings.Join(res.Result(partial).Warnings, "\n")
	for _, want := range []string{"MaxQueryTimeRangeExceed: The query time range is too long.", "status PartialData"} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings %q lack %q", w, want)
		}
	}
}

func TestDiscoveryListsEachResourceOnceAndPages(t *testing.T) {
	estate := demo.New(demo.Options{Functions: 1300})
	f := newFake(t, cwfake.Options{Estate: estate})
	p := newTestPlanner(t, f, Options{})
	ctx := WithStats(context.Background())
	found, err := p.Discover(ctx, Discovery{Regions: []string{"us-east-1", "eu-west-1"}, Namespace: "AWS/Lambda", Metric: "Errors", Dimension: "FunctionName"})
	if err != nil {
		t.Fatal(err)
	}
	var want []Resource
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		var names []string
		for _, r := range estate.Resources(model.KindLambda) {
			if r.Region == region {
				names = append(names, r.Name)
			}
		}
		slices.Sort(names)
		for _, n := range names {
			want = append(want, Resource{region, n})
		}
	}
	if !slices.Equal(found, want) {
		t.Fatalf("found %d resources, want %d (first %v vs %v)", len(found), len(want), found[:2], want[:2])
	}
	// us-east-1 holds ~440 functions, listed with two dimension sets each plus one account-wide
	// metric: two pages; eu-west-1 likewise.
	if calls := countersFrom(ctx).listMetricsCalls.Load(); calls != 4 {
		t.Fatalf("%d ListMetrics calls, want 4", calls)
	}
	if _, err := p.Discover(ctx, Discovery{Regions: []string{"us-east-1"}, Namespace: "AWS/Lambda", Metric: "Errors", Dimension: "FunctionName"}); err != nil {
		t.Fatal(err)
	}
	if calls := countersFrom(ctx).listMetricsCalls.Load(); calls != 4 {
		t.Fatalf("a second discovery within the TTL called ListMetrics again (%d calls)", calls)
	}
}

func TestSeriesWithTooManyPointsFailAlone(t *testing.T) {
	f := newFake(t, cwfake.Options{})
	p := newTestPlanner(t, f, Options{})
	long := lambdaWant("ledger-writer", "Errors", "Sum", time.Minute, day, day.Add(80*24*time.Hour))
	short := lambdaWant("ledger-writer", "Errors", "Sum", time.Minute, day, day.Add(time.Hour))
	res := fetch(t, p, long, short)
	if err := res.Result(long).Err; err == nil || !strings.Contains(err.Error(), "115200 datapoints at period 1m0s is more than CloudWatch's 100800") {
		t.Fatalf("long series: %v", err)
	}
	if r := res.Result(short); r.Err != nil || len(r.Values) != 60 {
		t.Fatalf("short series: %v", r.Err)
	}
}
