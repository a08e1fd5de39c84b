package evaluator

import (
	"fmt"
	"slices"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/query"
	"github.com/seed/serverless/pkg/slo"
)

// Evaluator answers SLO queries over a data source's SLOs, reading their series from a source:
// the one arithmetic of both modes.
type Evaluator struct {
	specs []slo.Spec
	src   SeriesSource
	// now is the clock that says which periods CloudWatch still keeps.
	now func() time.Time
}

// New evaluates specs over the series of src, with the clock now.
func New(specs []slo.Spec, src SeriesSource, now func() time.Time) *Evaluator {
	return &Evaluator{specs: specs, src: src, now: now}
}

// Answer answers an SLO query: the SLI per period, the burn rate or events over a trailing
// window, the budget left over the SLO window, the time until it runs out, or the tables.
func (e *Evaluator) Answer(q query.Query) (data.Frames, error) {
	if q.Output == query.OutputSummary && q.SLO == "" {
		return e.summaryFrames(e.specs, q.To)
	}
	i := slices.IndexFunc(e.specs, func(s slo.Spec) bool { return s.Name == q.SLO })
	if i < 0 {
		return nil, fmt.Errorf("slo %q is not defined on this data source", q.SLO)
	}
	spec := e.specs[i]
	objective := spec.Objective / 100
	window, _ := spec.Window.Length()
	switch q.Output {
	case query.OutputBurnRate:
		counts, err := e.trailingCounts(spec, q.From, q.To, bucketFor(q.BurnWindowLength), q.BurnWindowLength)
		if err != nil {
			return nil, err
		}
		return data.Frames{sloFrame(spec, "burnRate", "Burn rate over "+q.BurnWindow, "none", counts, func(g, t float64) float64 {
			return slo.BurnRate(g, t, objective)
		})}, nil
	case query.OutputEvents:
		counts, err := e.trailingCounts(spec, q.From, q.To, bucketFor(q.BurnWindowLength), q.BurnWindowLength)
		if err != nil {
			return nil, err
		}
		return data.Frames{sloFrame(spec, "events", "Events over "+q.BurnWindow, "short", counts, func(_, t float64) float64 { return t })}, nil
	case query.OutputBudgetRemaining:
		counts, err := e.budgetCounts(spec, q.From, q.To, max(time.Hour, q.EffectivePeriod(e.now())), window)
		if err != nil {
			return nil, err
		}
		return data.Frames{sloFrame(spec, "budgetRemaining", "Error budget left", "percentunit", counts, func(g, t float64) float64 {
			return slo.BudgetRemaining(g, t, objective)
		})}, nil
	case query.OutputTimeToExhaustion:
		return e.timeToExhaustion(spec, q.To)
	case query.OutputSummary:
		return e.summaryFrames([]slo.Spec{spec}, q.To)
	case query.OutputBreakdown:
		return e.breakdownFrames(spec, q.From, q.To)
	case query.OutputAlertWindows:
		return e.alertWindowsFrames(spec, q.To)
	default:
		step := max(q.EffectivePeriod(e.now()), e.periodFloor(q.From, q.To))
		counts, err := e.sloCounts(spec, q.From.Truncate(step), q.To, step)
		if err != nil {
			return nil, err
		}
		return data.Frames{sloFrame(spec, "sli", "SLI", "percentunit", counts, func(g, t float64) float64 { return g / t })}, nil
	}
}

// trailingCounts sums, at each bucket end in (from, to], the events of the window before it, in
// buckets of up to step.
func (e *Evaluator) trailingCounts(spec slo.Spec, from, to time.Time, step, window time.Duration) (eventCounts, error) {
	step, err := trailingStep(window, step, e.periodFloor(from.Add(-window), to))
	if err != nil {
		return eventCounts{}, fmt.Errorf("slo %q: %w", spec.Name, err)
	}
	n := int(window / step)
	start := from.Truncate(step).Add(-window)
	raw, err := e.sloCounts(spec, start, to, step)
	if err != nil {
		return eventCounts{}, err
	}
	var out eventCounts
	var good, total float64
	for i := range raw.Times {
		good, total = good+raw.Good[i], total+raw.Total[i]
		if i >= n {
			good, total = good-raw.Good[i-n], total-raw.Total[i-n]
		}
		if i >= n-1 && raw.Times[i].After(from) {
			out.Times = append(out.Times, raw.Times[i])
			out.Good = append(out.Good, good)
			out.Total = append(out.Total, total)
		}
	}
	return out, nil
}

// budgetCounts are the events the budget holds at each bucket end in (from, to]: those of the
// rolling window before it, or of its calendar week or month so far.
func (e *Evaluator) budgetCounts(spec slo.Spec, from, to time.Time, step, window time.Duration) (eventCounts, error) {
	if spec.Window.Calendar != "" {
		return e.calendarCounts(spec, from, to, step)
	}
	return e.trailingCounts(spec, from, to, step, window)
}

// calendarCounts sums, at each bucket end in (from, to], the events of its calendar week or month
// so far: the budget starts afresh on Mondays or on the 1st. Buckets are at most a day and divide
// it, so none straddles the start of a week or month.
func (e *Evaluator) calendarCounts(spec slo.Spec, from, to time.Time, step time.Duration) (eventCounts, error) {
	start := spec.Window.Start(from)
	step = max(min(step, 24*time.Hour), e.periodFloor(start, to))
	for (24*time.Hour)%step != 0 {
		step -= time.Minute
	}
	raw, err := e.sloCounts(spec, start, to, step)
	if err != nil {
		return eventCounts{}, err
	}
	var out eventCounts
	var good, total float64
	for i, end := range raw.Times {
		if period := spec.Window.Start(end.Add(-step)); !period.Equal(start) {
			start, good, total = period, 0, 0
		}
		good, total = good+raw.Good[i], total+raw.Total[i]
		if end.After(from) {
			out.Times = append(out.Times, end)
			out.Good = append(out.Good, good)
			out.Total = append(out.Total, total)
		}
	}
	return out, nil
}

func sloFrame(spec slo.Spec, name, display, unit string, c eventCounts, value func(good, total float64) float64) *data.Frame {
	values := make([]*float64, len(c.Times))
	for i := range c.Times {
		if c.Total[i] > 0 {
			v := value(c.Good[i], c.Total[i])
			values[i] = &v
		}
	}
	f := data.NewField(name, data.Labels{"slo": spec.Name, "service": spec.Service}, values)
	f.Config = &data.FieldConfig{DisplayNameFromDS: fmt.Sprintf("%s %s", spec.Name, display), Unit: unit}
	frame := data.NewFrame(name, data.NewField(data.TimeSeriesTimeFieldName, nil, c.Times), f)
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
	return frame
}
