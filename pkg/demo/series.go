package demo

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// MaxDatapoints is CloudWatch's limit of datapoints one GetMetricData call returns.
const MaxDatapoints = 100800

// SeriesQuery asks for one metric of one resource.
type SeriesQuery struct {
	Kind      ResourceKind
	Name      string
	Metric    string
	Statistic string
	From, To  time.Time
	Period    time.Duration
}

// Series is a metric's values, one per period, starting at the period that holds From.
type Series struct {
	Times  []time.Time
	Values []float64
	Unit   string
}

// Series computes a metric the way CloudWatch would report it.
func (e *Estate) Series(q SeriesQuery) (Series, error) {
	r, ok := e.Resource(q.Kind, q.Name)
	if !ok {
		return Series{}, fmt.Errorf("no %s resource named %q", q.Kind, q.Name)
	}
	spec, err := Metric(q.Kind, q.Metric)
	if err != nil {
		return Series{}, err
	}
	stat, err := ParseStatistic(q.Statistic)
	if err != nil {
		return Series{}, err
	}
	if err := spec.CheckStatistic(stat); err != nil {
		return Series{}, err
	}
	periodMinutes, points, err := buckets(q.From, q.To, q.Period)
	if err != nil {
		return Series{}, err
	}
	first := q.From.Truncate(q.Period).Unix() / 60
	s := Series{Times: make([]time.Time, points), Values: make([]float64, points), Unit: spec.Unit}
	for i := range points {
		start := first + int64(i)*periodMinutes
		s.Times[i] = time.Unix(start*60, 0).UTC()
		s.Values[i] = lambdaStatistic(r, spec.Name, stat, start, periodMinutes)
	}
	return s, nil
}

func buckets(from, to time.Time, period time.Duration) (periodMinutes int64, points int, err error) {
	if !from.Before(to) {
		return 0, 0, errors.New("time range is empty or reversed")
	}
	if period < time.Minute || period%time.Minute != 0 {
		return 0, 0, fmt.Errorf("period %s is not a positive multiple of 60 seconds", period)
	}
	periodMinutes = int64(period / time.Minute)
	start := from.Truncate(period)
	n := int64(to.Sub(start)+period-1) / int64(period)
	if n > MaxDatapoints {
		return 0, 0, fmt.Errorf("%d datapoints at period %s is more than CloudWatch's %d; choose a longer period or a shorter range", n, period, MaxDatapoints)
	}
	return periodMinutes, int(n), nil
}

// lambdaStatistic aggregates the minutes of one period into one statistic.
func lambdaStatistic(r Resource, metric string, stat Statistic, firstMinute, minutes int64) float64 {
	var sum, samples, minimum, maximum float64
	var logMedianWeighted float64
	minimum = math.Inf(1)
	for m := firstMinute; m < firstMinute+minutes; m++ {
		lm := simulateLambda(r, m)
		switch metric {
		case "Invocations", "Errors", "Throttles":
			// Lambda publishes these as one sample per call, 1 when it counts and 0 otherwise.
			value, count := counter(metric, lm)
			sum += value
			samples += count
			if count > 0 {
				minimum = math.Min(minimum, boolValue(value == count))
				maximum = math.Max(maximum, boolValue(value > 0))
			}
		case "ConcurrentExecutions":
			sum += lm.concurrency
			samples++
			minimum = math.Min(minimum, lm.concurrency)
			maximum = math.Max(maximum, lm.concurrency)
		case "Duration":
			samples += lm.invocations
			logMedianWeighted += lm.invocations * math.Log(lm.medianMs)
			mean := lm.medianMs * math.Exp(lm.sigma*lm.sigma/2)
			sum += lm.invocations * mean
			if lm.invocations > 0 {
				minimum = math.Min(minimum, lm.medianMs*math.Exp(-3*lm.sigma))
				maximum = math.Max(maximum, math.Min(lm.medianMs*math.Exp(3.1*lm.sigma), float64(r.TimeoutSeconds)*1000))
			}
		}
	}
	if samples == 0 {
		return 0
	}
	switch stat.kind {
	case statSum:
		return sum
	case statSampleCount:
		return samples
	case statAverage:
		return sum / samples
	case statMinimum:
		return minimum
	case statMaximum:
		return maximum
	}
	// Percentiles of the period's mixed distribution, approximated by one lognormal around the
	// invocation-weighted median.
	median := math.Exp(logMedianWeighted / samples)
	timeout := float64(r.TimeoutSeconds) * 1000
	if stat.kind == statPercentile {
		return math.Min(median*math.Exp(durationSigma*normalQuantile(stat.Percentile/100)), timeout)
	}
	return 100 * (lognormalCDF(stat.RankUpper, median) - lognormalCDF(stat.RankLower, median))
}

func counter(metric string, lm lambdaMinute) (value, samples float64) {
	switch metric {
	case "Errors":
		return lm.errors, lm.invocations
	case "Throttles":
		return lm.throttles, lm.throttles
	default:
		return lm.invocations, lm.invocations
	}
}

func lognormalCDF(x, median float64) float64 {
	if x <= 0 {
		return 0
	}
	return 0.5 * math.Erfc(-math.Log(x/median)/(durationSigma*math.Sqrt2))
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
