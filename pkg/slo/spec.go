package slo

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Template is a serverless SLI template.
type Template string

const (
	// FunctionAvailability: good = Invocations − Errors, total = Invocations + Throttles.
	FunctionAvailability Template = "functionAvailability"
	// APIAvailability: good = Count − 5XX, total = Count.
	APIAvailability Template = "apiAvailability"
	// Latency: good = requests at or under the threshold (ms), from PR(:threshold).
	Latency Template = "latency"
	// QueueFreshness: good = minutes whose oldest message is at or under the threshold (s).
	QueueFreshness Template = "queueFreshness"
)

var templates = []Template{FunctionAvailability, APIAvailability, Latency, QueueFreshness}

// SLI says what is measured.
type SLI struct {
	Template  Template `json:"template"`
	Resources []string `json:"resources"`
	Threshold float64  `json:"threshold,omitempty"`
}

// Window is a rolling window ("30d") or a calendar one ("week", "month").
type Window struct {
	Rolling  string `json:"rolling,omitempty"`
	Calendar string `json:"calendar,omitempty"`
}

// Exclusion is a time range removed from good and total, such as planned maintenance.
type Exclusion struct {
	Start  string `json:"start"`
	End    string `json:"end"`
	Reason string `json:"reason,omitempty"`
}

// Spec is an SLO as src/slo/spec.ts defines it.
type Spec struct {
	Name        string            `json:"name"`
	Service     string            `json:"service"`
	Description string            `json:"description,omitempty"`
	SLI         SLI               `json:"sli"`
	Objective   float64           `json:"objective"`
	Window      Window            `json:"window"`
	Budgeting   string            `json:"budgeting,omitempty"`
	Exclusions  []Exclusion       `json:"exclusions,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
	Alerting    struct {
		MinEvents  *float64 `json:"minEvents,omitempty"`
		RunbookURL string   `json:"runbookUrl,omitempty"`
	} `json:"alerting"`
}

// SpecError names the field of a spec that is wrong.
type SpecError struct {
	Field, Message string
}

func (e *SpecError) Error() string { return e.Field + ": " + e.Message }

var (
	namePattern     = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	durationPattern = regexp.MustCompile(`^(\d+)(m|h|d)$`)
)

// ParseDuration reads durations as specs write them: 5m, 6h, 28d.
func ParseDuration(text string) (time.Duration, bool) {
	m := durationPattern.FindStringSubmatch(text)
	if m == nil {
		return 0, false
	}
	n, _ := strconv.Atoi(m[1])
	unit := map[string]time.Duration{"m": time.Minute, "h": time.Hour, "d": 24 * time.Hour}[m[2]]
	return time.Duration(n) * unit, true
}

// Start is where the budget that holds at begins: the window's length before at, or, for a
// calendar window, the start of at's week (Monday) or month, UTC: the budget starts afresh then.
func (w Window) Start(at time.Time) time.Time {
	at = at.UTC()
	day := time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.UTC)
	switch w.Calendar {
	case "week":
		return day.AddDate(0, 0, -(int(day.Weekday())+6)%7)
	case "month":
		return day.AddDate(0, 0, 1-day.Day())
	}
	length, _ := w.Length()
	return at.Add(-length)
}

// Budgeted is how long the budget that holds at lasts: the window's length, or the length of
// at's calendar week or month. A burn rate of 1 spends the budget in exactly that time.
func (w Window) Budgeted(at time.Time) time.Duration {
	start := w.Start(at)
	switch w.Calendar {
	case "week":
		return 7 * 24 * time.Hour
	case "month":
		return start.AddDate(0, 1, 0).Sub(start)
	}
	return at.Sub(start)
}

// Length is the window's length; calendar windows count at their longest (a 31-day month).
func (w Window) Length() (time.Duration, bool) {
	if w.Rolling != "" {
		return ParseDuration(w.Rolling)
	}
	days, ok := map[string]int{"week": 7, "month": 31}[w.Calendar]
	return time.Duration(days) * 24 * time.Hour, ok
}

// Validate returns a *SpecError naming the first field that is wrong, in the order the TypeScript
// validation checks them.
func (s Spec) Validate() error {
	fail := func(field, format string, args ...any) error {
		return &SpecError{Field: field, Message: fmt.Sprintf(format, args...)}
	}
	if !namePattern.MatchString(s.Name) {
		return fail("name", "%q must be lower-case letters, digits and dashes (a DNS label)", s.Name)
	}
	if s.Service == "" {
		return fail("service", "is required")
	}
	if !slices.Contains(templates, s.SLI.Template) {
		return fail("sli.template", "%q is not one of functionAvailability, apiAvailability, latency, queueFreshness", s.SLI.Template)
	}
	if len(s.SLI.Resources) == 0 || slices.ContainsFunc(s.SLI.Resources, func(r string) bool { return r == "" || strings.Contains(r, "$") }) {
		return fail("sli.resources", "needs at least one resource name, without $variables")
	}
	if (s.SLI.Template == Latency || s.SLI.Template == QueueFreshness) && s.SLI.Threshold <= 0 {
		return fail("sli.threshold", "a %s SLI needs a positive threshold", s.SLI.Template)
	}
	if !(s.Objective > 0 && s.Objective < 100) {
		return fail("objective", "%v must be a percentage strictly between 0 and 100", s.Objective)
	}
	length, ok := s.Window.Length()
	if !ok {
		return fail("window", `must be { rolling: "<n>m|h|d" } or { calendar: "week" | "month" }`)
	}
	if longest := Tiers[len(Tiers)-1].LongWindow; length < longest {
		return fail("window", "%s is shorter than the longest alert window, %s", formatDuration(length), formatDuration(longest))
	}
	if s.Budgeting != "" && s.Budgeting != "occurrences" && s.Budgeting != "timeslices" {
		return fail("budgeting", "%q is not occurrences or timeslices", s.Budgeting)
	}
	for i, e := range s.Exclusions {
		start, err1 := time.Parse(time.RFC3339, e.Start)
		end, err2 := time.Parse(time.RFC3339, e.End)
		if err1 != nil || err2 != nil || !start.Before(end) {
			return fail(fmt.Sprintf("exclusions[%d]", i), "needs an ISO start before its ISO end")
		}
	}
	if m := s.Alerting.MinEvents; m != nil && (*m < 0 || *m != float64(int64(*m))) {
		return fail("alerting.minEvents", "%v must be a whole number of events, 0 or more", *m)
	}
	return nil
}
