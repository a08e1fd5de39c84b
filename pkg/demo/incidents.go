package demo

import "time"

// incident is a recurring, scheduled problem: every day from start for length, on one function.
type incident struct {
	function        string
	start, length   time.Duration
	durationFactor  float64
	extraErrorShare float64
	extraColdShare  float64
}

// incidents recur daily so any recent window has something to find; times are UTC.
var incidents = []incident{
	// A bad deploy raises errors and cold starts until it is rolled back.
	{function: "OrderProcessorFunction", start: 9 * time.Hour, length: 45 * time.Minute,
		durationFactor: 1.3, extraErrorShare: 0.08, extraColdShare: 0.05},
	// The slow payment path around 22:00.
	{function: "payment-finalizer", start: 22 * time.Hour, length: 30 * time.Minute, durationFactor: 4},
	// PostgreSQL connection exhaustion: calls wait for a connection until the 30 s timeout.
	{function: "booking-api-handler", start: 3 * time.Hour, length: 20 * time.Minute,
		durationFactor: 400, extraErrorShare: 0.25},
}

type incidentEffect struct {
	durationFactor, extraErrorShare, extraColdShare float64
}

func activeIncidents(r Resource, t time.Time) incidentEffect {
	effect := incidentEffect{durationFactor: 1}
	sinceMidnight := t.Sub(t.Truncate(24 * time.Hour))
	for _, in := range incidents {
		if in.function != r.Name || sinceMidnight < in.start || sinceMidnight >= in.start+in.length {
			continue
		}
		effect.durationFactor *= in.durationFactor
		effect.extraErrorShare += in.extraErrorShare
		effect.extraColdShare += in.extraColdShare
	}
	return effect
}
