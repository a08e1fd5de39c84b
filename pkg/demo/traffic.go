package demo

import (
	"math"
	"time"
)

// lambdaMinute is what one function did in one minute.
type lambdaMinute struct {
	invocations, errors, throttles, coldStarts float64
	// medianMs and sigma describe the minute's lognormal duration distribution.
	medianMs, sigma float64
	concurrency     float64
}

const durationSigma = 0.55

// diurnal is the share of peak traffic at a time: lowest around 03:00 UTC, highest around 15:00,
// and lighter at weekends.
func diurnal(t time.Time) float64 {
	hour := float64(t.Hour()) + float64(t.Minute())/60
	share := 0.15 + 0.85*(1+math.Cos(2*math.Pi*(hour-15)/24))/2
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		share *= 0.6
	}
	return share
}

// simulateLambda computes one minute of one function, starting at the minute's first instant.
func simulateLambda(r Resource, minute int64) lambdaMinute {
	t := time.Unix(minute*60, 0).UTC()
	demand := r.peakPerMinute * diurnal(t) * (0.85 + 0.3*unit(r.seed, minute, 1))
	effect := activeIncidents(r, t)

	m := lambdaMinute{medianMs: r.medianMs * effect.durationFactor, sigma: durationSigma}
	timeoutMs := float64(r.TimeoutSeconds) * 1000
	m.medianMs = math.Min(m.medianMs, timeoutMs)
	meanMs := math.Min(m.medianMs*math.Exp(m.sigma*m.sigma/2), timeoutMs)

	// Concurrency is Little's law; demand above the limit is throttled, not run.
	capacity := float64(r.ConcurrencyLimit) * 60000 / meanMs
	m.invocations = math.Floor(math.Min(demand, capacity))
	m.throttles = math.Floor(math.Max(0, demand-capacity))
	m.concurrency = m.invocations * meanMs / 60000

	errorShare := math.Min(1, r.baseErrorShare+effect.extraErrorShare)
	m.errors = math.Floor(m.invocations*errorShare + unit(r.seed, minute, 2))
	m.errors = math.Min(m.errors, m.invocations)
	coldShare := 0.004 + effect.extraColdShare
	m.coldStarts = math.Min(m.invocations, math.Floor(m.invocations*coldShare+unit(r.seed, minute, 3)))
	return m
}
