package demo

import (
	"slices"
	"strings"
	"testing"
	"time"
)

var day = time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC) // a Wednesday

func mustSeries(t *testing.T, e *Estate, q SeriesQuery) Series {
	t.Helper()
	s, err := e.Series(q)
	if err != nil {
		t.Fatalf("Series(%+v): %v", q, err)
	}
	return s
}

func lambdaQuery(name, metric, stat string, from time.Time, length, period time.Duration) SeriesQuery {
	return SeriesQuery{Kind: KindLambda, Name: name, Metric: metric, Statistic: stat, From: from, To: from.Add(length), Period: period}
}

func TestSeriesIsDeterministic(t *testing.T) {
	q := lambdaQuery("payments-initializer", "Duration", "p99", day, 6*time.Hour, 5*time.Minute)
	first := mustSeries(t, New(Options{}), q)
	second := mustSeries(t, New(Options{}), q)
	if !slices.Equal(first.Values, second.Values) || !slices.EqualFunc(first.Times, second.Times, time.Time.Equal) {
		t.Fatal("the same query gave different series")
	}
}

func TestSumsAgreeAcrossPeriods(t *testing.T) {
	e := New(Options{})
	for _, metric := range []string{"Invocations", "Errors", "Throttles"} {
		perMinute := mustSeries(t, e, lambdaQuery("OrderProcessorFunction", metric, "Sum", day.Add(9*time.Hour), time.Hour, time.Minute))
		perHour := mustSeries(t, e, lambdaQuery("OrderProcessorFunction", metric, "Sum", day.Add(9*time.Hour), time.Hour, time.Hour))
		if len(perMinute.Values) != 60 || len(perHour.Values) != 1 {
			t.Fatalf("%s: got %d and %d points", metric, len(perMinute.Values), len(perHour.Values))
		}
		if sum(perMinute.Values) != perHour.Values[0] {
			t.Errorf("%s: 60 one-minute sums add to %v, the one-hour sum is %v", metric, sum(perMinute.Values), perHour.Values[0])
		}
	}
}

func TestDurationStatisticsAreOrdered(t *testing.T) {
	e := New(Options{})
	stats := []string{"Minimum", "p50", "Average", "p95", "p99", "Maximum"}
	values := make([]float64, len(stats))
	for i, stat := range stats {
		values[i] = mustSeries(t, e, lambdaQuery("payment-finalizer", "Duration", stat, day.Add(14*time.Hour), time.Hour, time.Hour)).Values[0]
	}
	if !slices.IsSorted(values) {
		t.Fatalf("%v: want them in this order, got %v", stats, values)
	}
	rank := mustSeries(t, e, lambdaQuery("payment-finalizer", "Duration", "PR(:100000)", day, time.Hour, time.Hour)).Values[0]
	if rank < 99.99 {
		t.Fatalf("PR(:100000) = %v, want ~100 (no call runs 100 s)", rank)
	}
}

func TestErrorsNeverExceedInvocations(t *testing.T) {
	e := New(Options{})
	for _, f := range e.Resources(KindLambda) {
		inv := mustSeries(t, e, lambdaQuery(f.Name, "Invocations", "Sum", day, 24*time.Hour, 15*time.Minute))
		errs := mustSeries(t, e, lambdaQuery(f.Name, "Errors", "Sum", day, 24*time.Hour, 15*time.Minute))
		for i := range inv.Values {
			if errs.Values[i] > inv.Values[i] {
				t.Fatalf("%s at %s: %v errors of %v invocations", f.Name, inv.Times[i], errs.Values[i], inv.Values[i])
			}
		}
	}
}

func TestIncidentsShowUp(t *testing.T) {
	e := New(Options{})
	p99 := func(name string, at time.Duration) float64 {
		return mustSeries(t, e, lambdaQuery(name, "Duration", "p99", day.Add(at), 10*time.Minute, 10*time.Minute)).Values[0]
	}
	errorRate := func(name string, at time.Duration) float64 {
		return mustSeries(t, e, lambdaQuery(name, "Errors", "Average", day.Add(at), 10*time.Minute, 10*time.Minute)).Values[0]
	}
	if slow, normal := p99("payment-finalizer", 22*time.Hour), p99("payment-finalizer", 10*time.Hour); slow < 3*normal {
		t.Errorf("payment-finalizer p99 at 22:00 is %v ms, at 10:00 %v ms: the slow path should show", slow, normal)
	}
	if bad, normal := errorRate("OrderProcessorFunction", 9*time.Hour+10*time.Minute), errorRate("OrderProcessorFunction", 12*time.Hour); bad < 10*normal {
		t.Errorf("OrderProcessorFunction error rate after the bad deploy %v, normally %v", bad, normal)
	}
	if got := p99("booking-api-handler", 3*time.Hour); got != 30000 {
		t.Errorf("booking-api-handler p99 during connection exhaustion = %v ms, want the 30 s timeout", got)
	}
}

func TestSeriesRejectsBadQueries(t *testing.T) {
	e := New(Options{})
	tests := []struct {
		name    string
		q       SeriesQuery
		wantErr string
	}{
		{"unknown function", lambdaQuery("nope", "Errors", "Sum", day, time.Hour, time.Minute), `no lambda resource named "nope"`},
		{"metric of another kind", lambdaQuery("payments-initializer", "ApproximateAgeOfOldestMessage", "Sum", day, time.Hour, time.Minute),
			`metric "ApproximateAgeOfOldestMessage" is not a lambda metric; use one of Invocations, Errors`},
		{"percentile of a counter", lambdaQuery("payments-initializer", "Errors", "p99", day, time.Hour, time.Minute), "statistic p99 does not apply to Errors"},
		{"made-up statistic", lambdaQuery("payments-initializer", "Duration", "Median", day, time.Hour, time.Minute), `statistic "Median" is not one of`},
		{"p100", lambdaQuery("payments-initializer", "Duration", "p100", day, time.Hour, time.Minute), `statistic "p100" is not one of`},
		{"inverted rank", lambdaQuery("payments-initializer", "Duration", "PR(500:100)", day, time.Hour, time.Minute), "the lower bound must be below"},
		{"reversed range", lambdaQuery("payments-initializer", "Errors", "Sum", day, -time.Hour, time.Minute), "time range is empty or reversed"},
		{"odd period", lambdaQuery("payments-initializer", "Errors", "Sum", day, time.Hour, 90*time.Second), "period 1m30s is not a positive multiple of 60 seconds"},
		{"too many points", lambdaQuery("payments-initializer", "Errors", "Sum", day, 100*24*time.Hour, time.Minute), "is more than CloudWatch's 100800"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.Series(tt.q)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestEstateScales(t *testing.T) {
	tests := []struct{ asked, want int }{{0, 10}, {5, 10}, {1000, 1000}, {5000, 5000}}
	for _, tt := range tests {
		e := New(Options{Functions: tt.asked})
		if got := len(e.Resources(KindLambda)); got != tt.want {
			t.Errorf("Functions: %d gave %d functions, want %d", tt.asked, got, tt.want)
		}
	}
	big := New(Options{Functions: 1000})
	if _, ok := big.Resource(KindLambda, "svc-0989-handler"); !ok {
		t.Error("synthetic function svc-0989-handler is missing")
	}
	if got := big.Regions(); !slices.Equal(got, []string{"eu-west-1", "us-east-1", "us-west-2"}) {
		t.Errorf("regions %v", got)
	}
}
