package demo

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/seed/serverless/pkg/model"
)

var day = time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC) // a Wednesday

func mustSeries(t *testing.T, e *Estate, q model.SeriesQuery) model.Series {
	t.Helper()
	s, err := e.Series(q)
	if err != nil {
		t.Fatalf("Series(%+v): %v", q, err)
	}
	return s
}

func lambdaQuery(name, metric, stat string, from time.Time, length, period time.Duration) model.SeriesQuery {
	return model.SeriesQuery{Kind: model.KindLambda, Name: name, Metric: metric, Statistic: stat, From: from, To: from.Add(length), Period: period}
}

// one is the single value of a query whose range is one period.
func one(t *testing.T, e *Estate, q model.SeriesQuery) float64 {
	t.Helper()
	s := mustSeries(t, e, q)
	if len(s.Values) != 1 {
		t.Fatalf("%d values, want 1", len(s.Values))
	}
	return s.Values[0]
}

func TestSeriesIsDeterministic(t *testing.T) {
	queries := []model.SeriesQuery{
		lambdaQuery("payments-initializer", "Duration", "p99", day, 6*time.Hour, 5*time.Minute),
		lambdaQuery("booking-api-handler", "Errors", "Sum", day, 24*time.Hour, time.Minute),
		{Kind: model.KindSQS, Name: "order-notifications-dlq", Metric: "ApproximateNumberOfMessagesVisible", Statistic: "Maximum", From: day, To: day.Add(24 * time.Hour), Period: time.Hour},
	}
	for _, q := range queries {
		first := mustSeries(t, New(Options{}), q)
		second := mustSeries(t, New(Options{Functions: 50}), q)
		if !slices.Equal(first.Values, second.Values) || !slices.EqualFunc(first.Times, second.Times, time.Time.Equal) {
			t.Errorf("%s %s: the same query gave different series", q.Name, q.Metric)
		}
	}
}

func TestSeriesTimesArePeriodStarts(t *testing.T) {
	s := mustSeries(t, New(Options{}), lambdaQuery("ledger-writer", "Invocations", "Sum", day.Add(90*time.Second), time.Hour, 15*time.Minute))
	want := []time.Time{day, day.Add(15 * time.Minute), day.Add(30 * time.Minute), day.Add(45 * time.Minute), day.Add(time.Hour)}
	if !slices.EqualFunc(s.Times, want, time.Time.Equal) || s.Unit != "Count" {
		t.Fatalf("times %v unit %s, want %v Count", s.Times, s.Unit, want)
	}
}

// A period's Sum is the sum of its minutes, whatever the period, for every summable metric.
func TestSumsAgreeAcrossPeriods(t *testing.T) {
	e := New(Options{})
	tests := []struct {
		kind         model.ResourceKind
		name, metric string
		from         time.Duration
	}{
		{model.KindLambda, "OrderProcessorFunction", "Invocations", 9 * time.Hour},
		{model.KindLambda, "OrderProcessorFunction", "Errors", 9 * time.Hour},
		{model.KindLambda, "booking-api-handler", "Throttles", 14 * time.Hour},
		{model.KindLambda, "booking-api-handler", "Duration", 14 * time.Hour},
		{model.KindAPIGatewayV2, "booking-http-api", "5xx", 14 * time.Hour},
		{model.KindSQS, "order-notifications-dlq", "NumberOfMessagesSent", 11 * time.Hour},
		{model.KindStates, "order-fulfilment", "ExecutionsFailed", 9 * time.Hour},
		{model.KindDynamoDB, "ledger", "UserErrors", 12 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name+" "+tt.metric, func(t *testing.T) {
			q := model.SeriesQuery{Kind: tt.kind, Name: tt.name, Metric: tt.metric, Statistic: "Sum", From: day.Add(tt.from), To: day.Add(tt.from + time.Hour)}
			q.Period = time.Minute
			perMinute := mustSeries(t, e, q)
			q.Period = 5 * time.Minute
			perFive := mustSeries(t, e, q)
			q.Period = time.Hour
			perHour := one(t, e, q)
			if len(perMinute.Values) != 60 || len(perFive.Values) != 12 {
				t.Fatalf("%d and %d points", len(perMinute.Values), len(perFive.Values))
			}
			if math.Abs(sum(perMinute.Values)-perHour) > 1e-6*perHour || math.Abs(sum(perFive.Values)-perHour) > 1e-6*perHour {
				t.Errorf("minutes add to %v, five-minute periods to %v, the hour is %v", sum(perMinute.Values), sum(perFive.Values), perHour)
			}
			if perHour == 0 && tt.metric != "UserErrors" {
				t.Errorf("no %s at all in the hour", tt.metric)
			}
		})
	}
}

// Percentiles, mean and extremes come from one distribution, so they keep their order in
// quiet periods and during incidents alike.
func TestDurationStatisticsAreOrdered(t *testing.T) {
	e := New(Options{})
	tests := []struct {
		kind         model.ResourceKind
		name, metric string
		from, length time.Duration
	}{
		{model.KindLambda, "payment-finalizer", "Duration", 14 * time.Hour, time.Hour},
		{model.KindLambda, "payment-finalizer", "Duration", 21 * time.Hour, 3 * time.Hour},
		{model.KindLambda, "booking-api-handler", "Duration", 14*time.Hour + 40*time.Minute, 20 * time.Minute},
		{model.KindLambda, "booking-api-handler", "Duration", 0, 24 * time.Hour},
		{model.KindLambda, "inventory-sync", "Duration", 0, 24 * time.Hour},
		{model.KindAPIGateway, "payments-api", "Latency", 14 * time.Hour, time.Hour},
		{model.KindAPIGatewayV2, "booking-http-api", "IntegrationLatency", 14 * time.Hour, time.Hour},
		{model.KindDynamoDB, "wallets", "SuccessfulRequestLatency", 0, 6 * time.Hour},
	}
	stats := []string{"Minimum", "p50", "p95", "p99", "p99.9", "Maximum"}
	for _, tt := range tests {
		t.Run(tt.name+" "+tt.from.String(), func(t *testing.T) {
			values := make([]float64, len(stats))
			for i, stat := range stats {
				values[i] = one(t, e, model.SeriesQuery{Kind: tt.kind, Name: tt.name, Metric: tt.metric, Statistic: stat,
					From: day.Add(tt.from), To: day.Add(tt.from + tt.length), Period: tt.length})
			}
			if !slices.IsSorted(values) || values[0] <= 0 {
				t.Fatalf("%v: want them in this order, got %v", stats, values)
			}
			average := one(t, e, model.SeriesQuery{Kind: tt.kind, Name: tt.name, Metric: tt.metric, Statistic: "Average",
				From: day.Add(tt.from), To: day.Add(tt.from + tt.length), Period: tt.length})
			if average < values[0] || average > values[len(values)-1] {
				t.Errorf("average %v outside [%v, %v]", average, values[0], values[len(values)-1])
			}
		})
	}
}

// Lognormal durations have a long tail: p99 is several times p50, and the mean is above the median.
func TestDurationsHaveALongTail(t *testing.T) {
	e := New(Options{})
	stat := func(s string) float64 {
		return one(t, e, lambdaQuery("ledger-writer", "Duration", s, day.Add(12*time.Hour), time.Hour, time.Hour))
	}
	p50, p99, average := stat("p50"), stat("p99"), stat("Average")
	if p99 < 3*p50 || average <= p50 {
		t.Errorf("p50 %v, p99 %v, average %v", p50, p99, average)
	}
	below := func(threshold float64) float64 {
		return one(t, e, lambdaQuery("ledger-writer", "Duration", "PR(:"+strconv.FormatFloat(threshold, 'f', -1, 64)+")", day.Add(12*time.Hour), time.Hour, time.Hour))
	}
	if got := below(p50); math.Abs(got-50) > 0.01 {
		t.Errorf("PR(:p50) = %v, want 50", got)
	}
	if got := below(p99); math.Abs(got-99) > 0.01 {
		t.Errorf("PR(:p99) = %v, want 99", got)
	}
}

func TestLambdaInvariants(t *testing.T) {
	e := New(Options{})
	for _, f := range e.Resources(model.KindLambda) {
		t.Run(f.Name, func(t *testing.T) {
			q := func(metric, stat string) []float64 {
				return mustSeries(t, e, lambdaQuery(f.Name, metric, stat, day, 24*time.Hour, time.Minute)).Values
			}
			invocations, errs, throttles := q("Invocations", "Sum"), q("Errors", "Sum"), q("Throttles", "Sum")
			concurrency, peak, duration := q("ConcurrentExecutions", "Average"), q("ConcurrentExecutions", "Maximum"), q("Duration", "Average")
			limit := float64(f.ConcurrencyLimit)
			for i := range invocations {
				if errs[i] > invocations[i] || errs[i] < 0 {
					t.Fatalf("minute %d: %v errors of %v invocations", i, errs[i], invocations[i])
				}
				// Little's law: the environments busy on average in a minute are its calls times their mean duration.
				if want := invocations[i] * duration[i] / msPerMinute; math.Abs(concurrency[i]-want) > 1e-9*max(1, want) {
					t.Fatalf("minute %d: concurrency %v, invocations × average duration / 60 s = %v", i, concurrency[i], want)
				}
				// Environments are whole: at the busiest moment at least the average are busy, and
				// at least one whenever the minute has calls.
				if peak[i] < concurrency[i] || peak[i] != math.Floor(peak[i]) || (invocations[i] > 0) != (peak[i] >= 1) {
					t.Fatalf("minute %d: peak concurrency %v, average %v, %v invocations", i, peak[i], concurrency[i], invocations[i])
				}
				if peak[i] > limit {
					t.Fatalf("minute %d: concurrency %v above the limit %d", i, peak[i], f.ConcurrencyLimit)
				}
				// Throttles only happen when the function is at its concurrency limit.
				if throttles[i] > 0 && peak[i] < limit {
					t.Fatalf("minute %d: %v throttles at concurrency %v of %d", i, throttles[i], peak[i], f.ConcurrencyLimit)
				}
			}
		})
	}
}

// A function busy with a steady trickle of short calls still has an environment running: over
// 20 quiet minutes at night, thousands of calls of the payments initializer make a peak of at
// least one, and an average that is Little's law over the period (busy time over elapsed time).
func TestConcurrencyOfATrickleOfCalls(t *testing.T) {
	e := New(Options{})
	stat := func(metric, stat string) float64 {
		return one(t, e, lambdaQuery("payments-initializer", metric, stat, at(3, 0), 20*time.Minute, 20*time.Minute))
	}
	calls, busyMs := stat("Invocations", "Sum"), stat("Duration", "Sum")
	average, peak := stat("ConcurrentExecutions", "Average"), stat("ConcurrentExecutions", "Maximum")
	if calls < 1000 {
		t.Fatalf("only %v calls", calls)
	}
	if want := busyMs / (20 * msPerMinute); math.Abs(average-want) > 1e-9*want {
		t.Errorf("average concurrency %v, busy time over the period %v", average, want)
	}
	if peak < 1 || peak < average || peak != math.Floor(peak) {
		t.Errorf("%v calls in 20 minutes with a peak concurrency of %v (average %v)", calls, peak, average)
	}
}

// Traffic follows the day: busier in the afternoon than at night, and on weekdays than at weekends.
func TestTrafficIsDiurnal(t *testing.T) {
	e := New(Options{})
	invocations := func(from time.Time) float64 {
		return one(t, e, lambdaQuery("payments-initializer", "Invocations", "Sum", from, time.Hour, time.Hour))
	}
	afternoon, night := invocations(day.Add(15*time.Hour)), invocations(day.Add(3*time.Hour))
	saturday := invocations(day.Add(3*24*time.Hour + 15*time.Hour))
	if afternoon < 3*night || saturday > 0.8*afternoon {
		t.Errorf("15:00 %v, 03:00 %v, Saturday 15:00 %v", afternoon, night, saturday)
	}
}

func TestSeriesMovesWithTime(t *testing.T) {
	e := New(Options{})
	a := mustSeries(t, e, lambdaQuery("payments-initializer", "Invocations", "Sum", day, time.Hour, time.Minute))
	b := mustSeries(t, e, lambdaQuery("payments-initializer", "Invocations", "Sum", day.Add(time.Minute), time.Hour, time.Minute))
	if !slices.Equal(a.Values[1:], b.Values[:59]) || slices.Equal(a.Values, b.Values) {
		t.Fatal("a window one minute later should shift the same values by one")
	}
}

func TestSeriesRejectsBadQueries(t *testing.T) {
	e := New(Options{})
	tests := []struct {
		name    string
		q       model.SeriesQuery
		wantErr string
	}{
		{"unknown function", lambdaQuery("nope", "Errors", "Sum", day, time.Hour, time.Minute), `no lambda resource named "nope"`},
		{"unknown kind", model.SeriesQuery{Kind: "ec2", Name: "i-1", Metric: "CPUUtilization", Statistic: "Sum", From: day, To: day.Add(time.Hour), Period: time.Minute}, `no ec2 resource named "i-1"`},
		{"metric of another kind", lambdaQuery("payments-initializer", "ApproximateAgeOfOldestMessage", "Sum", day, time.Hour, time.Minute),
			`metric "ApproximateAgeOfOldestMessage" is not a lambda metric; use one of Invocations, Errors`},
		{"percentile of a counter", lambdaQuery("payments-initializer", "Errors", "p99", day, time.Hour, time.Minute), "statistic p99 does not apply to Errors"},
		{"made-up statistic", lambdaQuery("payments-initializer", "Duration", "Median", day, time.Hour, time.Minute), `statistic "Median" is not one of`},
		{"p100", lambdaQuery("payments-initializer", "Duration", "p100", day, time.Hour, time.Minute), `statistic "p100" is not one of`},
		{"inverted rank", lambdaQuery("payments-initializer", "Duration", "PR(500:100)", day, time.Hour, time.Minute), "the lower bound must be below"},
		{"reversed range", lambdaQuery("payments-initializer", "Errors", "Sum", day, -time.Hour, time.Minute), "time range is empty or reversed"},
		{"empty range", lambdaQuery("payments-initializer", "Errors", "Sum", day, 0, time.Minute), "time range is empty or reversed"},
		{"odd period", lambdaQuery("payments-initializer", "Errors", "Sum", day, time.Hour, 90*time.Second), "period 1m30s is not a positive multiple of 60 seconds"},
		{"sub-minute period", lambdaQuery("payments-initializer", "Errors", "Sum", day, time.Hour, 10*time.Second), "period 10s is not a positive multiple of 60 seconds"},
		{"no period", lambdaQuery("payments-initializer", "Errors", "Sum", day, time.Hour, 0), "period 0s is not a positive multiple of 60 seconds"},
		{"negative period", lambdaQuery("payments-initializer", "Errors", "Sum", day, time.Hour, -time.Minute), "period -1m0s is not a positive multiple of 60 seconds"},
		{"too many points", lambdaQuery("payments-initializer", "Errors", "Sum", day, 100*24*time.Hour, time.Minute), "144000 datapoints at period 1m0s is more than CloudWatch's 100800"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.Series(tt.q)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
	if _, err := e.Series(lambdaQuery("payments-initializer", "Errors", "Sum", day, 70*24*time.Hour, time.Minute)); err != nil {
		t.Errorf("100,800 points is within the limit: %v", err)
	}
}

// A period cut short by the end of the range holds only the minutes before it: data from the
// future must not reach a panel or an alert evaluated now.
func TestLastPeriodStopsAtTheEndOfTheRange(t *testing.T) {
	e := New(Options{})
	cut := mustSeries(t, e, lambdaQuery("payments-initializer", "Invocations", "Sum", day, 7*time.Minute, 5*time.Minute))
	minutes := mustSeries(t, e, lambdaQuery("payments-initializer", "Invocations", "Sum", day.Add(5*time.Minute), 2*time.Minute, time.Minute))
	tail := minutes.Values[0] + minutes.Values[1]
	if len(cut.Values) != 2 || cut.Values[1] != tail || tail == 0 {
		t.Errorf("periods %v, want the second to be the %v invocations of its first two minutes", cut.Values, tail)
	}
}

// BenchmarkSeries reads what the Function page draws for every base function over a day at one
// minute: invocations, duration percentiles and peak concurrency, and the APIs' latency.
func BenchmarkSeries(b *testing.B) {
	e := New(Options{})
	var queries []model.SeriesQuery
	for _, f := range e.Resources(model.KindLambda) {
		for _, m := range [][2]string{{"Invocations", "Sum"}, {"Duration", "p95"}, {"Duration", "p99"}, {"ConcurrentExecutions", "Maximum"}} {
			queries = append(queries, lambdaQuery(f.Name, m[0], m[1], day, 24*time.Hour, time.Minute))
		}
	}
	for _, api := range e.Resources(model.KindAPIGateway) {
		queries = append(queries, model.SeriesQuery{Kind: model.KindAPIGateway, Name: api.Name, Metric: "Latency", Statistic: "p99", From: day, To: day.Add(24 * time.Hour), Period: time.Minute})
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, q := range queries {
			if _, err := e.Series(q); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// Every function's traffic follows the same daily curve, however little of it there is: a function
// called a few times a minute at its peak runs every hour of the night too, and each quarter of
// its day holds the same share of its calls as the busiest function's.
func TestTrickleOfTrafficFollowsTheDay(t *testing.T) {
	e := New(Options{})
	calls := func(name string) []float64 {
		invocations := mustSeries(t, e, lambdaQuery(name, "Invocations", "Sum", day, 24*time.Hour, time.Hour)).Values
		throttles := mustSeries(t, e, lambdaQuery(name, "Throttles", "Sum", day, 24*time.Hour, time.Hour)).Values
		for i := range invocations {
			invocations[i] += throttles[i]
		}
		return invocations
	}
	quarters := func(hourly []float64) []float64 {
		total, out := sum(hourly), make([]float64, 4)
		for i, v := range hourly {
			out[i/6] += v / total
		}
		return out
	}
	curve := quarters(calls("payments-initializer"))
	for _, f := range e.Resources(model.KindLambda) {
		hourly := calls(f.Name)
		if quiet := slices.Index(hourly, 0); quiet >= 0 {
			t.Errorf("%s: no calls from %02d:00 to %02d:00", f.Name, quiet, quiet+1)
		}
		for i, share := range quarters(hourly) {
			if math.Abs(share-curve[i]) > 0.15*curve[i] {
				t.Errorf("%s: %.1f%% of the day's calls from %02d:00, the daily curve has %.1f%%", f.Name, 100*share, 6*i, 100*curve[i])
			}
		}
	}
}
