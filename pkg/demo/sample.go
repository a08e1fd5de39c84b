package demo

import (
	"math"

	"github.com/seed/serverless/pkg/model"
)

// sample is one minute of one metric as CloudWatch would have received it: the sum and number of
// the values published and their extremes. Distributions (durations, latencies) also keep their
// shape: a lognormal around median for the values that finished, plus atCeiling values that hit
// the ceiling (a timeout) exactly.
type sample struct {
	sum, count, min, max float64
	median, ceiling      float64
	atCeiling            float64
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

// Extremes of a minute's lognormal values, in standard deviations, before jitter: the maximum is
// never below p99.9 (so it stays above every percentile a period reports) and the minimum
// never above p0.1.
const (
	minimumSigmas = -3.1
	maximumSigmas = 3.1
	extremeJitter = 0.7
)

// distributionSample is count values: atCeiling of them exactly at ceiling, the rest lognormal
// around median and capped at ceiling (0 means no ceiling).
func distributionSample(count, atCeiling, median, ceiling float64) sample {
	if count == 0 {
		return sample{}
	}
	if ceiling == 0 {
		ceiling = math.Inf(1)
	}
	median = min(median, ceiling)
	s := sample{count: count, median: median, ceiling: ceiling, atCeiling: atCeiling}
	s.sum = (count-atCeiling)*lognormalMean(median, ceiling) + atCeiling*ceiling
	// The extremes wander from minute to minute; hashing the minute's own shape keeps that
	// deterministic without threading the minute through.
	jitter := mix(math.Float64bits(count) ^ math.Float64bits(median)*0x9e3779b97f4a7c15)
	s.min = min(median*math.Exp((minimumSigmas-extremeJitter*uniform21(jitter, 0))*durationSigma), ceiling)
	s.max = min(median*math.Exp((maximumSigmas+extremeJitter*uniform21(jitter, 1))*durationSigma), ceiling)
	if atCeiling == count {
		s.min = ceiling
	}
	if atCeiling > 0 {
		s.max = ceiling
	}
	return s
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
		a.min, a.max, a.ceiling = s.min, s.max, s.ceiling
	}
	a.sum += s.sum
	a.count += s.count
	a.min = min(a.min, s.min)
	a.max = max(a.max, s.max)
	if s.median > 0 {
		a.logMedianWeighted += (s.count - s.atCeiling) * math.Log(s.median)
		a.atCeiling += s.atCeiling
		a.ceiling = max(a.ceiling, s.ceiling)
	}
}

// value computes a statistic of the period; a period without data is 0, as a dashboard expects
// for counts (CloudWatch would leave a gap).
func (a *aggregate) value(stat model.Statistic) float64 {
	if a.count == 0 {
		return 0
	}
	switch stat.Kind {
	case model.StatSum:
		return a.sum
	case model.StatSampleCount:
		return a.count
	case model.StatAverage:
		return a.sum / a.count
	case model.StatMinimum:
		return a.min
	case model.StatMaximum:
		return a.max
	}
	d := a.durations()
	if stat.Kind == model.StatPercentile {
		return d.quantile(stat.Percentile / 100)
	}
	return 100 * (d.cdf(stat.RankUpper) - d.cdf(stat.RankLower))
}

// durations is the period's mixed distribution, approximated by one lognormal around the
// count-weighted geometric mean of the minutes' medians, plus the values at the ceiling.
func (a *aggregate) durations() durationDistribution {
	finished := a.count - a.atCeiling
	d := durationDistribution{ceiling: a.ceiling, ceilingShare: a.atCeiling / a.count}
	if finished > 0 {
		d.median = math.Exp(a.logMedianWeighted / finished)
	}
	return d
}

// durationDistribution is a lognormal around median, capped at ceiling, with ceilingShare of
// all values exactly at the ceiling. Percentiles come from it in closed form.
type durationDistribution struct {
	median, ceiling, ceilingShare float64
}

func (d durationDistribution) quantile(p float64) float64 {
	if p >= 1-d.ceilingShare {
		return d.ceiling
	}
	return min(d.median*math.Exp(durationSigma*normalQuantile(p/(1-d.ceilingShare))), d.ceiling)
}

// cdf is the share of values at or below x.
func (d durationDistribution) cdf(x float64) float64 {
	switch {
	case x <= 0:
		return 0
	case x >= d.ceiling:
		return 1
	}
	return (1 - d.ceilingShare) * 0.5 * math.Erfc(-math.Log(x/d.median)/(durationSigma*math.Sqrt2))
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
