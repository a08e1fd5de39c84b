package query

import (
	"errors"
	"fmt"
	"regexp/syntax"
	"strconv"
	"time"
)

// Limits on a query's string fields, in characters. A value over its limit is refused by field
// name before anything else reads it, so no error message, frame or log repeats a huge input.
const (
	// MaxNames is how many names one query may list; MaxNameLength bounds each (CloudWatch
	// dimension values of the resources here are far shorter).
	MaxNames      = 1000
	MaxNameLength = 256
	// MaxLabelLength bounds label, the series' display name.
	MaxLabelLength = 256
	// MaxRefLength bounds slo and upstreamOf, which name one SLO or one function.
	MaxRefLength = 256
	// MaxSearchLength bounds a log search, text or /regex/.
	MaxSearchLength = 1024
	// MaxInsightsLength bounds a Logs Insights query.
	MaxInsightsLength = 4096
	// MaxPatternLength bounds pattern, a regular expression over names.
	MaxPatternLength = 4096
	// MaxWordLength bounds the fields that hold one word from a short list or grammar: queryType,
	// resourceKind, metric, statistic, region, runtime, preset, variable, baseline, output and
	// burnWindow.
	MaxWordLength = 64
)

// MaxPeriodSeconds is MaxPeriod in whole seconds, the largest period a query may name.
var MaxPeriodSeconds = int64(MaxPeriod / time.Second)

// excerptLength is how much of a user's text an error message quotes.
const excerptLength = 64

// Excerpt quotes user text for an error message: the text as Go quotes it, cut after its first 64
// characters with "…", so a message never repeats a whole long input.
func Excerpt(s string) string { return strconv.Quote(clip(s)) }

// clip is at most the first 64 characters of s, with "…" when it cuts.
func clip(s string) string {
	n := 0
	for i := range s {
		if n == excerptLength {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// checkLengths refuses the first string field over its limit, by name, with the limit.
func checkLengths(kind string, m Model) error {
	if len(m.Names) > MaxNames {
		return fmt.Errorf("names lists %d names; the limit is %d", len(m.Names), MaxNames)
	}
	for i, name := range m.Names {
		if err := checkLength(fmt.Sprintf("names[%d]", i), name, MaxNameLength); err != nil {
			return err
		}
	}
	fields := []struct {
		name, value string
		limit       int
	}{
		{"queryType", kind, MaxWordLength},
		{"resourceKind", m.ResourceKind, MaxWordLength},
		{"metric", m.Metric, MaxWordLength},
		{"statistic", m.Statistic, MaxWordLength},
		{"region", m.Region, MaxWordLength},
		{"runtime", m.Runtime, MaxWordLength},
		{"preset", string(m.Preset), MaxWordLength},
		{"variable", string(m.Variable), MaxWordLength},
		{"baseline", string(m.Baseline), MaxWordLength},
		{"output", string(m.Output), MaxWordLength},
		{"burnWindow", m.BurnWindow, MaxWordLength},
		{"label", m.Label, MaxLabelLength},
		{"slo", m.SLO, MaxRefLength},
		{"upstreamOf", m.UpstreamOf, MaxRefLength},
		{"pattern", m.Pattern, MaxPatternLength},
		{"search", m.Search, MaxSearchLength},
		{"insights", m.Insights, MaxInsightsLength},
	}
	for _, f := range fields {
		if err := checkLength(f.name, f.value, f.limit); err != nil {
			return err
		}
	}
	return nil
}

func checkLength(field, value string, limit int) error {
	// Counting stops at the limit: a megabyte of text costs no more than the limit to refuse.
	if len(value) <= limit {
		return nil
	}
	n := 0
	for range value {
		if n++; n > limit {
			return fmt.Errorf("%s is longer than %d characters (it starts %s)", field, limit, Excerpt(value))
		}
	}
	return nil
}

// checkPeriod refuses a period that is negative, not whole minutes or over MaxPeriod, comparing
// seconds with seconds so that no multiplication can overflow.
func checkPeriod(p int64) error {
	if p < 0 || p%60 != 0 || p > MaxPeriodSeconds {
		return periodError(strconv.FormatInt(p, 10))
	}
	return nil
}

func periodError(got string) error {
	return fmt.Errorf("period must be 0 (auto) or a multiple of 60 seconds up to %d, got %s", MaxPeriodSeconds, got)
}

// regexError is a regular expression's compile error with at most an excerpt of the expression.
func regexError(err error) error {
	var se *syntax.Error
	if errors.As(err, &se) {
		return fmt.Errorf("%s: %s", se.Code, Excerpt(se.Expr))
	}
	return err
}
