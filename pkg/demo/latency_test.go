package demo

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/seed/serverless/pkg/model"
)

// coefficientOfVariation is the standard deviation over the mean.
func coefficientOfVariation(values []float64) float64 {
	mean := sum(values) / float64(len(values))
	squares := 0.0
	for _, v := range values {
		squares += (v - mean) * (v - mean)
	}
	return math.Sqrt(squares/float64(len(values))) / mean
}

// correlation is Pearson's correlation coefficient of two series of the same length.
func correlation(x, y []float64) float64 {
	n := float64(len(x))
	meanX, meanY := sum(x)/n, sum(y)/n
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - meanX) * (y[i] - meanY)
		sxx += (x[i] - meanX) * (x[i] - meanX)
		syy += (y[i] - meanY) * (y[i] - meanY)
	}
	return sxy / math.Sqrt(sxx*syy)
}

// latencySeries is one latency metric of a resource minute by minute, with the traffic that drove
// it, keeping only the minutes with traffic and no incident of the resource behind it.
type latencySeries struct {
	p50, p95, p99, maximum, traffic []float64
}

func quietLatency(t *testing.T, e *Estate, kind model.ResourceKind, name, metric, trafficMetric string, from time.Time, length time.Duration) latencySeries {
	t.Helper()
	r, _ := e.find(kind, name)
	behind := r
	if r.driver != nil {
		behind = r.driver
	}
	read := func(metric, stat string) []float64 {
		return mustSeries(t, e, model.SeriesQuery{Kind: kind, Name: name, Metric: metric, Statistic: stat, From: from, To: from.Add(length), Period: time.Minute}).Values
	}
	p50, p95, p99, maximum, traffic := read(metric, "p50"), read(metric, "p95"), read(metric, "p99"), read(metric, "Maximum"), read(trafficMetric, "Sum")
	var s latencySeries
	first := from.Unix() / 60
	for i := range traffic {
		if _, incident := behind.incidentAt(first + int64(i)); incident || traffic[i] == 0 {
			continue
		}
		s.p50, s.p95, s.p99 = append(s.p50, p50[i]), append(s.p95, p95[i]), append(s.p99, p99[i])
		s.maximum, s.traffic = append(s.maximum, maximum[i]), append(s.traffic, traffic[i])
	}
	return s
}

// Latency is not a flat line: minute by minute it moves with the traffic (busier minutes are
// slower) and with noise, over the quiet afternoon plateau as over the morning's rise.
func TestLatencyMovesWithTrafficAndNoise(t *testing.T) {
	e := New(Options{})
	type target struct {
		kind                        model.ResourceKind
		name, metric, trafficMetric string
	}
	var targets []target
	for _, f := range e.Resources(model.KindLambda) {
		targets = append(targets, target{model.KindLambda, f.Name, "Duration", "Invocations"})
	}
	for _, api := range []model.ResourceRef{{Kind: model.KindAPIGateway, Name: "payments-api"}, {Kind: model.KindAPIGateway, Name: "orders-api"}, {Kind: model.KindAPIGatewayV2, Name: "booking-http-api"}} {
		targets = append(targets, target{api.Kind, api.Name, "Latency", "Count"}, target{api.Kind, api.Name, "IntegrationLatency", "Count"})
	}
	targets = append(targets, target{model.KindStates, "order-fulfilment", "ExecutionTime", "ExecutionsStarted"},
		target{model.KindDynamoDB, "wallets", "SuccessfulRequestLatency", "ConsumedWriteCapacityUnits"})
	for _, from := range []time.Time{at(6, 0), at(12, 0)} {
		for _, tt := range targets {
			t.Run(tt.name+" "+tt.metric+" "+from.Format("15:04"), func(t *testing.T) {
				s := quietLatency(t, e, tt.kind, tt.name, tt.metric, tt.trafficMetric, from, 6*time.Hour)
				if len(s.p95) < 60 {
					t.Fatalf("only %d quiet minutes with traffic", len(s.p95))
				}
				if cv := coefficientOfVariation(s.p95); cv < 0.03 {
					t.Errorf("p95 barely moves over six hours: coefficient of variation %.4f", cv)
				}
				distinct := slices.Compact(slices.Sorted(slices.Values(s.p95)))
				if len(distinct) < len(s.p95)/2 {
					t.Errorf("p95 takes %d distinct values in %d minutes", len(distinct), len(s.p95))
				}
				// The slowest calls of a function run around a few a minute are too few to follow it.
				if r, _ := e.find(tt.kind, tt.name); r.peakPerMinute >= 100 || r.Kind != model.KindLambda {
					if c := correlation(s.p95, s.traffic); c < 0.3 {
						t.Errorf("p95 and traffic correlate at %.2f", c)
					}
				}
			})
		}
	}
}

// However the latency moves, each minute's statistics stay in order and within the timeout.
func TestMovingLatencyKeepsItsOrder(t *testing.T) {
	e := New(Options{})
	for _, f := range e.Resources(model.KindLambda) {
		t.Run(f.Name, func(t *testing.T) {
			s := quietLatency(t, e, model.KindLambda, f.Name, "Duration", "Invocations", day, 24*time.Hour)
			for i := range s.p95 {
				if !(0 < s.p50[i] && s.p50[i] <= s.p95[i] && s.p95[i] <= s.p99[i] && s.p99[i] <= s.maximum[i] && s.maximum[i] <= float64(f.TimeoutSeconds)*1000) {
					t.Fatalf("minute %d: p50 %v, p95 %v, p99 %v, maximum %v, timeout %d s", i, s.p50[i], s.p95[i], s.p99[i], s.maximum[i], f.TimeoutSeconds)
				}
			}
		})
	}
	// The same minute reads the same, whatever else the estate holds.
	q := lambdaQuery("payments-initializer", "Duration", "p95", at(12, 0), 6*time.Hour, time.Minute)
	if a, b := mustSeries(t, New(Options{}), q), mustSeries(t, New(Options{Functions: 200}), q); !slices.Equal(a.Values, b.Values) {
		t.Error("the same query gave different latencies")
	}
}

// The incidents that slow calls down still stand out: every minute of them is slower than any
// quiet minute of the day.
func TestSlowIncidentsStandAboveNormalVariation(t *testing.T) {
	e := New(Options{})
	tests := []struct {
		function, stat string
		from           time.Time
		length         time.Duration
	}{
		{"payment-finalizer", "p50", at(21, 50), 40 * time.Minute},
		{"payment-finalizer", "p95", at(21, 50), 40 * time.Minute},
		{"booking-api-handler", "p50", at(2, 40), 20 * time.Minute},
		{"booking-api-handler", "p95", at(14, 40), 20 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.function+" "+tt.stat+" "+tt.from.Format("15:04"), func(t *testing.T) {
			var quiet []float64
			switch tt.stat {
			case "p50":
				quiet = quietLatency(t, e, model.KindLambda, tt.function, "Duration", "Invocations", day, 24*time.Hour).p50
			case "p95":
				quiet = quietLatency(t, e, model.KindLambda, tt.function, "Duration", "Invocations", day, 24*time.Hour).p95
			}
			slowest := slices.Max(quiet)
			during := mustSeries(t, e, lambdaQuery(tt.function, "Duration", tt.stat, tt.from, tt.length, time.Minute)).Values
			if fastest := slices.Min(during); fastest < 1.5*slowest {
				t.Errorf("the incident's fastest minute %v ms is not well above the slowest quiet minute %v ms", fastest, slowest)
			}
		})
	}
}
