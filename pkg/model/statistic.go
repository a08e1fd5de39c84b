package model

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
)

// Statistic is a parsed CloudWatch statistic: a plain one, a percentile (p99, p99.9) or a
// percentile rank (PR(:1000) is the percent of samples at or below 1000, PR(100:) the percent
// above 100).
type Statistic struct {
	Name string
	// Percentile is in (0, 100) for pNN.
	Percentile float64
	// RankLower and RankUpper bound PR(a:b); a missing lower bound is 0, a missing upper +Inf.
	RankLower, RankUpper float64
	Kind                 StatisticKind
}

// StatisticKind says how a statistic reduces a period's samples.
type StatisticKind int

const (
	StatSum StatisticKind = iota
	StatAverage
	StatMinimum
	StatMaximum
	StatSampleCount
	StatPercentile
	StatPercentileRank
)

var (
	plainStatistics = map[string]StatisticKind{
		"Sum": StatSum, "Average": StatAverage, "Minimum": StatMinimum, "Maximum": StatMaximum, "SampleCount": StatSampleCount,
	}
	percentilePattern = regexp.MustCompile(`^p(\d{1,2}(\.\d{1,2})?)$`)
	rankPattern       = regexp.MustCompile(`^PR\((\d+(\.\d+)?)?:(\d+(\.\d+)?)?\)$`)
)

// ParseStatistic reads a statistic as CloudWatch spells it.
func ParseStatistic(s string) (Statistic, error) {
	if kind, ok := plainStatistics[s]; ok {
		return Statistic{Name: s, Kind: kind}, nil
	}
	if m := percentilePattern.FindStringSubmatch(s); m != nil {
		p, _ := strconv.ParseFloat(m[1], 64)
		if p <= 0 || p >= 100 {
			return Statistic{}, fmt.Errorf("statistic %q: a percentile must be between p0 and p100 exclusive", s)
		}
		return Statistic{Name: s, Percentile: p, Kind: StatPercentile}, nil
	}
	if m := rankPattern.FindStringSubmatch(s); m != nil {
		if m[1] == "" && m[3] == "" {
			return Statistic{}, fmt.Errorf("statistic %q: a percentile rank needs a lower or an upper bound, as in PR(:1000) or PR(100:)", s)
		}
		lower, upper := 0.0, math.Inf(1)
		if m[1] != "" {
			lower, _ = strconv.ParseFloat(m[1], 64)
		}
		if m[3] != "" {
			upper, _ = strconv.ParseFloat(m[3], 64)
		}
		if lower >= upper {
			return Statistic{}, fmt.Errorf("statistic %q: the lower bound must be below the upper bound", s)
		}
		return Statistic{Name: s, RankLower: lower, RankUpper: upper, Kind: StatPercentileRank}, nil
	}
	return Statistic{}, fmt.Errorf("statistic %q is not one of Sum, Average, Minimum, Maximum, SampleCount, pNN or PR(a:b)", s)
}

// DistributionOnly says whether the statistic needs per-sample values, which only duration-like
// metrics have.
func (s Statistic) DistributionOnly() bool {
	return s.Kind == StatPercentile || s.Kind == StatPercentileRank
}
