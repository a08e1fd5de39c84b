package demo

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/seed/serverless/pkg/budget"
	"github.com/seed/serverless/pkg/model"
)

// peakMemoryOverTypical: the hungriest call uses this much more memory than the function's typical call.
const peakMemoryOverTypical = 1.3

// Summaries computes every function's inventory row over the minutes that start in [from, to).
func (e *Estate) Summaries(from, to time.Time) []model.FunctionSummary {
	out, _ := e.SummariesOf(context.Background(), from, to, nil)
	return out
}

// SummariesOf computes the inventory rows of the functions keep accepts (every function when
// keep is nil), in the estate's order, over the minutes that start in [from, to); it stops with
// ctx's error once ctx is done.
func (e *Estate) SummariesOf(ctx context.Context, from, to time.Time, keep func(model.Resource) bool) ([]model.FunctionSummary, error) {
	first, last := minuteRange(from, to)
	var functions []*resource
	for i := range e.byKind[model.KindLambda] {
		if r := &e.byKind[model.KindLambda][i]; keep == nil || keep(r.Resource) {
			functions = append(functions, r)
		}
	}
	out := make([]model.FunctionSummary, len(functions))
	// Functions are independent: split them over the cores in contiguous blocks.
	workers := max(1, min(runtime.GOMAXPROCS(0), len(functions)))
	block := (len(functions) + workers - 1) / workers
	var wg sync.WaitGroup
	for start := 0; start < len(functions); start += block {
		wg.Go(func() {
			for i := start; i < min(start+block, len(functions)) && ctx.Err() == nil; i++ {
				out[i] = summarize(functions[i], first, last)
			}
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, budget.Overrun(ctx, ctx.Err(), fmt.Sprintf("%d functions' summaries under way", len(functions)))
	}
	return out, nil
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

func summarize(r *resource, first, last int64) model.FunctionSummary {
	s := model.FunctionSummary{Function: r.Resource, InvocationsTrend: make([]float64, model.TrendPoints), ErrorsTrend: make([]float64, model.TrendPoints)}
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
	point, nextPointAt := 0, model.TrendPartStart(1, last-first)
	for m := first; m < last; m++ {
		if m-d.start >= minutesPerDay {
			d = r.day(floorDiv(m, minutesPerDay))
		}
		r.simulate(&d, m, l.warmTop(), &l)
		s.Invocations += l.invocations
		s.Errors += l.errors
		for m-first >= nextPointAt {
			point++
			nextPointAt = model.TrendPartStart(point+1, last-first)
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
