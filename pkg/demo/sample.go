package demo

import "math"

// sample is one minute of one metric as CloudWatch would have received it: the sum and number of
// the values published, their extremes and, for distributions such as Duration, their median.
type sample struct {
	sum, count, min, max float64
	// median and ceiling describe a lognormal distribution of the values (durations, latencies),
	// cut off at ceiling (a timeout) when it is set.
	median, ceiling float64
}

// counterSample is a metric published as one value per event: value events out of count
// (Errors out of Invocations), each 1 or 0.
func counterSample(value, count float64) sample {
	if count == 0 {
		return sample{}
	}
	return sample{sum: value, count: count, min: boolValue(value == count), max: boolValue(value > 0)}
}

// gaugeSample is a metric published once a minute (ConcurrentExecutions, queue depth).
func gaugeSample(v float64) sample {
	return sample{sum: v, count: 1, min: v, max: v}
}

// distributionSample is count values drawn from a lognormal around median, capped at ceiling.
func distributionSample(count, median, ceiling float64) sample {
	if count == 0 {
		return sample{}
	}
	if ceiling > 0 {
		median = min(median, ceiling)
	}
	s := sample{count: count, median: median, ceiling: ceiling}
	s.sum = count * s.capped(median*meanOverMedian)
	s.min = median * math.Exp(-3*durationSigma)
	s.max = s.capped(median * math.Exp(3.1*durationSigma))
	return s
}

func (s sample) capped(v float64) float64 {
	if s.ceiling > 0 {
		return min(v, s.ceiling)
	}
	return v
}

// aggregate folds the minutes of one period together.
type aggregate struct {
	sample
	logMedianWeighted float64
}

func (a *aggregate) add(s sample) {
	if s.count == 0 {
		return
	}
	if a.count == 0 {
		a.min, a.max = s.min, s.max
	}
	a.sum += s.sum
	a.count += s.count
	a.min = min(a.min, s.min)
	a.max = max(a.max, s.max)
	if s.median > 0 {
		a.logMedianWeighted += s.count * math.Log(s.median)
		a.ceiling = max(a.ceiling, s.ceiling)
	}
}

// value computes a statistic of the period; a period without data is 0, as a dashboard expects
// for counts (CloudWatch would leave a gap).
func (a *aggregate) value(stat Statistic) float64 {
	if a.count == 0 {
		return 0
	}
	switch stat.kind {
	case statSum:
		return a.sum
	case statSampleCount:
		return a.count
	case statAverage:
		return a.sum / a.count
	case statMinimum:
		return a.min
	case statMaximum:
		return a.max
	}
	// Percentiles of the period's mixed distribution, approximated by one lognormal around the
	// count-weighted median.
	median := math.Exp(a.logMedianWeighted / a.count)
	if stat.kind == statPercentile {
		return a.capped(median * math.Exp(durationSigma*normalQuantile(stat.Percentile/100)))
	}
	return 100 * (a.cdf(stat.RankUpper, median) - a.cdf(stat.RankLower, median))
}

// cdf is the share of values at or below x; nothing exceeds the ceiling.
func (a *aggregate) cdf(x, median float64) float64 {
	if x <= 0 {
		return 0
	}
	if a.ceiling > 0 && x >= a.ceiling {
		return 1
	}
	return 0.5 * math.Erfc(-math.Log(x/median)/(durationSigma*math.Sqrt2))
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
