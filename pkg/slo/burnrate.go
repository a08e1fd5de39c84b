// Package slo is the SLO arithmetic on event counts: burn rates, budget left, time to exhaustion
// and the burn-rate alert tiers. src/slo holds the same in TypeScript; testdata/slo/vectors.json
// keeps the two in step.
package slo

import (
	"fmt"
	"math"
	"time"
)

// Tier is one multi-window burn-rate alert: it may spend BudgetShare of the whole budget within
// LongWindow. Its threshold derives from that share, so it is right for any SLO window.
type Tier struct {
	Severity    string
	BudgetShare float64
	LongWindow  time.Duration
}

// Tiers are the page and ticket tiers of the multi-window, multi-burn-rate method.
var Tiers = []Tier{
	{Severity: "page", BudgetShare: 0.02, LongWindow: time.Hour},
	{Severity: "page", BudgetShare: 0.05, LongWindow: 6 * time.Hour},
	{Severity: "ticket", BudgetShare: 0.10, LongWindow: 24 * time.Hour},
	{Severity: "ticket", BudgetShare: 0.10, LongWindow: 72 * time.Hour},
}

// shortWindowRatio makes the short window, which confirms the burn is still going on, a twelfth
// of the long one.
const shortWindowRatio = 12

// Alert is a tier applied to one SLO window.
type Alert struct {
	Severity    string  `json:"severity"`
	Threshold   float64 `json:"threshold"`
	LongWindow  string  `json:"longWindow"`
	ShortWindow string  `json:"shortWindow"`
}

// BurnRateAlerts returns the alert tiers of an SLO whose window lasts window.
func BurnRateAlerts(window time.Duration) []Alert {
	alerts := make([]Alert, len(Tiers))
	for i, t := range Tiers {
		alerts[i] = Alert{
			Severity:    t.Severity,
			Threshold:   math.Round(t.BudgetShare*float64(window)/float64(t.LongWindow)*1000) / 1000,
			LongWindow:  formatDuration(t.LongWindow),
			ShortWindow: formatDuration(t.LongWindow / shortWindowRatio),
		}
	}
	return alerts
}

// BurnRate is how fast the budget burns: 1 spends exactly the budget over the SLO window.
func BurnRate(good, total, objective float64) float64 {
	if total <= 0 {
		return 0
	}
	return (1 - good/total) / (1 - objective)
}

// BudgetRemaining is the share of the budget left after these events; negative once overspent.
func BudgetRemaining(good, total, objective float64) float64 {
	return 1 - BurnRate(good, total, objective)
}

// TimeToExhaustion is how long the budget lasts at burnRate; +Inf hours when it is not burning.
func TimeToExhaustion(remaining, burnRate float64, window time.Duration) (hours float64) {
	switch {
	case remaining <= 0:
		return 0
	case burnRate <= 0:
		return math.Inf(1)
	}
	return remaining * window.Hours() / burnRate
}

func formatDuration(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	default:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
}

// MeetsObjective says whether good of total events meet objective (a fraction), allowing for
// floating point: 999 of 1000 meet 99.9 %, though 999/1000 < 0.999 in binary.
func MeetsObjective(good, total, objective float64) bool {
	return good/total >= objective-1e-12
}
