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
	pricePerGBSecond     = 0.0000166667
	pricePerMillionCalls = 0.20
)

// Health thresholds: error rate in percent, p99 duration as a share of the timeout.
const (
	warningErrorPercent  = 1.0
	criticalErrorPercent = 5.0
	warningTimeoutShare  = 0.7
	criticalTimeoutShare = 0.9
)

// peakMemoryOverTypical: the hungriest call uses this much more memory than the function's typical call.
const peakMemoryOverTypical = 1.3

// FunctionSummary is one function's row in the inventory.
type FunctionSummary struct {
	Function    Resource
	Invocations float64
	Errors      float64
	Throttles   float64
	// Timeouts are the errors that ran until the function's timeout.
	Timeouts         float64
	ErrorRate        float64 // percent of invocations
	DurationP50      float64 // milliseconds
	DurationP95      float64
	DurationP99      float64
	MaxConcurrency   float64
	ColdStarts       float64
	ColdStartRate    float64 // percent of invocations
	BilledDurationMs float64
	MaxMemoryUsedMB  float64
	EstimatedCostUSD float64
	Health           Health
	// InvocationsTrend and ErrorsTrend split the range into TrendPoints equal parts, for sparklines.
	InvocationsTrend []float64
	ErrorsTrend      []float64
}

// TrendPoints is how many points a sparkline of the inventory has.
const TrendPoints = 24

// Summaries computes every function's inventory row over the minutes that start in [from, to).
func (e *Estate) Summaries(from, to time.Time) []FunctionSummary {
	first, last := minuteRange(from, to)
	functions := e.byKind[KindLambda]
	out := make([]FunctionSummary, len(functions))
	// Functions are independent: split them over the cores in contiguous blocks.
	workers := max(1, min(runtime.GOMAXPROCS(0), len(functions)))
	block := (len(functions) + workers - 1) / workers
	var wg sync.WaitGroup
	for start := 0; start < len(functions); start += block {
		wg.Go(func() {
			for i := start; i < min(start+block, len(functions)); i++ {
				out[i] = summarize(&functions[i], first, last)
			}
		})
	}
	wg.Wait()
	return out
}

// minuteRange is the minutes that start in [from, to).
func minuteRange(from, to time.Time) (first, last int64) {
	return floorDiv(from.Unix()+59, 60), floorDiv(to.Unix()+59, 60)
}

// ColdStarts counts a function's cold starts in the minutes that start in [from, to): the
// number of REPORT lines with an Init Duration its logs hold for the same range.
func (e *Estate) ColdStarts(function string, from, to time.Time) (float64, error) {
	r, err := e.lambda(function)
	if err != nil {
		return 0, err
	}
	first, last := minuteRange(from, to)
	return summarize(r, first, last).ColdStarts, nil
}

func summarize(r *Resource, first, last int64) FunctionSummary {
	s := FunctionSummary{Function: *r, InvocationsTrend: make([]float64, TrendPoints), ErrorsTrend: make([]float64, TrendPoints)}
	// Every minute has its own median; the period's durations are one lognormal around their
	// call-weighted geometric mean, kept as the log of its ratio to the usual median.
	var durationMs, logMedianShift float64
	// Only a minute whose average could peak above the highest peak so far needs its peak worked out.
	var peakAbove float64
	var l lambdaMinute
	before := r.day(floorDiv(first-1, minutesPerDay))
	r.run(&before, first-1, &l)
	d := r.day(floorDiv(first, minutesPerDay))
	// The sparkline's part moves on at precomputed offsets: a division a minute would cost as
	// much as the rest of the minute.
	point, nextPointAt := 0, trendPartStart(1, last-first)
	for m := first; m < last; m++ {
		if m-d.start >= minutesPerDay {
			d = r.day(floorDiv(m, minutesPerDay))
		}
		r.simulate(&d, m, l.warmTop(), &l)
		s.Invocations += l.invocations
		s.Errors += l.errors
		for m-first >= nextPointAt {
			point++
			nextPointAt = trendPartStart(point+1, last-first)
		}
		s.InvocationsTrend[point] += l.invocations
		s.ErrorsTrend[point] += l.errors
		s.Throttles += l.throttles
		s.Timeouts += l.timeouts
		s.ColdStarts += l.coldStarts
		if l.concurrency > peakAbove {
			if peak := l.peak(r.ConcurrencyLimit); peak > s.MaxConcurrency {
				s.MaxConcurrency, peakAbove = peak, averageWithPeaksUpTo(peak)
			}
		}
		durationMs += l.invocations * l.meanMs
		logMedianShift += (l.invocations - l.timeouts) * l.logMedianShift
	}
	if s.Invocations > 0 {
		durations := durationDistribution{ceiling: r.timeoutMs, ceilingShare: s.Timeouts / s.Invocations}
		if finished := s.Invocations - s.Timeouts; finished > 0 {
			durations.median = r.medianMs * math.Exp(logMedianShift/finished)
		}
		s.DurationP50, s.DurationP95, s.DurationP99 = durations.quantile(0.50), durations.quantile(0.95), durations.quantile(0.99)
		s.ColdStartRate = 100 * s.ColdStarts / s.Invocations
		s.MaxMemoryUsedMB = math.Ceil(float64(r.MemoryMB) * min(1, r.memoryUsedShare*peakMemoryOverTypical))
	}
	s.Derive(durationMs)
	return s
}

// trendPartStart is the first offset of a range of length that TrendPoint puts in part p.
func trendPartStart(p int, length int64) int64 {
	return (int64(p)*length + TrendPoints - 1) / TrendPoints
}

// TrendPoint is which of the TrendPoints parts of a range of length minutes (or any unit) the one
// at offset falls in.
func TrendPoint(offset, length int64) int {
	return int(offset * TrendPoints / length)
}

// Derive fills the columns that follow from a summary's measured ones (its function, counts and
// duration percentiles) and from the calls' total duration: error rate, billed duration, cost and
// health. Demo and AWS mode share it, so the same measurements make the same row.
func (s *FunctionSummary) Derive(durationSumMs float64) {
	if s.Invocations == 0 {
		s.Health = HealthOK
		return
	}
	s.ErrorRate = 100 * s.Errors / s.Invocations
	// Billing rounds every call up to the next millisecond: half a millisecond on average.
	s.BilledDurationMs = math.Round(durationSumMs + s.Invocations/2)
	gbSeconds := s.BilledDurationMs / millisecondsPerSecond * float64(s.Function.MemoryMB) / 1024
	s.EstimatedCostUSD = gbSeconds*pricePerGBSecond + s.Invocations/1e6*pricePerMillionCalls
	s.Health = health(*s, float64(s.Function.TimeoutSeconds)*millisecondsPerSecond)
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
