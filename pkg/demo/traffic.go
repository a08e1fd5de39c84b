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

	// Derived by prepare: the usual mean duration, the most calls a minute the concurrency limit
	// allows, and the timeout.
	meanMs, capacityPerMinute, timeoutMs float64

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
	r.capacityPerMinute = float64(r.ConcurrencyLimit) * msPerMinute / r.meanMs
}

// lambdaMinute is what one function did in one minute.
type lambdaMinute struct {
	invocations, errors, throttles, coldStarts float64
	// timeouts are the failed calls that ran until the function's timeout.
	timeouts float64
	// medianMs is the median of the calls that finished in time; their durations are lognormal
	// with sigma durationSigma. meanMs is the mean over all calls, timeouts included.
	medianMs, meanMs float64
	concurrency      float64
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
	r.simulate(&d, minute, m.concurrency, &m)
	return m
}

// simulate computes one minute into m given the previous minute's concurrency. It is the hot
// path of Summaries, which carries the concurrency from minute to minute: one hash, a table
// lookup, a few floors, and no copies of the minute.
func (r *Resource) simulate(d *lambdaDay, minute int64, previousConcurrency float64, m *lambdaMinute) {
	r.run(d, minute, m)
	coldShare := baseColdShare + m.extraColdShare
	if since := minute - d.start - d.deployAt; d.deployAt >= 0 && since >= 0 && since < coldMinutesAfterDeploy {
		coldShare += coldShareAfterDeploy
	}
	// Every environment a rise in concurrency needs starts cold.
	newEnvironments := max(0, m.concurrency-previousConcurrency)
	m.coldStarts = min(m.invocations, math.Floor(m.invocations*coldShare+newEnvironments+uniform21(m.noise, 2)))
}

// run computes everything about a minute but its cold starts, which depend on the minute before.
func (r *Resource) run(d *lambdaDay, minute int64, m *lambdaMinute) {
	*m = lambdaMinute{medianMs: r.medianMs, meanMs: r.meanMs, noise: r.minuteNoise(minute)}
	demand := r.peakPerMinute * load(d.share[minute-d.start], m.noise)
	capacity := r.capacityPerMinute
	errorShare, timeoutShare := r.baseErrorShare, 0.0
	if len(r.incidents) > 0 {
		if effect, ok := r.incidentAt(minute); ok {
			m.medianMs = min(r.medianMs*effect.durationFactor, r.timeoutMs)
			errorShare += effect.extraErrorShare
			timeoutShare = effect.timeoutShare
			m.extraColdShare = effect.extraColdShare
			m.meanMs = (1-timeoutShare)*lognormalMean(m.medianMs, r.timeoutMs) + timeoutShare*r.timeoutMs
			capacity = float64(r.ConcurrencyLimit) * msPerMinute / m.meanMs
		}
	}
	// Concurrency is Little's law; demand above the limit is throttled, not run.
	m.invocations = math.Floor(min(demand, capacity))
	m.throttles = math.Floor(max(0, demand-capacity))
	m.errors = min(m.invocations, math.Floor(m.invocations*min(1, errorShare+timeoutShare)+uniform21(m.noise, 1)))
	if timeoutShare > 0 && m.invocations > 0 {
		// Rounding timeouts down keeps the minute's real mean at or below the one the capacity
		// was computed from, so concurrency never passes the limit.
		m.timeouts = min(m.errors, math.Floor(m.invocations*timeoutShare))
		m.meanMs = ((m.invocations-m.timeouts)*lognormalMean(m.medianMs, r.timeoutMs) + m.timeouts*r.timeoutMs) / m.invocations
	}
	m.concurrency = m.invocations * m.meanMs / msPerMinute
}
