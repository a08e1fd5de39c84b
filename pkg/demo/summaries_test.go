package demo

import (
	"math"
	"testing"
	"time"
)

func TestSummariesAgreeWithSeries(t *testing.T) {
	e := New(Options{})
	from, to := day, day.Add(24*time.Hour)
	for _, s := range e.Summaries(from, to) {
		name := s.Function.Name
		inv := sum(mustSeries(t, e, lambdaQuery(name, "Invocations", "Sum", from, 24*time.Hour, time.Hour)).Values)
		errs := sum(mustSeries(t, e, lambdaQuery(name, "Errors", "Sum", from, 24*time.Hour, time.Hour)).Values)
		if s.Invocations != inv || s.Errors != errs {
			t.Errorf("%s: summary %v/%v, series %v/%v invocations/errors", name, s.Invocations, s.Errors, inv, errs)
		}
		if !(s.DurationP50 <= s.DurationP95 && s.DurationP95 <= s.DurationP99) {
			t.Errorf("%s: percentiles out of order %v %v %v", name, s.DurationP50, s.DurationP95, s.DurationP99)
		}
		if s.EstimatedCostUSD <= 0 || math.IsNaN(s.EstimatedCostUSD) {
			t.Errorf("%s: cost %v", name, s.EstimatedCostUSD)
		}
	}
}

func TestHealthReflectsIncidents(t *testing.T) {
	e := New(Options{})
	health := func(name string, from time.Time, length time.Duration) Health {
		for _, s := range e.Summaries(from, from.Add(length)) {
			if s.Function.Name == name {
				return s.Health
			}
		}
		t.Fatalf("no summary for %s", name)
		return ""
	}
	if got := health("booking-api-handler", day.Add(3*time.Hour), 15*time.Minute); got != HealthCritical {
		t.Errorf("booking-api-handler during connection exhaustion is %s, want critical", got)
	}
	if got := health("OrderProcessorFunction", day.Add(9*time.Hour), 30*time.Minute); got != HealthCritical {
		t.Errorf("OrderProcessorFunction after the bad deploy is %s, want critical", got)
	}
	if got := health("ledger-writer", day.Add(12*time.Hour), time.Hour); got != HealthOK {
		t.Errorf("ledger-writer on a quiet hour is %s, want ok", got)
	}
}

func benchmarkSummaries(b *testing.B, functions int) {
	e := New(Options{Functions: functions})
	from := day
	b.ReportAllocs()
	for b.Loop() {
		if got := len(e.Summaries(from, from.Add(24*time.Hour))); got != functions {
			b.Fatalf("%d rows", got)
		}
	}
}

func BenchmarkSummaries1000(b *testing.B) { benchmarkSummaries(b, 1000) }
func BenchmarkSummaries5000(b *testing.B) { benchmarkSummaries(b, 5000) }
