package demo

import "math"

// maxReceiveCount is how often a message is tried before SQS moves it to the dead-letter queue.
const maxReceiveCount = 3

// redriveDelayMinutes is how long after an incident the on-call engineer starts the redrive.
const redriveDelayMinutes = 60

// redrivePerMinute is how fast the redrive drains the dead-letter queue.
const redrivePerMinute = 100

var queueMetrics = []MetricSpec{
	counter(nsSQS, "NumberOfMessagesSent", func(r *Resource, m int64) sample { n := messagesSent(r, m); return counterSample(n, n) }),
	counter(nsSQS, "NumberOfMessagesReceived", func(r *Resource, m int64) sample {
		n := messagesReceived(r, m)
		return counterSample(n, n)
	}),
	counter(nsSQS, "NumberOfMessagesDeleted", func(r *Resource, m int64) sample {
		n := messagesReceived(r, m)
		if !r.deadLetter {
			n -= driven(r, m).errors
		}
		return counterSample(n, n)
	}),
	gauge(nsSQS, "ApproximateNumberOfMessagesVisible", "Count", messagesVisible),
	gauge(nsSQS, "ApproximateAgeOfOldestMessage", "Seconds", oldestMessageAge),
}

// deadLettered is how many messages the consumer's failures move to the dead-letter queue.
func deadLettered(consumer *Resource, m int64) float64 {
	return math.Floor(simulateLambda(consumer, m).errors / maxReceiveCount)
}

func messagesSent(r *Resource, m int64) float64 {
	if r.deadLetter {
		return deadLettered(r.driver, m)
	}
	return driven(r, m).invocations
}

func messagesReceived(r *Resource, m int64) float64 {
	if r.deadLetter {
		return min(redrivePerMinute, messagesVisible(r, m))
	}
	return driven(r, m).invocations
}

func messagesVisible(r *Resource, m int64) float64 {
	if r.deadLetter {
		return deadLetterBacklog(r, m)
	}
	d := driven(r, m)
	return math.Floor(d.invocations*0.02 + d.errors*0.5 + 3*noise(r, m, 50))
}

func oldestMessageAge(r *Resource, m int64) float64 {
	if !r.deadLetter {
		return math.Round(2 + 8*noise(r, m, 51) + 600*simulateLambda(r.driver, m).errors/max(1, simulateLambda(r.driver, m).invocations))
	}
	start, _, ok := r.failureWindow(m)
	if !ok || deadLetterBacklog(r, m) == 0 {
		return 0
	}
	return float64(m-start) * 60
}

// failureWindow is the consumer's failure incident on the day of minute m, if it has one.
func (r *Resource) failureWindow(m int64) (start, end int64, ok bool) {
	for _, in := range r.driver.incidents {
		if in.extraErrorShare > 0 {
			dayStart := floorDiv(m, minutesPerDay) * minutesPerDay
			return dayStart + in.startMinute, dayStart + in.startMinute + in.lengthMinutes, true
		}
	}
	return 0, 0, false
}

// deadLetterBacklog fills while the consumer fails and drains once the redrive starts.
func deadLetterBacklog(r *Resource, m int64) float64 {
	start, end, ok := r.failureWindow(m)
	if !ok || m < start {
		return 0
	}
	filled := 0.0
	for t := start; t < min(m, end); t++ {
		filled += deadLettered(r.driver, t)
	}
	redriveStart := end + redriveDelayMinutes
	if m <= redriveStart {
		return filled
	}
	return max(0, filled-float64(m-redriveStart)*redrivePerMinute)
}
