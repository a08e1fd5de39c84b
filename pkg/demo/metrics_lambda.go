package demo

import "math"

var lambdaMetrics = []metricGenerator{
	metric("Invocations", func(r *resource, m int64) sample {
		l := lambdaAt(r, m)
		return counterSample(l.invocations, l.invocations)
	}),
	metric("Errors", func(r *resource, m int64) sample {
		l := lambdaAt(r, m)
		return counterSample(l.errors, l.invocations)
	}),
	metric("Throttles", func(r *resource, m int64) sample {
		l := lambdaAt(r, m)
		return counterSample(l.throttles, l.throttles)
	}),
	metric("Duration", func(r *resource, m int64) sample {
		l := lambdaAt(r, m)
		return distributionSample(l.invocations, l.timeouts, l.medianMs, r.timeoutMs)
	}),
	metric("ConcurrentExecutions", concurrencySample),
	gauge("IteratorAge", iteratorAge),
	metric("DeadLetterErrors", func(r *resource, m int64) sample {
		if r.source != sourceAsync {
			return sample{}
		}
		l := lambdaAt(r, m)
		return counterSample(math.Floor(l.errors/deadLetterFailureEvery), l.errors)
	}),
	gauge("AsyncEventAge", asyncEventAge),
	// An event whose retries failed and whose dead-letter delivery failed too is dropped.
	metric("AsyncEventsDropped", func(r *resource, m int64) sample {
		if r.source != sourceAsync {
			return sample{}
		}
		l := lambdaAt(r, m)
		return counterSample(math.Floor(l.errors/deadLetterFailureEvery), l.errors)
	}),
	metric("used_memory_max", func(r *resource, m int64) sample { return peakMemory(r, m, 1) }),
	metric("memory_utilization", func(r *resource, m int64) sample { return peakMemory(r, m, 100/float64(r.MemoryMB)) }),
	metric("PostRuntimeExtensionsDuration", func(r *resource, m int64) sample {
		if r.extensionMs == 0 {
			return sample{}
		}
		l := lambdaAt(r, m)
		return distributionSample(l.invocations, 0, r.extensionMs*(0.8+0.4*noise(r, m, saltExtension)), r.timeoutMs)
	}),
}

// concurrencySample is a minute of ConcurrentExecutions: its Average is Little's law (calls times
// their mean duration), its Maximum the minute's peak and its Minimum a trough as far below.
func concurrencySample(r *resource, m int64) sample {
	l := lambdaAt(r, m)
	peak := l.peak(r.ConcurrencyLimit)
	return sample{sum: l.concurrency, count: 1, min: max(0, math.Floor(2*l.concurrency-peak)), max: peak}
}

// deadLetterFailureEvery: when errors burst, one in this many retried events also fails to
// reach the dead-letter queue (the queue's own throughput limit).
const deadLetterFailureEvery = 20

// asyncEventAge is how long events wait in Lambda's internal queue: milliseconds normally,
// growing with the square of a slowdown (fewer free environments, longer queue) and with
// throttling.
func asyncEventAge(r *resource, m int64) float64 {
	if r.source != sourceAsync {
		return 0
	}
	l := lambdaAt(r, m)
	slowdown := l.meanMs / r.meanMs
	throttled := l.throttles / max(1, l.invocations+l.throttles)
	return math.Round((30 + 50*noise(r, m, saltAsyncAge)) * slowdown * slowdown * (1 + 1000*throttled))
}

// inventorySyncCatchUpMinutes is how long the stream consumer needs to catch up after the
// database lets it write again.
const inventorySyncCatchUpMinutes = 15

// databaseExhaustion is the booking API's incident; the inventory stream waits on the same database.
var databaseExhaustion = incidentsOf("booking-api-handler")[0]

// iteratorAge is how far behind a stream consumer reads. The booking inventory stream falls
// behind while the booking database refuses connections, then catches up.
func iteratorAge(r *resource, m int64) float64 {
	if r.source != sourceStream {
		return 0
	}
	base := 200 + 600*noise(r, m, saltIteratorAge)
	if r.Name != "inventory-sync" {
		return math.Round(base)
	}
	exhaustion := databaseExhaustion
	since := m - exhaustion.lastStart(m)
	switch {
	case since < exhaustion.length:
		return math.Round(base + float64(since+1)*msPerMinute)
	case since < exhaustion.length+inventorySyncCatchUpMinutes:
		left := float64(exhaustion.length+inventorySyncCatchUpMinutes-since) / inventorySyncCatchUpMinutes
		return math.Round(base + left*float64(exhaustion.length)*msPerMinute)
	}
	return math.Round(base)
}

// peakMemory is the highest Max Memory Used of the minute's REPORT lines, times scale; a minute
// without calls publishes nothing, as Lambda Insights does.
func peakMemory(r *resource, minute int64, scale float64) sample {
	n := int(lambdaAt(r, minute).invocations)
	if n == 0 {
		return sample{}
	}
	peak := 0
	for i := range n {
		peak = max(peak, r.maxMemoryUsedMB(invocationStartMs(minute, r.invocationHash(minute, i))))
	}
	return gaugeSample(float64(peak) * scale)
}
