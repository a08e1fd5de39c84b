package demo

import (
	"math"
)

// eventSource is how Lambda receives a function's events; it decides which of the async
// metrics (AsyncEventAge, DeadLetterErrors, IteratorAge) the function publishes.
type eventSource int

const (
	sourceSync   eventSource = iota // API Gateway, request/response
	sourceAsync                     // EventBridge, invoked asynchronously
	sourceQueue                     // an SQS event source mapping
	sourceStream                    // a Kinesis or DynamoDB stream event source mapping
)

// model holds what drives a resource's numbers. It is fixed when the estate is built.
type model struct {
	peakPerMinute  float64
	medianMs       float64
	baseErrorShare float64
	seed           uint64
	incidents      []incident
	route          string
	source         eventSource
	// extensionMs is the median time an extension (a telemetry collector) runs after the
	// handler returns; 0 when the function has none.
	extensionMs     float64
	memoryUsedShare float64

	// Derived by prepare: the mean duration at the usual load, the timeout, and the
	// milliseconds of execution a minute the concurrency limit allows.
	meanMs, timeoutMs, limitMs float64

	// driverName is the function whose traffic drives a non-function resource (an API's
	// integration, a queue's consumer, a table's writer); driver is it, resolved by New.
	driverName string
	driver     *Resource
	deadLetter bool
}

func (r *Resource) prepare() {
	r.seed = nameSeed(string(r.Kind) + "/" + r.Name)
	r.incidents = incidentsOf(r.Name)
	if r.Kind != KindLambda {
		return
	}
	r.timeoutMs = float64(r.TimeoutSeconds) * millisecondsPerSecond
	r.meanMs = lognormalMean(r.medianMs, r.timeoutMs)
	r.limitMs = float64(r.ConcurrencyLimit) * msPerMinute
}

// lambdaMinute is what one function did in one minute.
type lambdaMinute struct {
	invocations, errors, throttles, coldStarts float64
	// timeouts are the failed calls that ran until the function's timeout.
	timeouts float64
	// load is the minute's demand as a share of the function's peak.
	load float64
	// medianMs is the median of the calls that finished in time; their durations are lognormal
	// with sigma durationSigma. meanMs is the mean over all calls, timeouts included.
	// logMedianShift is log(medianMs / the function's usual median), so that folding minutes
	// together takes no logarithm.
	medianMs, meanMs, logMedianShift float64
	// concurrency is the minute's average number of busy environments (Little's law);
	// peakConcurrency the most at any moment of it.
	concurrency, peakConcurrency float64
	// noise is the minute's hash; extraColdShare what an incident adds to the cold-start share.
	noise          uint64
	extraColdShare float64
}

const (
	durationSigma         = 0.55
	minutesPerDay         = 24 * 60
	msPerMinute           = 60000
	millisecondsPerSecond = 1000
	// baseColdShare is the share of calls that land on a new execution environment on a quiet
	// minute (environments are recycled now and then).
	baseColdShare = 0.004
)

// meanOverMedian is a lognormal's mean divided by its median: exp(sigma²/2).
var meanOverMedian = math.Exp(durationSigma * durationSigma / 2)

func lognormalMean(medianMs, ceilingMs float64) float64 {
	return min(medianMs*meanOverMedian, ceilingMs)
}

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

func floorMod(a, b int64) int64 {
	return a - floorDiv(a, b)*b
}

// lambdaDay holds what is fixed for a function over one UTC day, so the per-minute model does
// no calendar arithmetic or hashing beyond its own noise.
type lambdaDay struct {
	start    int64 // first minute of the day
	share    *[minutesPerDay]float64
	deployAt int64 // minute of day of the routine deploy, or -1
}

func (r *Resource) day(day int64) lambdaDay {
	d := lambdaDay{start: day * minutesPerDay, share: &diurnalShare[0], deployAt: -1}
	if weekday := floorMod(day+4, 7); weekday == 0 || weekday == 6 { // 1970-01-01 was a Thursday
		d.share = &diurnalShare[1]
	}
	if at, ok := r.deployMinute(day); ok {
		d.deployAt = at
	}
	return d
}

// load is the minute's demand as a share of the function's peak: the daily curve times noise.
func load(share float64, noise uint64) float64 {
	return share * (0.85 + 0.3*uniform21(noise, 0))
}

// Latency moves with load: a busier minute waits longer on the shared things behind its calls
// (the database, the payment provider, DynamoDB partitions), and wanders from minute to minute.
// Both act on the logarithm of the median.
const (
	// latencyPerLoad is how much the log of the median grows per unit of load (share of peak):
	// from the night's trough to the afternoon's peak the median grows by about 40 %.
	latencyPerLoad = 0.4
	// usualLoad is the load at which a resource runs at its configured median.
	usualLoad = 0.6
	// latencyNoise is the standard deviation of the minute-to-minute noise, in log terms. It is
	// bounded (±2.45 standard deviations), so incidents always stand above it.
	latencyNoise = 0.05
)

// latencyStep is a factor on a median and its natural logarithm.
type latencyStep struct{ factor, log float64 }

// loadSteps is how finely the latency's load term is tabulated: per 1/1024 of load, far finer
// than any chart can show.
const loadSteps = 1024

// Tables keep the per-minute hot path free of exp and log: the load term for every step of load
// up to 1.2 of peak (the busiest minute reaches 1.15), and the noise term for every sum of two
// 8-bit uniforms. The sum of two uniforms is triangular: bell-shaped enough and bounded (scaled to
// a standard deviation of 1, within ±2.45).
var (
	latencyOfLoad = func() (t [loadSteps*6/5 + 1]latencyStep) {
		for i := range t {
			x := latencyPerLoad * (float64(i)/loadSteps - usualLoad)
			t[i] = latencyStep{math.Exp(x), x}
		}
		return t
	}()
	latencyOfNoise = func() (t [2*255 + 1]latencyStep) {
		const sqrt6 = 2.449489742783178
		for i := range t {
			x := latencyNoise * sqrt6 * (float64(i+1)/256 - 1)
			t[i] = latencyStep{math.Exp(x), x}
		}
		return t
	}()
)

// latencyShift is the factor a minute's load and noise put on a usual median, and its log. It
// reads the low 16 bits of h.
func latencyShift(load float64, h uint64) latencyStep {
	l := &latencyOfLoad[min(int(load*loadSteps+0.5), len(latencyOfLoad)-1)]
	n := &latencyOfNoise[h&0xff+h>>8&0xff]
	return latencyStep{l.factor * n.factor, l.log + n.log}
}

// Peaks of concurrency: calls arrive at random, so the environments busy at once swing around
// the minute's average by a few standard deviations of a Poisson count (sqrt of the average).
const (
	peakSigmas       = 2.5
	peakSigmasJitter = 0.5
)

// peakConcurrency is the most environments a minute keeps busy at once: at least one when it
// has calls, at least the average, at most the calls and never above the limit.
func peakConcurrency(invocations, average float64, limit int, u float64) float64 {
	// A minute without calls has an average of 0, and so a peak of 0.
	peak := min(float64(limit), invocations, math.Ceil(average+(peakSigmas+peakSigmasJitter*u)*math.Sqrt(average)))
	if peak < average { // only calls longer than a minute keep more environments busy than there are calls
		peak = math.Ceil(average)
	}
	return peak
}

// lambdaAt computes one minute of one function, all but its cold starts: what every metric needs.
func lambdaAt(r *Resource, minute int64) lambdaMinute {
	var m lambdaMinute
	d := r.day(floorDiv(minute, minutesPerDay))
	r.run(&d, minute, &m)
	return m
}

// simulateLambda computes one minute of one function with its cold starts, which take the
// minute before too.
func simulateLambda(r *Resource, minute int64) lambdaMinute {
	m := lambdaAt(r, minute-1)
	d := r.day(floorDiv(minute, minutesPerDay))
	r.simulate(&d, minute, m.peakConcurrency, &m)
	return m
}

// simulate computes one minute into m given the previous minute's peak concurrency. It is the hot
// path of Summaries, which carries the peak from minute to minute: two hashes, table lookups,
// a few floors and a square root, and no copies of the minute.
func (r *Resource) simulate(d *lambdaDay, minute int64, previousPeak float64, m *lambdaMinute) {
	r.run(d, minute, m)
	coldShare := baseColdShare + m.extraColdShare
	if since := minute - d.start - d.deployAt; d.deployAt >= 0 && since >= 0 && since < coldMinutesAfterDeploy {
		coldShare += coldShareAfterDeploy
	}
	// Every environment a rise in peak concurrency needs starts cold. Lambda keeps an idle
	// environment for several minutes, so a minute without calls leaves one warm.
	newEnvironments := max(0, m.peakConcurrency-max(previousPeak, 1))
	m.coldStarts = min(m.invocations, math.Floor(m.invocations*coldShare+newEnvironments+uniform21(m.noise, 2)))
}

// run computes everything about a minute but its cold starts, which depend on the minute before.
func (r *Resource) run(d *lambdaDay, minute int64, m *lambdaMinute) {
	*m = lambdaMinute{noise: r.minuteNoise(minute)}
	m.load = load(d.share[minute-d.start], m.noise)
	demand := r.peakPerMinute * m.load
	// A second hash, independent of the first (and computed alongside it), feeds the latency
	// noise (its low 16 bits), the rounding of demand to calls and the concurrency peak.
	spread := hashOf(r.seed, minute, saltSpread)
	shift := latencyShift(m.load, spread)
	m.medianMs, m.logMedianShift = r.medianMs*shift.factor, shift.log
	errorShare, timeoutShare := r.baseErrorShare, 0.0
	if len(r.incidents) > 0 {
		if effect, ok := r.incidentAt(minute); ok {
			m.medianMs *= effect.durationFactor
			m.logMedianShift += math.Log(effect.durationFactor)
			errorShare += effect.extraErrorShare
			timeoutShare = effect.timeoutShare
			m.extraColdShare = effect.extraColdShare
		}
	}
	if m.medianMs > r.timeoutMs {
		m.medianMs, m.logMedianShift = r.timeoutMs, math.Log(r.timeoutMs/r.medianMs)
	}
	finishedMeanMs := lognormalMean(m.medianMs, r.timeoutMs)
	m.meanMs = finishedMeanMs
	if timeoutShare > 0 {
		m.meanMs = (1-timeoutShare)*finishedMeanMs + timeoutShare*r.timeoutMs
	}
	// The minute's calls are its demand rounded at random, so a function asked 0.3 times a
	// minute runs about every third minute rather than never. Concurrency is Little's law; calls
	// above the limit are throttled, not run.
	calls := math.Floor(demand + uniform21(spread, 1))
	if calls*m.meanMs <= r.limitMs {
		m.invocations = calls
	} else {
		m.invocations = math.Floor(r.limitMs / m.meanMs)
		m.throttles = calls - m.invocations
	}
	m.errors = min(m.invocations, math.Floor(m.invocations*min(1, errorShare+timeoutShare)+uniform21(m.noise, 1)))
	if timeoutShare > 0 && m.invocations > 0 {
		// Rounding timeouts down keeps the minute's real mean at or below the one the capacity
		// was computed from, so concurrency never passes the limit.
		m.timeouts = min(m.errors, math.Floor(m.invocations*timeoutShare))
		m.meanMs = ((m.invocations-m.timeouts)*finishedMeanMs + m.timeouts*r.timeoutMs) / m.invocations
	}
	m.concurrency = m.invocations * m.meanMs / msPerMinute
	m.peakConcurrency = peakConcurrency(m.invocations, m.concurrency, r.ConcurrencyLimit, uniform21(spread, 2))
}
