package demo

import (
	"math"
)

// lambdaMinute is what one function did in one minute.
type lambdaMinute struct {
	invocations, errors, throttles, coldStarts float64
	// medianMs describes the minute's lognormal duration distribution (sigma is durationSigma).
	medianMs    float64
	concurrency float64
}

const (
	durationSigma = 0.55
	minutesPerDay = 24 * 60
	// baseColdShare is the share of calls that land on a new execution environment on a quiet day.
	baseColdShare = 0.004
)

// meanOverMedian is a lognormal's mean divided by its median: exp(sigma²/2).
var meanOverMedian = math.Exp(durationSigma * durationSigma / 2)

// diurnalShare holds the share of peak traffic for every minute of a weekday [0] and a weekend
// day [1]: lowest around 03:00 UTC, highest around 15:00. A table keeps the per-minute hot path
// free of trigonometry and calendar arithmetic.
var diurnalShare = func() (table [2][minutesPerDay]float64) {
	for m := range minutesPerDay {
		hour := float64(m) / 60
		share := 0.15 + 0.85*(1+math.Cos(2*math.Pi*(hour-15)/24))/2
		table[0][m] = share
		table[1][m] = share * 0.6
	}
	return table
}()

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// lambdaDay holds what is fixed for a function over one UTC day, so the per-minute model does
// no calendar arithmetic or hashing beyond its own noise.
type lambdaDay struct {
	start    int64 // first minute of the day
	share    *[minutesPerDay]float64
	deployAt int64 // minute of day of the deploy, or -1
}

func (r *Resource) day(day int64) lambdaDay {
	weekday := (day + 4) % 7 // 1970-01-01 was a Thursday; Sunday is 0
	d := lambdaDay{start: day * minutesPerDay, share: &diurnalShare[0], deployAt: -1}
	if weekday == 0 || weekday == 6 {
		d.share = &diurnalShare[1]
	}
	if at, ok := r.deployMinute(day); ok {
		d.deployAt = at
	}
	return d
}

// simulateLambda computes one minute of one function.
func simulateLambda(r *Resource, minute int64) lambdaMinute {
	d := r.day(floorDiv(minute, minutesPerDay))
	return r.simulate(&d, minute)
}

func (r *Resource) simulate(d *lambdaDay, minute int64) lambdaMinute {
	ofDay := minute - d.start
	demand := r.peakPerMinute * d.share[ofDay] * (0.85 + 0.3*unit(r.seed, minute, 1))
	effect := r.incidentsAt(ofDay)
	coldShare := baseColdShare + effect.extraColdShare
	if since := ofDay - d.deployAt; d.deployAt >= 0 && since >= 0 && since < coldMinutesAfterDeploy {
		coldShare += coldShareAfterDeploy
	}

	m := lambdaMinute{medianMs: r.medianMs}
	meanMs, capacity := r.meanMs, r.capacityPerMinute
	if effect.durationFactor != 1 {
		timeoutMs := float64(r.TimeoutSeconds) * 1000
		m.medianMs = min(r.medianMs*effect.durationFactor, timeoutMs)
		meanMs = min(m.medianMs*meanOverMedian, timeoutMs)
		capacity = float64(r.ConcurrencyLimit) * 60000 / meanMs
	}
	// Concurrency is Little's law; demand above the limit is throttled, not run.
	m.invocations = math.Floor(min(demand, capacity))
	m.throttles = math.Floor(max(0, demand-capacity))
	m.concurrency = m.invocations * meanMs * (1.0 / 60000)

	errorShare := min(1, r.baseErrorShare+effect.extraErrorShare)
	m.errors = min(m.invocations, math.Floor(m.invocations*errorShare+unit(r.seed, minute, 2)))
	m.coldStarts = min(m.invocations, math.Floor(m.invocations*coldShare+unit(r.seed, minute, 3)))
	return m
}
