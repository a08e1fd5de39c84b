package demo

import "math"

const (
	// maxReceiveCount is how often a message is tried before SQS moves it to the dead-letter queue.
	maxReceiveCount = 3
	// redriveDelayMinutes is how long after an incident the on-call engineer starts the redrive.
	redriveDelayMinutes = 60
	// redrivePerMinute is how fast the redrive drains the dead-letter queue.
	redrivePerMinute = 100
)

var queueMetrics = []metricGenerator{
	metric("NumberOfMessagesSent", func(r *resource, m int64) sample { n := messagesSent(r, m); return counterSample(n, n) }),
	metric("NumberOfMessagesReceived", func(r *resource, m int64) sample {
		n := messagesReceived(r, m)
		return counterSample(n, n)
	}),
	metric("NumberOfMessagesDeleted", func(r *resource, m int64) sample {
		n := messagesReceived(r, m)
		if !r.deadLetter {
			n -= driven(r, m).errors
		}
		return counterSample(n, n)
	}),
	gauge("ApproximateNumberOfMessagesVisible", messagesVisible),
	gauge("ApproximateAgeOfOldestMessage", oldestMessageAge),
}

// deadLettered is how many messages the consumer's failures move to the dead-letter queue.
func deadLettered(consumer *resource, m int64) float64 {
	return math.Floor(lambdaAt(consumer, m).errors / maxReceiveCount)
}

func messagesSent(r *resource, m int64) float64 {
	if r.deadLetter {
		return deadLettered(r.driver, m)
	}
	return driven(r, m).invocations
}

func messagesReceived(r *resource, m int64) float64 {
	if !r.deadLetter {
		return driven(r, m).invocations
	}
	if _, redriveStart, ok := r.redriveWindow(m); ok && m > redriveStart {
		return min(redrivePerMinute, messagesVisible(r, m-1))
	}
	return 0
}

func messagesVisible(r *resource, m int64) float64 {
	if r.deadLetter {
		return deadLetterBacklog(r, m)
	}
	d := driven(r, m)
	return math.Floor(d.invocations*0.02 + d.errors*0.5 + 3*noise(r, m, saltQueueDepth))
}

func oldestMessageAge(r *resource, m int64) float64 {
	if !r.deadLetter {
		d := driven(r, m)
		return math.Round(2 + 8*noise(r, m, saltQueueAge) + 600*d.errors/max(1, d.invocations))
	}
	start, _, ok := r.redriveWindow(m)
	if !ok || deadLetterBacklog(r, m) == 0 {
		return 0
	}
	return float64(m-start) * 60
}

// redriveWindow is the start of the consumer's latest failure incident at or before minute m,
// and the minute the redrive of what it dead-lettered starts.
func (r *resource) redriveWindow(m int64) (failureStart, redriveStart int64, ok bool) {
	for _, in := range r.driver.incidents {
		if in.extraErrorShare > 0 {
			start := in.lastStart(m)
			return start, start + in.length + redriveDelayMinutes, true
		}
	}
	return 0, 0, false
}

// deadLetterBacklog fills while the consumer fails and drains once the redrive starts.
func deadLetterBacklog(r *resource, m int64) float64 {
	start, redriveStart, ok := r.redriveWindow(m)
	if !ok {
		return 0
	}
	filled := 0.0
	for t := start; t < min(m+1, redriveStart-redriveDelayMinutes); t++ {
		filled += deadLettered(r.driver, t)
	}
	if m <= redriveStart {
		return filled
	}
	return max(0, filled-float64(m-redriveStart)*redrivePerMinute)
}
