package model

import "math"

// Health is a function's state at a glance.
type Health string

const (
	HealthOK       Health = "ok"
	HealthWarning  Health = "warning"
	HealthCritical Health = "critical"
)

// Lambda pricing (us-east-1, x86): per GB-second of billed duration and per million requests.
const (
	pricePerGBSecond     = 0.0000166667
	pricePerMillionCalls = 0.20
)

// Health thresholds: error rate in percent, p99 duration as a share of the timeout.
const (
	warningErrorPercent  = 1.0
	criticalErrorPercent = 5.0
	warningTimeoutShare  = 0.7
	criticalTimeoutShare = 0.9
)

// FunctionSummary is one function's row in the inventory.
type FunctionSummary struct {
	Function    Resource
	Invocations float64
	Errors      float64
	Throttles   float64
	// Timeouts are the errors that ran until the function's timeout.
	Timeouts         float64
	ErrorRate        float64 // percent of invocations
	DurationP50      float64 // milliseconds
	DurationP95      float64
	DurationP99      float64
	MaxConcurrency   float64
	ColdStarts       float64
	ColdStartRate    float64 // percent of invocations
	BilledDurationMs float64
	MaxMemoryUsedMB  float64
	EstimatedCostUSD float64
	Health           Health
	// InvocationsTrend and ErrorsTrend split the range into TrendPoints equal parts, for sparklines.
	InvocationsTrend []float64
	ErrorsTrend      []float64
}

// TrendPoints is how many points a sparkline of the inventory has.
const TrendPoints = 24

// TrendPartStart is the first offset of a range of length that TrendPoint puts in part p.
func TrendPartStart(p int, length int64) int64 {
	return (int64(p)*length + TrendPoints - 1) / TrendPoints
}

// TrendPoint is which of the TrendPoints parts of a range of length minutes (or any unit) the one
// at offset falls in.
func TrendPoint(offset, length int64) int {
	return int(offset * TrendPoints / length)
}

// Derive fills the columns that follow from a summary's measured ones (its function, counts and
// duration percentiles) and from the calls' total duration: error rate, billed duration, cost and
// health. Demo and AWS mode share it, so the same measurements make the same row.
func (s *FunctionSummary) Derive(durationSumMs float64) {
	if s.Invocations == 0 {
		s.Health = HealthOK
		return
	}
	s.ErrorRate = 100 * s.Errors / s.Invocations
	// Billing rounds every call up to the next millisecond: half a millisecond on average.
	s.BilledDurationMs = math.Round(durationSumMs + s.Invocations/2)
	gbSeconds := s.BilledDurationMs / millisecondsPerSecond * float64(s.Function.MemoryMB) / 1024
	s.EstimatedCostUSD = gbSeconds*pricePerGBSecond + s.Invocations/1e6*pricePerMillionCalls
	s.Health = health(*s, float64(s.Function.TimeoutSeconds)*millisecondsPerSecond)
}

func health(s FunctionSummary, timeoutMs float64) Health {
	switch {
	case s.ErrorRate >= criticalErrorPercent || s.DurationP99 >= criticalTimeoutShare*timeoutMs:
		return HealthCritical
	case s.ErrorRate >= warningErrorPercent || s.Throttles > 0 || s.DurationP99 >= warningTimeoutShare*timeoutMs:
		return HealthWarning
	default:
		return HealthOK
	}
}

const millisecondsPerSecond = 1000

// NodeHealth is a service map node's health from its error percentage.
func NodeHealth(errorRate float64) Health {
	switch {
	case errorRate >= criticalErrorPercent:
		return HealthCritical
	case errorRate >= warningErrorPercent:
		return HealthWarning
	}
	return HealthOK
}
