package demo

// incident is a recurring, scheduled problem. It runs while (minute − offset) mod every < length,
// in absolute UTC minutes; every divides a day, so the schedule reads the same on every day.
type incident struct {
	resource string
	// every, offset and length are in minutes.
	every, offset, length int64
	// durationFactor slows the calls that finish in time.
	durationFactor float64
	// extraErrorShare are calls that fail fast; timeoutShare are calls that hang until the
	// function's timeout (Lambda counts them as errors too).
	extraErrorShare, timeoutShare float64
	extraColdShare                float64
	// startsWithDeploy marks incidents a deployment causes: a Deployment event opens them and
	// a rollback closes them.
	startsWithDeploy bool
	// errorMessage is what the function logs for each fast failure; timeoutMessage for each call
	// that times out.
	errorMessage, timeoutMessage string
}

const (
	hour                   = 60
	connectionSlotsMessage = "remaining connection slots are reserved for non-replication superuser connections"
	connectTimeoutMessage  = "timeout exceeded when trying to connect"
)

// incidents recur every few hours so any recent window has something to find.
var incidents = []incident{
	// A bad deploy of the order processor, rolled back after 40 minutes.
	{resource: "OrderProcessorFunction", every: 8 * hour, offset: 1*hour + 10, length: 40,
		durationFactor: 1.3, extraErrorShare: 0.08, extraColdShare: 0.05, startsWithDeploy: true,
		errorMessage: "TypeError: Cannot read properties of undefined (reading 'shippingAddress')"},
	// The slow payment path: the payment provider's nightly batch.
	{resource: "payment-finalizer", every: 24 * hour, offset: 21*hour + 50, length: 40, durationFactor: 4},
	// PostgreSQL connection exhaustion: new connections are refused, or wait for a free slot
	// until the 30 s function timeout.
	{resource: "booking-api-handler", every: 12 * hour, offset: 2*hour + 40, length: 20,
		durationFactor: 6, extraErrorShare: 0.15, timeoutShare: 0.3,
		errorMessage: connectionSlotsMessage, timeoutMessage: connectTimeoutMessage},
	// The notification consumer fails while the e-mail provider is down; failed messages reach the DLQ.
	{resource: "NotificationServiceFunction", every: 6 * hour, offset: 5 * hour, length: 30,
		durationFactor: 1, extraErrorShare: 0.3, errorMessage: "Error: connect ETIMEDOUT 52.94.133.131:443 (email provider)"},
}

func incidentsOf(resource string) []incident {
	var out []incident
	for _, in := range incidents {
		if in.resource == resource {
			out = append(out, in)
		}
	}
	return out
}

// lastStart is the start of the most recent run of the incident at or before minute.
func (in incident) lastStart(minute int64) int64 {
	return minute - floorMod(minute-in.offset, in.every)
}

func (in incident) activeAt(minute int64) bool {
	return minute-in.lastStart(minute) < in.length
}

// incidentAt is the resource's incident running in a minute, if any. Incidents of one resource
// never overlap.
func (r *resource) incidentAt(minute int64) (incident, bool) {
	for _, in := range r.incidents {
		if in.activeAt(minute) {
			return in, true
		}
	}
	return incident{}, false
}
