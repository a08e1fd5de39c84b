package demo

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/seed/serverless/pkg/model"
)

func at(hours, minutes int) time.Time {
	return day.Add(time.Duration(hours)*time.Hour + time.Duration(minutes)*time.Minute)
}

func value(t *testing.T, e *Estate, kind model.ResourceKind, name, metric, stat string, from time.Time, length time.Duration) float64 {
	t.Helper()
	return one(t, e, model.SeriesQuery{Kind: kind, Name: name, Metric: metric, Statistic: stat, From: from, To: from.Add(length), Period: length})
}

// over applies a statistic to a range that need not align with a period: it reads the range in
// aligned steps and folds the steps with fold.
func over(t *testing.T, e *Estate, kind model.ResourceKind, name, metric, stat string, from time.Time, length, step time.Duration, fold func([]float64) float64) float64 {
	t.Helper()
	s := mustSeries(t, e, model.SeriesQuery{Kind: kind, Name: name, Metric: metric, Statistic: stat, From: from, To: from.Add(length), Period: step})
	if !s.Times[0].Equal(from) || len(s.Values) != int(length/step) {
		t.Fatalf("%s from %s in steps of %s is not aligned", length, from, step)
	}
	return fold(s.Values)
}

func maxOf(values []float64) float64 { return slices.Max(values) }

// The ticket booking API runs out of PostgreSQL connections twice a day for 20 minutes.
func TestConnectionExhaustionRecurs(t *testing.T) {
	e := New(Options{})
	for _, start := range []time.Time{at(2, 40), at(14, 40), at(2, 40).Add(24 * time.Hour)} {
		t.Run(start.Format("Mon 15:04"), func(t *testing.T) {
			during := func(kind model.ResourceKind, name, metric, stat string) float64 {
				return value(t, e, kind, name, metric, stat, start, 20*time.Minute)
			}
			before := func(kind model.ResourceKind, name, metric, stat string) float64 {
				return value(t, e, kind, name, metric, stat, start.Add(-time.Hour), 20*time.Minute)
			}
			if got := during(model.KindRDS, "booking-postgres", "DatabaseConnections", "Minimum"); got != maxDatabaseConnections {
				t.Errorf("connections during %v, want every one of %d slots taken", got, maxDatabaseConnections)
			}
			if got := before(model.KindRDS, "booking-postgres", "DatabaseConnections", "Maximum"); got >= maxDatabaseConnections/2 {
				t.Errorf("connections an hour before %v", got)
			}
			if got := during(model.KindLambda, "booking-api-handler", "Duration", "p99"); got != 30000 {
				t.Errorf("p99 during %v ms, want the 30 s timeout", got)
			}
			if got := during(model.KindLambda, "booking-api-handler", "Duration", "Maximum"); got != 30000 {
				t.Errorf("maximum during %v ms, want exactly the 30 s timeout", got)
			}
			if got := before(model.KindLambda, "booking-api-handler", "Duration", "p99"); got > 3000 {
				t.Errorf("p99 an hour before %v ms", got)
			}
			if bad, normal := during(model.KindLambda, "booking-api-handler", "Errors", "Average"), before(model.KindLambda, "booking-api-handler", "Errors", "Average"); bad < 0.3 || normal > 0.02 {
				t.Errorf("error share %v during, %v before", bad, normal)
			}
			if got := during(model.KindAPIGatewayV2, "booking-http-api", "5xx", "Sum"); got == 0 {
				t.Error("the HTTP API returns no 5xx")
			}
			if got := during(model.KindLambda, "inventory-sync", "IteratorAge", "Maximum"); got < 10*60000 {
				t.Errorf("the inventory stream is only %v ms behind", got)
			}
		})
	}
}

// At the afternoon peak, the slow calls fill the booking API's reserved concurrency and the rest
// is throttled.
func TestExhaustionAtPeakThrottles(t *testing.T) {
	e := New(Options{})
	if got := value(t, e, model.KindLambda, "booking-api-handler", "Throttles", "Sum", at(14, 40), 20*time.Minute); got == 0 {
		t.Error("no throttles while the peak meets the exhaustion")
	}
	if got := value(t, e, model.KindLambda, "booking-api-handler", "ConcurrentExecutions", "Maximum", at(14, 40), 20*time.Minute); got < 49 {
		t.Errorf("concurrency %v, want the limit of 50", got)
	}
	if got := value(t, e, model.KindLambda, "booking-api-handler", "Throttles", "Sum", at(12, 0), time.Hour); got != 0 {
		t.Errorf("%v throttles on a quiet hour", got)
	}
}

func TestSlowPaymentPathAt2200(t *testing.T) {
	e := New(Options{})
	for d := range 3 {
		night, morning := at(22, 0).Add(time.Duration(d)*24*time.Hour), at(10, 0).Add(time.Duration(d)*24*time.Hour)
		slow := value(t, e, model.KindLambda, "payment-finalizer", "Duration", "p99", night, 15*time.Minute)
		normal := value(t, e, model.KindLambda, "payment-finalizer", "Duration", "p99", morning, 15*time.Minute)
		if slow < 3*normal {
			t.Errorf("%s: p99 %v ms at 22:00, %v ms at 10:00", night.Weekday(), slow, normal)
		}
		if age, usual := value(t, e, model.KindLambda, "payment-finalizer", "AsyncEventAge", "Average", night, 15*time.Minute),
			value(t, e, model.KindLambda, "payment-finalizer", "AsyncEventAge", "Average", morning, 15*time.Minute); age < 5*usual {
			t.Errorf("async events wait %v ms at 22:00, %v ms at 10:00", age, usual)
		}
	}
}

// A bad deploy of the order processor every eight hours: a Deployment event, then errors and
// cold starts until the rollback 40 minutes later.
func TestBadDeployFollowsADeployment(t *testing.T) {
	e := New(Options{})
	for _, start := range []time.Time{at(1, 10), at(9, 10), at(17, 10)} {
		t.Run(start.Format("15:04"), func(t *testing.T) {
			var deployed, rolledBack bool
			for _, ev := range e.Events(start.Add(-time.Minute), start.Add(41*time.Minute)) {
				if ev.Function != "OrderProcessorFunction" || ev.Kind != model.EventDeployment {
					continue
				}
				deployed = deployed || ev.Time.Equal(start)
				rolledBack = rolledBack || ev.Time.Equal(start.Add(40*time.Minute))
			}
			if !deployed || !rolledBack {
				t.Fatalf("deployment at %s: %v, rollback 40 minutes later: %v", start.Format("15:04"), deployed, rolledBack)
			}
			errorShare := func(from time.Time) float64 {
				return value(t, e, model.KindLambda, "OrderProcessorFunction", "Errors", "Average", from, 10*time.Minute)
			}
			if bad, normal := errorShare(start), errorShare(start.Add(-2*time.Hour)); bad < 10*normal || bad < 0.05 {
				t.Errorf("error share %v after the deploy, %v before", bad, normal)
			}
			cold, err := e.ColdStarts("OrderProcessorFunction", start, start.Add(30*time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			usual, _ := e.ColdStarts("OrderProcessorFunction", start.Add(-2*time.Hour), start.Add(-90*time.Minute))
			if cold < 5*max(1, usual) {
				t.Errorf("%v cold starts after the deploy, %v before", cold, usual)
			}
		})
	}
}

// The notification consumer fails every six hours; its failures fill the orders DLQ until the
// redrive empties it.
func TestDeadLetterQueueFillsAndDrains(t *testing.T) {
	e := New(Options{})
	dlq := func(metric string, from time.Time, length time.Duration) float64 {
		return value(t, e, model.KindSQS, "order-notifications-dlq", metric, "Maximum", from, length)
	}
	for _, start := range []time.Time{at(5, 0), at(11, 0), at(17, 0), at(23, 0)} {
		t.Run(start.Format("15:04"), func(t *testing.T) {
			if v := dlq("ApproximateNumberOfMessagesVisible", start.Add(-time.Hour), time.Hour); v != 0 {
				t.Errorf("%v messages before the consumer fails", v)
			}
			if v := dlq("ApproximateNumberOfMessagesVisible", start.Add(25*time.Minute), 5*time.Minute); v <= 0 {
				t.Errorf("%v messages while the consumer fails", v)
			}
			if age := dlq("ApproximateAgeOfOldestMessage", start.Add(80*time.Minute), 5*time.Minute); age < 60*60 {
				t.Errorf("oldest message %v s old before the redrive", age)
			}
			if v := dlq("ApproximateNumberOfMessagesVisible", start.Add(3*time.Hour), time.Hour); v != 0 {
				t.Errorf("%v messages left after the redrive", v)
			}
			sent := over(t, e, model.KindSQS, "order-notifications-dlq", "NumberOfMessagesSent", "Sum", start, 6*time.Hour, time.Hour, sum)
			received := over(t, e, model.KindSQS, "order-notifications-dlq", "NumberOfMessagesReceived", "Sum", start, 6*time.Hour, time.Hour, sum)
			if sent == 0 || received != sent {
				t.Errorf("%v messages dead-lettered, %v redriven", sent, received)
			}
		})
	}
}

// Incidents recur often enough that any six-hour window, at any time of day, shows the dead-letter
// queue filling, and any twelve-hour window the database exhaustion. Between two database incidents
// there are hours when the booking API is quiet, so its SLO alerts can be seen to fall silent.
func TestEveryWindowShowsIncidents(t *testing.T) {
	e := New(Options{})
	for start := day; start.Before(day.Add(24 * time.Hour)); start = start.Add(30 * time.Minute) {
		if got := over(t, e, model.KindRDS, "booking-postgres", "DatabaseConnections", "Maximum", start, 12*time.Hour, 30*time.Minute, maxOf); got != maxDatabaseConnections {
			t.Errorf("12 h from %s: connections peak at %v", start.Format("15:04"), got)
		}
		if got := over(t, e, model.KindSQS, "order-notifications-dlq", "ApproximateNumberOfMessagesVisible", "Maximum", start, 6*time.Hour, 30*time.Minute, maxOf); got == 0 {
			t.Errorf("6 h from %s: the DLQ stays empty", start.Format("15:04"))
		}
	}
}

// The schedule arithmetic relies on each incident recurring a whole number of times a day,
// ending before it recurs, and never overlapping another incident of the same resource.
func TestIncidentScheduleIsSound(t *testing.T) {
	for _, in := range incidents {
		t.Run(in.resource, func(t *testing.T) {
			if minutesPerDay%in.every != 0 || in.length <= 0 || in.length >= in.every || in.durationFactor < 1 {
				t.Errorf("every %d, length %d, duration factor %v", in.every, in.length, in.durationFactor)
			}
			if in.extraErrorShare+in.timeoutShare > 0 && in.errorMessage == "" {
				t.Error("it fails calls but logs no message")
			}
			if in.timeoutShare > 0 && in.timeoutMessage == "" {
				t.Error("it times calls out but logs no message")
			}
			if _, ok := New(Options{}).Function(in.resource); !ok {
				t.Error("no such function")
			}
		})
	}
	for i, a := range incidents {
		for _, b := range incidents[i+1:] {
			if a.resource != b.resource {
				continue
			}
			for m := int64(0); m < minutesPerDay; m++ {
				if a.activeAt(m) && b.activeAt(m) {
					t.Fatalf("two incidents of %s overlap at minute %d", a.resource, m)
				}
			}
		}
	}
}

// Every environment a rise in concurrency needs starts cold: when the booking API jams at its
// limit, cold starts jump with ConcurrentExecutions.
func TestColdStartsFollowScaleUps(t *testing.T) {
	e := New(Options{})
	from := at(14, 30)
	concurrency := mustSeries(t, e, lambdaQuery("booking-api-handler", "ConcurrentExecutions", "Maximum", from.Add(-time.Minute), 31*time.Minute, time.Minute)).Values
	invocations := mustSeries(t, e, lambdaQuery("booking-api-handler", "Invocations", "Sum", from, 30*time.Minute, time.Minute)).Values
	biggestRise := 0.0
	for i := range invocations {
		cold, err := e.ColdStarts("booking-api-handler", from.Add(time.Duration(i)*time.Minute), from.Add(time.Duration(i+1)*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		rise := concurrency[i+1] - concurrency[i]
		biggestRise = max(biggestRise, rise)
		if want := min(invocations[i], math.Floor(rise)); cold < want {
			t.Errorf("%s: concurrency rose by %v, only %v cold starts", from.Add(time.Duration(i)*time.Minute).Format("15:04"), rise, cold)
		}
	}
	if biggestRise < 20 {
		t.Errorf("concurrency never rose by more than %v", biggestRise)
	}
}
