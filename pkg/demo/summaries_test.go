package demo

import (
	"context"
	"errors"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/seed/serverless/pkg/model"
)

func summaryOf(t *testing.T, e *Estate, name string, from time.Time, length time.Duration) model.FunctionSummary {
	t.Helper()
	for _, s := range e.Summaries(from, from.Add(length)) {
		if s.Function.Name == name {
			return s
		}
	}
	t.Fatalf("no summary for %s", name)
	return model.FunctionSummary{}
}

// The inventory row and the metrics describe the same calls.
func TestSummariesAgreeWithSeries(t *testing.T) {
	e := New(Options{})
	from := day
	sumOf := func(name, metric string) float64 {
		return one(t, e, lambdaQuery(name, metric, "Sum", from, 24*time.Hour, 24*time.Hour))
	}
	for _, s := range e.Summaries(from, from.Add(24*time.Hour)) {
		t.Run(s.Function.Name, func(t *testing.T) {
			name := s.Function.Name
			if inv, errs, thr := sumOf(name, "Invocations"), sumOf(name, "Errors"), sumOf(name, "Throttles"); s.Invocations != inv || s.Errors != errs || s.Throttles != thr {
				t.Errorf("summary %v/%v/%v, series %v/%v/%v invocations/errors/throttles", s.Invocations, s.Errors, s.Throttles, inv, errs, thr)
			}
			for _, p := range []struct {
				stat string
				got  float64
			}{{"p50", s.DurationP50}, {"p95", s.DurationP95}, {"p99", s.DurationP99}} {
				want := one(t, e, lambdaQuery(name, "Duration", p.stat, from, 24*time.Hour, 24*time.Hour))
				if math.Abs(p.got-want) > 1e-9*want {
					t.Errorf("%s: summary %v, series %v", p.stat, p.got, want)
				}
			}
			if !(s.DurationP50 < s.DurationP95 && s.DurationP95 < s.DurationP99 && s.DurationP99 <= float64(s.Function.TimeoutSeconds)*1000) {
				t.Errorf("percentiles out of order %v %v %v", s.DurationP50, s.DurationP95, s.DurationP99)
			}
			concurrency := one(t, e, lambdaQuery(name, "ConcurrentExecutions", "Maximum", from, 24*time.Hour, 24*time.Hour))
			if s.MaxConcurrency != concurrency {
				t.Errorf("max concurrency %v, series %v", s.MaxConcurrency, concurrency)
			}
			totalMs := one(t, e, lambdaQuery(name, "Duration", "Sum", from, 24*time.Hour, 24*time.Hour))
			if math.Abs(s.BilledDurationMs-(totalMs+s.Invocations/2)) > 1 {
				t.Errorf("billed %v ms, durations add to %v ms over %v calls", s.BilledDurationMs, totalMs, s.Invocations)
			}
			wantCost := s.BilledDurationMs/1000*float64(s.Function.MemoryMB)/1024*0.0000166667 + s.Invocations/1e6*0.20
			if math.Abs(s.EstimatedCostUSD-wantCost) > 1e-12 || s.EstimatedCostUSD <= 0 {
				t.Errorf("cost %v, want %v", s.EstimatedCostUSD, wantCost)
			}
			if s.ErrorRate != 100*s.Errors/s.Invocations || s.ColdStartRate != 100*s.ColdStarts/s.Invocations {
				t.Errorf("rates %v %v", s.ErrorRate, s.ColdStartRate)
			}
			// Over a day, each of the sparkline's points is an hour of the series.
			hourly := mustSeries(t, e, lambdaQuery(name, "Invocations", "Sum", from, 24*time.Hour, time.Hour)).Values
			hourlyErrors := mustSeries(t, e, lambdaQuery(name, "Errors", "Sum", from, 24*time.Hour, time.Hour)).Values
			if !slices.Equal(s.InvocationsTrend, hourly) || !slices.Equal(s.ErrorsTrend, hourlyErrors) {
				t.Errorf("trends %v / %v, hourly series %v / %v", s.InvocationsTrend, s.ErrorsTrend, hourly, hourlyErrors)
			}
			if s.MaxMemoryUsedMB <= 0 || s.MaxMemoryUsedMB > float64(s.Function.MemoryMB) {
				t.Errorf("max memory used %v of %d MB", s.MaxMemoryUsedMB, s.Function.MemoryMB)
			}
		})
	}
}

func TestHealthReflectsIncidents(t *testing.T) {
	e := New(Options{})
	tests := []struct {
		function     string
		from         time.Time
		length       time.Duration
		want         model.Health
		wantThrottle bool
	}{
		{"booking-api-handler", at(2, 40), 15 * time.Minute, model.HealthCritical, false},
		{"booking-api-handler", at(14, 40), 20 * time.Minute, model.HealthCritical, true},
		{"OrderProcessorFunction", at(9, 10), 30 * time.Minute, model.HealthCritical, false},
		{"NotificationServiceFunction", at(11, 0), 30 * time.Minute, model.HealthCritical, false},
		{"ledger-writer", at(12, 0), time.Hour, model.HealthOK, false},
		{"booking-api-handler", at(12, 0), time.Hour, model.HealthOK, false},
	}
	for _, tt := range tests {
		t.Run(tt.function+" "+tt.from.Format("15:04"), func(t *testing.T) {
			s := summaryOf(t, e, tt.function, tt.from, tt.length)
			if s.Health != tt.want || (s.Throttles > 0) != tt.wantThrottle {
				t.Errorf("health %s with %v throttles, error rate %v%%, p99 %v ms; want %s", s.Health, s.Throttles, s.ErrorRate, s.DurationP99, tt.want)
			}
		})
	}
}

// Synthetic functions fill the inventory with every health, not a wall of green.
func TestSyntheticEstateHasEveryHealth(t *testing.T) {
	e := New(Options{Functions: 1000})
	counts := map[model.Health]int{}
	for _, s := range e.Summaries(day, day.Add(24*time.Hour)) {
		counts[s.Health]++
	}
	if counts[model.HealthOK] < 800 || counts[model.HealthWarning] == 0 || counts[model.HealthCritical] == 0 {
		t.Errorf("health counts %v", counts)
	}
}

func TestSummariesOfAnEmptyWindow(t *testing.T) {
	for _, s := range New(Options{}).Summaries(day, day) {
		if s.Invocations != 0 || s.Health != model.HealthOK || s.Function.Name == "" {
			t.Fatalf("%+v", s)
		}
	}
}

func benchmarkSummaries(b *testing.B, functions int) {
	e := New(Options{Functions: functions})
	b.ReportAllocs()
	for b.Loop() {
		if got := len(e.Summaries(day, day.Add(24*time.Hour))); got != functions {
			b.Fatalf("%d rows", got)
		}
	}
}

func BenchmarkSummaries1000(b *testing.B) { benchmarkSummaries(b, 1000) }
func BenchmarkSummaries5000(b *testing.B) { benchmarkSummaries(b, 5000) }

// The sparkline splits any range, however short or odd, into the parts model.TrendPoint names.
func TestTrendsSplitAnyRange(t *testing.T) {
	e := New(Options{})
	for _, minutes := range []int{1, 7, 23, 24, 25, 50, 1439} {
		from := at(9, 0)
		length := time.Duration(minutes) * time.Minute
		perMinute := mustSeries(t, e, lambdaQuery("payments-initializer", "Invocations", "Sum", from, length, time.Minute)).Values
		want := make([]float64, model.TrendPoints)
		for i, v := range perMinute {
			want[model.TrendPoint(int64(i), int64(minutes))] += v
		}
		if got := summaryOf(t, e, "payments-initializer", from, length).InvocationsTrend; !slices.Equal(got, want) {
			t.Errorf("%d minutes: trend %v, want %v", minutes, got, want)
		}
	}
}

// At steady traffic, with no incident and no deployment, a function's environments stay warm:
// cold starts are a small share of its calls, however few calls it has.
func TestSteadyTrafficRarelyStartsCold(t *testing.T) {
	e := New(Options{})
	from, to := at(12, 0), at(14, 30)
	deployed := map[string]bool{}
	for _, ev := range e.Events(from.Add(-time.Hour), to) {
		deployed[ev.Function] = true
	}
	for _, s := range e.Summaries(from, to) {
		if deployed[s.Function.Name] {
			continue
		}
		if s.Invocations < 100 || s.ColdStartRate > 1.5 {
			t.Errorf("%s: %v cold starts in %v calls (%.2f%%)", s.Function.Name, s.ColdStarts, s.Invocations, s.ColdStartRate)
		}
	}
}

// The inventory's max concurrency is the metric's Maximum over the same minutes, for every kind of
// function (small, busy, throttled, slow) and over a range that starts mid-hour.
func TestMaxConcurrencyAgreesWithSeries(t *testing.T) {
	e := New(Options{Functions: 300})
	from, to := at(2, 13), at(16, 0)
	for _, s := range e.Summaries(from, to) {
		q := lambdaQuery(s.Function.Name, "ConcurrentExecutions", "Maximum", from, to.Sub(from), to.Sub(from))
		q.StartAtFrom = true
		if peak := one(t, e, q); s.MaxConcurrency != peak {
			t.Errorf("%s: max concurrency %v, the metric's Maximum %v", s.Function.Name, s.MaxConcurrency, peak)
		}
	}
}

// SummariesOf computes only the functions asked for, as Summaries computes them.
func TestSummariesOfComputesOnlyTheFunctionsAskedFor(t *testing.T) {
	e := New(Options{Functions: 50})
	from := time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)
	asked := 0
	rows, err := e.SummariesOf(context.Background(), from, from.Add(6*time.Hour), func(r model.Resource) bool {
		asked++
		return r.Name == "payments-initializer"
	})
	if err != nil || len(rows) != 1 || rows[0].Function.Name != "payments-initializer" || asked != 50 {
		t.Fatalf("%d rows, %d functions asked about, error %v", len(rows), asked, err)
	}
	for _, s := range e.Summaries(from, from.Add(6*time.Hour)) {
		if s.Function.Name == "payments-initializer" && !reflect.DeepEqual(s, rows[0]) {
			t.Fatalf("SummariesOf %+v, Summaries %+v", rows[0], s)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.SummariesOf(ctx, from, from.Add(6*time.Hour), nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
}
