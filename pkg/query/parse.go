package query

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/slo"
)

const (
	// MaxRange is the longest time range a query may cover: CloudWatch keeps metrics for 15 months.
	MaxRange = 455 * 24 * time.Hour
	// MaxPeriod is the longest bucket a metrics query may ask for.
	MaxPeriod = 7 * 24 * time.Hour
	// MaxInventoryRange bounds the inventory, which reads every minute of every function.
	MaxInventoryRange = 31 * 24 * time.Hour
	// MaxLogsRange bounds a logs query, as a Logs Insights query should be.
	MaxLogsRange = 7 * 24 * time.Hour
	// DefaultLogLimit is how many lines a logs query returns when it names no limit.
	DefaultLogLimit = 1000
)

// Parse reads one query sent by Grafana. Every error names the field that is wrong.
func Parse(dq backend.DataQuery) (Query, error) {
	var model Model
	if len(bytes.TrimSpace(dq.JSON)) > 0 {
		if err := json.Unmarshal(dq.JSON, &model); err != nil {
			var typeErr *json.UnmarshalTypeError
			if errors.As(err, &typeErr) && typeErr.Field == "period" {
				// A fraction, a string, or a number past int64: the same message as any bad period.
				return Query{}, periodError(strings.TrimPrefix(typeErr.Value, "number "))
			}
			return Query{}, fmt.Errorf("query is not valid JSON: %w", err)
		}
	}
	model.Region = withoutWildcard(model.Region)
	model.Runtime = withoutWildcard(model.Runtime)
	kind := Kind(dq.QueryType)
	if kind == "" {
		kind = Kind(model.QueryType)
	}
	if kind == "" {
		kind = KindMetrics
	}
	if err := checkLengths(string(kind), model); err != nil {
		return Query{}, err
	}
	if !slices.Contains(Kinds, kind) {
		return Query{}, fmt.Errorf("queryType %s is not supported; use one of %s", Excerpt(string(kind)), joined(Kinds))
	}
	// Every kind that reads a period (metrics, topology, slo) reads it through EffectivePeriod.
	if err := checkPeriod(model.PeriodSeconds); err != nil {
		return Query{}, err
	}
	if err := checkRange(dq.TimeRange, MaxRange); err != nil {
		return Query{}, err
	}
	q := Query{
		RefID:         dq.RefID,
		Kind:          kind,
		From:          dq.TimeRange.From.UTC(),
		To:            dq.TimeRange.To.UTC(),
		Model:         model,
		MaxDataPoints: dq.MaxDataPoints,
		Interval:      dq.Interval,
	}
	var err error
	if q.NamePattern, err = compilePattern(model.Pattern); err != nil {
		return Query{}, err
	}
	switch kind {
	case KindMetrics:
		err = q.validateMetrics()
	case KindInventory:
		err = checkRange(dq.TimeRange, MaxInventoryRange)
	case KindAnnotations:
		if model.Preset != PresetNone && model.Preset != PresetColdStarts {
			err = fmt.Errorf("preset %s is not an annotation; use %q or none for deployments", Excerpt(string(model.Preset)), PresetColdStarts)
		} else if model.Preset == PresetColdStarts {
			err = checkRange(dq.TimeRange, MaxLogsRange)
		}
	case KindLogs:
		err = q.validateLogs(dq.TimeRange)
	case KindSLO:
		err = q.validateSLO()
	case KindVariable:
		if !slices.Contains(Variables, model.Variable) {
			err = fmt.Errorf("variable %s is not supported; use one of %s", Excerpt(string(model.Variable)), joined(Variables))
		}
	}
	return q, err
}

// AllValue is what a Region or Runtime variable sends for "All", CloudWatch's wildcard: no filter.
const AllValue = "*"

func withoutWildcard(filter string) string {
	if filter == AllValue {
		return ""
	}
	return filter
}

func checkRange(r backend.TimeRange, longest time.Duration) error {
	if r.From.IsZero() || r.To.IsZero() {
		return errors.New("time range is missing: both from and to are required")
	}
	if !r.From.Before(r.To) {
		return fmt.Errorf("time range is empty or reversed: from %s is not before to %s",
			r.From.UTC().Format(time.RFC3339), r.To.UTC().Format(time.RFC3339))
	}
	if r.Duration() > longest {
		return fmt.Errorf("time range of %s is longer than the %d days this query can cover",
			r.Duration().Round(time.Hour), int(longest.Hours()/24))
	}
	return nil
}

func compilePattern(pattern string) (*regexp.Regexp, error) {
	if pattern == "" {
		return nil, nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, fmt.Errorf("pattern %s is not a valid regular expression: %w", Excerpt(pattern), regexError(err))
	}
	return re, nil
}

func (q *Query) validateMetrics() error {
	if q.ResourceKind == "" {
		return errors.New("resourceKind is required, for example lambda")
	}
	if q.Metric == "" {
		return errors.New("metric is required, for example Invocations")
	}
	if q.Statistic == "" {
		return errors.New("statistic is required, for example Sum")
	}
	spec, err := model.Metric(model.ResourceKind(q.ResourceKind), q.Metric)
	if err != nil {
		return err
	}
	stat, err := model.ParseStatistic(q.Statistic)
	if err != nil {
		return err
	}
	if err := spec.CheckStatistic(stat); err != nil {
		return err
	}
	if _, ok := BaselineShift[q.Baseline]; q.Baseline != BaselineNone && !ok {
		return fmt.Errorf("baseline %s is not supported; use %q or none", Excerpt(string(q.Baseline)), BaselineLastWeek)
	}
	if q.OfTimeout && (q.ResourceKind != string(model.KindLambda) || q.Metric != "Duration") {
		return errors.New("ofTimeout applies to the Duration of lambda functions only")
	}
	if q.OfTimeout && q.Baseline != BaselineNone {
		return errors.New("ofTimeout and baseline cannot be combined: both change what the values mean")
	}
	return nil
}

// MaxBurnWindow is the longest window a burn rate can be measured over.
const MaxBurnWindow = 31 * 24 * time.Hour

func (q *Query) validateSLO() error {
	if q.Output == "" {
		q.Output = OutputSLI
	}
	if q.SLO == "" && q.Output != OutputSummary {
		return errors.New("slo is required: the name of one of the data source's SLOs")
	}
	if !slices.Contains(SLOOutputs, q.Output) {
		return fmt.Errorf("output %s is not supported; use one of %s", Excerpt(string(q.Output)), joined(SLOOutputs))
	}
	if q.BurnWindow == "" {
		q.BurnWindow = "1h"
	}
	length, ok := slo.ParseDuration(q.BurnWindow)
	if !ok || length < time.Minute || length > MaxBurnWindow {
		return fmt.Errorf("burnWindow %s must be a duration such as 5m, 1h or 3d, from 1m to 31d", Excerpt(q.BurnWindow))
	}
	q.BurnWindowLength = length
	return nil
}

func (q *Query) validateLogs(r backend.TimeRange) error {
	if err := checkRange(r, MaxLogsRange); err != nil {
		return err
	}
	if q.Preset != PresetNone && !slices.Contains(LogPresets, q.Preset) {
		return fmt.Errorf("preset %s is not supported; use one of %s", Excerpt(string(q.Preset)), joined(LogPresets))
	}
	insights, err := ParseInsights(q.Insights)
	if err != nil {
		return err
	}
	if insights.Limit > 0 {
		q.Limit = insights.Limit
	}
	if q.Limit == 0 {
		q.Limit = DefaultLogLimit
	}
	if q.Limit < 1 || q.Limit > model.MaxLogLines {
		return fmt.Errorf("limit must be between 1 and %d, got %d", model.MaxLogLines, q.Limit)
	}
	var search func(string) bool
	if q.Search != "" {
		if _, search, err = SearchFilter(q.Search); err != nil {
			return err
		}
	}
	q.SearchMatch = both(search, insights.Match)
	q.OldestFirst = insights.Ascending
	return nil
}

// both keeps a line only if every given matcher keeps it; nil matchers keep everything.
func both(a, b func(string) bool) func(string) bool {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return func(message string) bool { return a(message) && b(message) }
}

func joined[T ~string](values []T) string {
	names := make([]string, len(values))
	for i, v := range values {
		names[i] = string(v)
	}
	return strings.Join(names, ", ")
}
