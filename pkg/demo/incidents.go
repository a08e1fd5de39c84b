package demo

// incident is a recurring, scheduled problem: every day from startMinute for length minutes (UTC).
type incident struct {
	resource        string
	name            string
	startMinute     int64
	lengthMinutes   int64
	durationFactor  float64
	extraErrorShare float64
	extraColdShare  float64
	// errorMessage is what the function logs for each call the incident fails.
	errorMessage string
}

// incidents recur daily so any recent window has something to find.
var incidents = []incident{
	{resource: "OrderProcessorFunction", name: "bad deploy", startMinute: 9 * 60, lengthMinutes: 45,
		durationFactor: 1.3, extraErrorShare: 0.08, extraColdShare: 0.05,
		errorMessage: "TypeError: Cannot read properties of undefined (reading 'shippingAddress')"},
	{resource: "payment-finalizer", name: "slow payment path", startMinute: 22 * 60, lengthMinutes: 30, durationFactor: 4},
	// PostgreSQL connection exhaustion: calls wait for a connection until the 30 s timeout.
	{resource: "booking-api-handler", name: "database connection exhaustion", startMinute: 3 * 60, lengthMinutes: 20,
		durationFactor: 400, extraErrorShare: 0.25,
		errorMessage: "remaining connection slots are reserved for non-replication superuser connections"},
	// The notification consumer fails while a downstream API is down; failed messages reach the DLQ.
	{resource: "NotificationServiceFunction", name: "DLQ filling up", startMinute: 13 * 60, lengthMinutes: 40,
		extraErrorShare: 0.3, errorMessage: "Error: connect ETIMEDOUT 52.94.133.131:443 (email provider)"},
}

type incidentEffect struct {
	durationFactor, extraErrorShare, extraColdShare float64
	errorMessage                                    string
}

// incidentsAt is the combined effect of the resource's incidents in a minute of the day.
func (r *Resource) incidentsAt(ofDay int64) incidentEffect {
	effect := incidentEffect{durationFactor: 1}
	if len(r.incidents) == 0 {
		return effect
	}
	for _, in := range r.incidents {
		if ofDay < in.startMinute || ofDay >= in.startMinute+in.lengthMinutes {
			continue
		}
		if in.durationFactor > 0 {
			effect.durationFactor *= in.durationFactor
		}
		effect.extraErrorShare += in.extraErrorShare
		effect.extraColdShare += in.extraColdShare
		effect.errorMessage = in.errorMessage
	}
	return effect
}
