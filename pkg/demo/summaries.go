package demo

import (
	"math"
	"runtime"
	"sync"
	"time"
)

// Health is a function's state at a glance.
type Health string

const (
	HealthOK       Health = "ok"
	HealthWarning  Health = "warning"
	HealthCritical Health = "critical"
)

// Lambda pricing (us-east-1, x86): per GB-second of billed duration and per million requests.
const (
	pricePerGBSecond      = 0.0000166667
	pricePerMillionCalls  = 0.20
	warningErrorPercent   = 1.0
	criticalErrorPercent  = 5.0
	warningTimeoutShare   = 0.7
	criticalTimeoutShare  = 0.9
	millisecondsPerSecond = 1000
)

// FunctionSummary is one function's row in the inventory.
type FunctionSummary struct {
	Function         Resource
	Invocations      float64
	Errors           float64
	Throttles        float64
	ErrorRate        float64 // percent of invocations
	DurationP50      float64 // milliseconds
	DurationP95      float64
	DurationP99      float64
	MaxConcurrency   float64
	ColdStarts       float64
	ColdStartRate    float64 // percent of invocations
	BilledDurationMs float64
	EstimatedCostUSD float64
	Health           Health
}

// Summaries computes every function's inventory row over [from, to) in one pass over its minutes.
func (e *Estate) Summaries(from, to time.Time) []FunctionSummary {
	first, last := from.Unix()/60, (to.Unix()+59)/60
	functions := e.byKind[KindLambda]
	out := make([]FunctionSummary, len(functions))
	// Functions are independent: split them over the cores.
	workers := min(runtime.GOMAXPROCS(0), len(functions))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(functions); i += workers {
				out[i] = summarize(&functions[i], first, last)
			}
		})
	}
	wg.Wait()
	return out
}

func summarize(r *Resource, first, last int64) FunctionSummary {
	s := FunctionSummary{Function: *r}
	// Durations are logged relative to the usual median so quiet minutes cost no logarithm.
	var logMedianWeighted, billedMs float64
	logBaseMedian := math.Log(r.medianMs)
	timeoutMs := float64(r.TimeoutSeconds) * millisecondsPerSecond
	d := r.day(floorDiv(first, minutesPerDay))
	for m := first; m < last; m++ {
		if m-d.start >= minutesPerDay {
			d = r.day(floorDiv(m, minutesPerDay))
		}
		l := r.simulate(&d, m)
		s.Invocations += l.invocations
		s.Errors += l.errors
		s.Throttles += l.throttles
		s.ColdStarts += l.coldStarts
		s.MaxConcurrency = max(s.MaxConcurrency, l.concurrency)
		if l.invocations > 0 {
			if l.medianMs != r.medianMs {
				logMedianWeighted += l.invocations * (math.Log(l.medianMs) - logBaseMedian)
			}
			billedMs += l.invocations * math.Ceil(min(l.medianMs*meanOverMedian, timeoutMs))
		}
	}
	if s.Invocations == 0 {
		s.Health = HealthOK
		return s
	}
	median := math.Exp(logBaseMedian + logMedianWeighted/s.Invocations)
	percentile := func(p float64) float64 {
		return min(median*math.Exp(durationSigma*normalQuantile(p)), timeoutMs)
	}
	s.DurationP50, s.DurationP95, s.DurationP99 = percentile(0.50), percentile(0.95), percentile(0.99)
	s.ErrorRate = 100 * s.Errors / s.Invocations
	s.ColdStartRate = 100 * s.ColdStarts / s.Invocations
	s.BilledDurationMs = billedMs
	gbSeconds := billedMs / millisecondsPerSecond * float64(r.MemoryMB) / 1024
	s.EstimatedCostUSD = gbSeconds*pricePerGBSecond + s.Invocations/1e6*pricePerMillionCalls
	s.Health = health(s, timeoutMs)
	return s
}

func health(s FunctionSummary, timeoutMs float64) Health {
	switch {
	case s.ErrorRate >= criticalErrorPercent || s.DurationP99 >= criticalTimeoutShare*timeoutMs:
		return HealthCritical
	case s.ErrorRate >= warningErrorPercent || s.Throttles > 0 || s.DurationP99 >= warningTimeoutShare*timeoutMs:
		return HealthWarning
	default:
		return HealthOK
	}
}
