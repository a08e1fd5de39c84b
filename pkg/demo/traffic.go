package demo

import (
	"math"

	"github.com/seed/serverless/pkg/model"
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

// simulation holds what drives a resource's numbers. It is fixed when the estate is built.
type simulation struct {
	// flow is the system the resource belongs to: FlowPayments, FlowOrders, FlowBooking or FlowSynthetic.
	flow           string
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
	driver     *resource
	deadLetter bool
}

func (r *resource) prepare() {
	r.seed = nameSeed(string(r.Kind) + "/" + r.Name)
	r.incidents = incidentsOf(r.Name)
	if r.Kind != model.KindLambda {
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
	// load is the minute's demand as a share of the function's peak; level is its calls a minute
	// on the daily curve, before noise.
	load, level float64
	// medianMs is the median of the calls that finished in time; their durations are lognormal
	// with sigma durationSigma. meanMs is the mean over all calls, timeouts included.
	// logMedianShift is log(medianMs / the function's usual median), so that folding minutes
	// together takes no logarithm.
	medianMs, meanMs, logMedianShift float64
	// concurrency is the minute's average number of busy environments (Little's law);
	// peakJitter (in [0, 1)) places its peak, which peak computes, in its range.
	concurrency, peakJitter float64
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
	start int64 // first minute of the day
	share *[minutesPerDay]float64
	// deployed is the minute of the day's routine deploy; far in the past when there is none.
	deployed int64
}

func (r *resource) day(day int64) lambdaDay {
	d := lambdaDay{start: day * minutesPerDay, share: &diurnalShare[0], deployed: math.MinInt64 / 2}
	if weekday := floorMod(day+4, 7); weekday == 0 || weekday == 6 { // 1970-01-01 was a Thursday
		d.share = &diurnalShare[1]
	}
	if at, ok := r.deployMinute(day); ok {
		d.deployed = d.start + at
	}
	return d
}

// load is the minute's demand as a share of the function's peak: the daily curve times noise.
func load(share float64, noise uint64) float64 {
	return share * (loadNoiseTop - 0.3 + 0.3*uniform21(noise, 0))
}

// loadNoiseTop is the most a minute's load rises above the daily curve, as a factor.
const loadNoiseTop = 1.15

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

// loadSteps is how finely the latency's load term is tabulated: per 1/256 of load, finer than any
// chart can show (0.16 % of latency a step), in tables small enough to stay in the L1 cache.
const loadSteps = 256

// Tables keep the per-minute hot path free of exp and log: the load term for every step of load
// up to 1.2 of peak (the busiest minute reaches 1.15), and the noise term for every sum of two
// 6-bit uniforms. The sum of two uniforms is triangular: bell-shaped enough and bounded (scaled to
// a standard deviation of 1, within ±2.45).
var (
	latencyOfLoad = func() (t [loadSteps*6/5 + 1]latencyStep) {
		for i := range t {
			x := latencyPerLoad * (float64(i)/loadSteps - usualLoad)
			t[i] = latencyStep{math.Exp(x), x}
		}
		return t
	}()
	latencyOfNoise = func() (t [2*63 + 1]latencyStep) {
		const sqrt6 = 2.449489742783178
		for i := range t {
			x := latencyNoise * sqrt6 * (float64(i+1)/64 - 1)
			t[i] = latencyStep{math.Exp(x), x}
		}
		return t
	}()
)

// latencyShift is the factor a minute's load and noise put on a usual median, and its log. It
// reads the low 12 bits of h.
func latencyShift(load float64, h uint64) latencyStep {
	l := &latencyOfLoad[min(int(load*loadSteps+0.5), len(latencyOfLoad)-1)]
	n := &latencyOfNoise[h&63+h>>6&63]
	return latencyStep{l.factor * n.factor, l.log + n.log}
}

// Peaks of concurrency: calls arrive at random, so the environments busy at once swing around
// the minute's average by a few standard deviations of a Poisson count (sqrt of the average).
const (
	peakSigmas       = 2.5
	peakSigmasJitter = 0.5
)

// peak is the most environments the minute keeps busy at once: at least one when it has calls,
// at least the average, at most the calls and never above the limit. A minute without calls has
// an average of 0, and so a peak of 0.
func (m *lambdaMinute) peak(limit int) float64 {
	peak := min(float64(limit), m.invocations, math.Ceil(m.concurrency+(peakSigmas+peakSigmasJitter*m.peakJitter)*math.Sqrt(m.concurrency)))
	if peak < m.concurrency { // only calls longer than a minute keep more environments busy than there are calls
		peak = math.Ceil(m.concurrency)
	}
	return peak
}

// averageWithPeaksUpTo is the highest average concurrency whose peak, at any swing, stays within
// peak: the root of a + (peakSigmas+peakSigmasJitter)·√a = peak, a hair low for rounding.
func averageWithPeaksUpTo(peak float64) float64 {
	const z = peakSigmas + peakSigmasJitter
	root := (math.Sqrt(z*z+4*peak) - z) / 2
	return root * root * (1 - 1e-12)
}

// warmTop is the average concurrency at the top of the minute's level of traffic: its highest
// load, and a call more for rounding.
func (m *lambdaMinute) warmTop() float64 {
	return (m.level*loadNoiseTop + 1) * m.meanMs / msPerMinute
}

// keptWarm is how many environments a minute leaves warm, given its warmTop. Lambda keeps idle
// environments for minutes, so a minute finds warm as many as recent minutes' busiest moments
// needed; at a steady level of traffic that is the peak of the level's top at its largest swing,
// not only the last minute's peak: calls jittering around a level start no environments, a rise
// above it does. Even a minute without calls leaves one.
func keptWarm(top float64, limit int) float64 {
	return max(1, min(float64(limit), math.Ceil(top+(peakSigmas+peakSigmasJitter)*math.Sqrt(top))))
}

// lambdaAt computes one minute of one function, all but its cold starts: what every metric needs.
func lambdaAt(r *resource, minute int64) lambdaMinute {
	var m lambdaMinute
	d := r.day(floorDiv(minute, minutesPerDay))
	r.run(&d, minute, &m)
	return m
}

// simulateLambda computes one minute of one function with its cold starts, which take the
// minute before too.
func simulateLambda(r *resource, minute int64) lambdaMinute {
	m := lambdaAt(r, minute-1)
	d := r.day(floorDiv(minute, minutesPerDay))
	r.simulate(&d, minute, m.warmTop(), &m)
	return m
}

// simulate computes one minute into m given the top of the previous minute's level of traffic. It is
// the hot path of Summaries, which carries it from minute to minute: two hashes, table lookups,
// a few floors and square roots, and no copies of the minute.
func (r *resource) simulate(d *lambdaDay, minute int64, warmTop float64, m *lambdaMinute) {
	r.run(d, minute, m)
	coldShare := baseColdShare + m.extraColdShare
	if uint64(minute-d.deployed) < coldMinutesAfterDeploy { // a minute before the deploy wraps round to a huge number
		coldShare += coldShareAfterDeploy
	}
	// Every environment a peak needs beyond those kept warm starts cold. Peaks grow with the
	// average, so a minute whose average stays within the previous minute's top needs none.
	newEnvironments := 0.0
	if m.concurrency > warmTop {
		newEnvironments = max(0, m.peak(r.ConcurrencyLimit)-keptWarm(warmTop, r.ConcurrencyLimit))
	}
	m.coldStarts = min(m.invocations, math.Floor(m.invocations*coldShare+newEnvironments+uniform21(m.noise, 2)))
}

// run computes everything about a minute but its cold starts, which depend on the minute before.
func (r *resource) run(d *lambdaDay, minute int64, m *lambdaMinute) {
	*m = lambdaMinute{noise: r.minuteNoise(minute)}
	m.level = r.peakPerMinute * d.share[minute-d.start]
	m.load = load(d.share[minute-d.start], m.noise)
	demand := r.peakPerMinute * m.load
	// A second hash, independent of the first (and computed alongside it), feeds the latency
	// noise (its low 12 bits), the rounding of demand to calls and the concurrency peak.
	spread := hashOf(r.seed, minute, saltSpread)
	shift := latencyShift(m.load, spread)
	m.medianMs, m.logMedianShift = r.medianMs*shift.factor, shift.log
	failShare, timeoutShare := r.baseErrorShare, 0.0
	if len(r.incidents) > 0 {
		if effect, ok := r.incidentAt(minute); ok {
			m.medianMs *= effect.durationFactor
			m.logMedianShift += math.Log(effect.durationFactor)
			timeoutShare = effect.timeoutShare
			failShare = min(1, failShare+effect.extraErrorShare+timeoutShare)
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
	// With a share of at most 1 and a rounding below 1, errors never outnumber calls.
	m.errors = math.Floor(m.invocations*failShare + uniform21(m.noise, 1))
	if timeoutShare > 0 && m.invocations > 0 {
		// Rounding timeouts down keeps the minute's real mean at or below the one the capacity
		// was computed from, so concurrency never passes the limit.
		m.timeouts = min(m.errors, math.Floor(m.invocations*timeoutShare))
		m.meanMs = ((m.invocations-m.timeouts)*finishedMeanMs + m.timeouts*r.timeoutMs) / m.invocations
	}
	m.concurrency = m.invocations * m.meanMs / msPerMinute
	m.peakJitter = uniform21(spread, 2)
}
