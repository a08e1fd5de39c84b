package query

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// MaxRange is the longest time range a query may cover: CloudWatch keeps metrics for 15 months.
const MaxRange = 455 * 24 * time.Hour

// MaxPeriod is the longest bucket a metrics query may ask for.
const MaxPeriod = 7 * 24 * time.Hour

// wireQuery is the JSON a query arrives as; fields shared by every kind sit at the top level.
type wireQuery struct {
	QueryType string `json:"queryType"`
	MetricsQuery
}

// Parse reads one query sent by Grafana. Every error names the field that is wrong.
func Parse(dq backend.DataQuery) (Query, error) {
	var wire wireQuery
	if len(bytes.TrimSpace(dq.JSON)) > 0 {
		decoder := json.NewDecoder(bytes.NewReader(dq.JSON))
		if err := decoder.Decode(&wire); err != nil {
			return Query{}, fmt.Errorf("query is not valid JSON: %w", err)
		}
	}
	kind := Kind(dq.QueryType)
	if kind == "" {
		kind = Kind(wire.QueryType)
	}
	if kind == "" {
		kind = KindMetrics
	}
	if !slices.Contains(Kinds, kind) {
		return Query{}, fmt.Errorf("queryType %q is not supported; use one of %s", kind, kindList())
	}
	if err := checkRange(dq.TimeRange); err != nil {
		return Query{}, err
	}
	q := Query{
		RefID:         dq.RefID,
		Kind:          kind,
		From:          dq.TimeRange.From.UTC(),
		To:            dq.TimeRange.To.UTC(),
		Metrics:       wire.MetricsQuery,
		MaxDataPoints: dq.MaxDataPoints,
		Interval:      dq.Interval,
	}
	return q, q.Metrics.validate()
}

func checkRange(r backend.TimeRange) error {
	if r.From.IsZero() || r.To.IsZero() {
		return errors.New("time range is missing: both from and to are required")
	}
	if !r.From.Before(r.To) {
		return fmt.Errorf("time range is empty or reversed: from %s is not before to %s",
			r.From.UTC().Format(time.RFC3339), r.To.UTC().Format(time.RFC3339))
	}
	if r.Duration() > MaxRange {
		return fmt.Errorf("time range of %s is longer than the %d days CloudWatch keeps metrics",
			r.Duration().Round(time.Hour), int(MaxRange.Hours()/24))
	}
	return nil
}

func (m MetricsQuery) validate() error {
	if m.ResourceKind == "" {
		return errors.New("resourceKind is required, for example lambda")
	}
	if m.Metric == "" {
		return errors.New("metric is required, for example Invocations")
	}
	if m.Statistic == "" {
		return errors.New("statistic is required, for example Sum")
	}
	if m.PeriodSeconds < 0 || m.PeriodSeconds%60 != 0 || time.Duration(m.PeriodSeconds)*time.Second > MaxPeriod {
		return fmt.Errorf("period must be 0 (auto) or a multiple of 60 seconds up to %d, got %d",
			int64(MaxPeriod.Seconds()), m.PeriodSeconds)
	}
	return nil
}

func kindList() string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}
