package evaluator

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/frames"
	"github.com/seed/serverless/pkg/slo"
)

// sloStatus is where an SLO stands at an instant: over its window and over the last hour.
type sloStatus struct {
	sli, budgetRemaining, burnRate1h float64
	// hoursLeft is +Inf while the budget is not burning.
	hoursLeft float64
	events    float64
}

// statusAt reads the budget that ends at the minute holding at (see countsEndingAt): the rolling
// window before it, or its calendar week or month so far.
func (e *Evaluator) statusAt(spec slo.Spec, at time.Time) (sloStatus, error) {
	end := at.Truncate(time.Minute)
	span := end.Sub(spec.Window.Start(end))
	objective := spec.Objective / 100
	budget, err := e.countsEndingAt(spec, end, max(span, time.Hour))
	if err != nil {
		return sloStatus{}, err
	}
	good, total := budget.last(span)
	hourGood, hourTotal := budget.last(time.Hour)
	st := sloStatus{sli: 1, events: total, budgetRemaining: slo.BudgetRemaining(good, total, objective),
		burnRate1h: slo.BurnRate(hourGood, hourTotal, objective)}
	if total > 0 {
		st.sli = good / total
	}
	st.hoursLeft = slo.TimeToExhaustion(st.budgetRemaining, st.burnRate1h, spec.Window.Budgeted(end))
	return st, nil
}

// secondsLeft is the time to exhaustion for a frame: empty while the budget is not burning.
func (st sloStatus) secondsLeft() *float64 {
	if math.IsInf(st.hoursLeft, 1) {
		return nil
	}
	seconds := st.hoursLeft * 3600
	return &seconds
}

func (e *Evaluator) timeToExhaustion(spec slo.Spec, at time.Time) (data.Frames, error) {
	st, err := e.statusAt(spec, at)
	if err != nil {
		return nil, err
	}
	frame := data.NewFrame("timeToExhaustion",
		frames.WithConfig(data.NewField("budgetRemaining", nil, []float64{st.budgetRemaining}), "Budget left", "percentunit", 1),
		frames.WithConfig(data.NewField("burnRate1h", nil, []float64{st.burnRate1h}), "Burn rate (1h)", "none", 2),
		frames.WithConfig(data.NewField("timeToExhaustion", nil, []*float64{st.secondsLeft()}), "Time to exhaustion", "s", 0),
	)
	frame.Meta = &data.FrameMeta{ExecutedQueryString: fmt.Sprintf("SLO %s at %s; empty time to exhaustion means the budget is not burning", spec.Name, at.Truncate(time.Minute).Format(time.RFC3339))}
	return data.Frames{frame}, nil
}

// summaryFrames is the SLO list: a row per SLO with where it stands at the end of the range.
func (e *Evaluator) summaryFrames(specs []slo.Spec, at time.Time) (data.Frames, error) {
	n := len(specs)
	names, services, descriptions, windows := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	objectives, slis, budgets, burns, events := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	left := make([]*float64, n)
	for i, spec := range specs {
		st, err := e.statusAt(spec, at)
		if err != nil {
			return nil, err
		}
		names[i], services[i], descriptions[i], windows[i] = spec.Name, spec.Service, spec.Description, windowText(spec.Window)
		objectives[i], slis[i], budgets[i], burns[i], events[i] = spec.Objective/100, st.sli, st.budgetRemaining, st.burnRate1h, st.events
		left[i] = st.secondsLeft()
	}
	frame := data.NewFrame("summary",
		textField("slo", "SLO", names),
		textField("service", "Service", services),
		textField("description", "Description", descriptions),
		textField("window", "Window", windows),
		frames.WithConfig(data.NewField("objective", nil, objectives), "Objective", "percentunit", 2),
		frames.WithConfig(data.NewField("sli", nil, slis), "SLI", "percentunit", 3),
		frames.WithConfig(data.NewField("budgetRemaining", nil, budgets), "Budget left", "percentunit", 1),
		frames.WithConfig(data.NewField("burnRate1h", nil, burns), "Burn rate (1h)", "none", 2),
		frames.WithConfig(data.NewField("timeToExhaustion", nil, left), "Time to exhaustion", "s", 0),
		frames.WithConfig(data.NewField("events", nil, events), "Events in window", "short", 0),
	)
	frame.Meta = &data.FrameMeta{PreferredVisualization: data.VisTypeTable,
		ExecutedQueryString: fmt.Sprintf("%d SLOs at %s", n, at.Truncate(time.Minute).Format(time.RFC3339))}
	return data.Frames{frame}, nil
}

func windowText(w slo.Window) string {
	if w.Rolling != "" {
		return "rolling " + w.Rolling
	}
	return "calendar " + w.Calendar
}

func textField(name, display string, values []string) *data.Field {
	f := data.NewField(name, nil, values)
	f.Config = &data.FieldConfig{DisplayName: display}
	return f
}

// breakdownFrames splits an SLO by resource over the range, worst SLI first, with the share of
// the bad events each one caused: where to look first.
func (e *Evaluator) breakdownFrames(spec slo.Spec, from, to time.Time) (data.Frames, error) {
	type slice struct {
		name        string
		good, total float64
	}
	step := e.periodFloor(from, to)
	parts := make([]slice, 0, len(spec.SLI.Resources))
	var bad float64
	for _, resource := range spec.SLI.Resources {
		one := spec
		one.SLI.Resources = []string{resource}
		c, err := e.sloCounts(one, from.Truncate(step), to, step)
		if err != nil {
			return nil, err
		}
		s := slice{name: resource, good: sum(c.Good), total: sum(c.Total)}
		bad += s.total - s.good
		parts = append(parts, s)
	}
	sli := func(s slice) float64 {
		if s.total == 0 {
			return 1
		}
		return s.good / s.total
	}
	sort.SliceStable(parts, func(i, j int) bool { return sli(parts[i]) < sli(parts[j]) })
	n := len(parts)
	names, slis, burns, shares, totals := make([]string, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i, s := range parts {
		names[i], slis[i], totals[i] = s.name, sli(s), s.total
		burns[i] = slo.BurnRate(s.good, s.total, spec.Objective/100)
		if bad > 0 {
			shares[i] = (s.total - s.good) / bad
		}
	}
	frame := data.NewFrame("breakdown",
		textField("slice", "Resource", names),
		frames.WithConfig(data.NewField("sli", nil, slis), "SLI", "percentunit", 3),
		frames.WithConfig(data.NewField("burnRate", nil, burns), "Burn rate", "none", 2),
		frames.WithConfig(data.NewField("badShare", nil, shares), "Share of bad events", "percentunit", 1),
		frames.WithConfig(data.NewField("events", nil, totals), "Events", "short", 0),
	)
	frame.Meta = &data.FrameMeta{PreferredVisualization: data.VisTypeTable}
	return data.Frames{frame}, nil
}

// alertWindowsFrames shows each burn-rate alert tier as its rule sees it at the end of the range.
func (e *Evaluator) alertWindowsFrames(spec slo.Spec, at time.Time) (data.Frames, error) {
	window, _ := spec.Window.Length()
	end := at.Truncate(time.Minute)
	alerts := slo.BurnRateAlerts(window)
	// Every tier's windows end now: one read of the longest serves them all.
	longest, _ := slo.ParseDuration(alerts[len(alerts)-1].LongWindow)
	counts, err := e.countsEndingAt(spec, end, longest)
	if err != nil {
		return nil, err
	}
	burnOver := func(text string) float64 {
		length, _ := slo.ParseDuration(text)
		good, total := counts.last(length)
		return slo.BurnRate(good, total, spec.Objective/100)
	}
	n := len(alerts)
	severities, windows := make([]string, n), make([]string, n)
	thresholds, longBurns, shortBurns, burning := make([]float64, n), make([]float64, n), make([]float64, n), make([]bool, n)
	for i, a := range alerts {
		long, short := burnOver(a.LongWindow), burnOver(a.ShortWindow)
		severities[i], windows[i] = a.Severity, a.LongWindow+" and "+a.ShortWindow
		thresholds[i], longBurns[i], shortBurns[i] = a.Threshold, long, short
		burning[i] = long > a.Threshold && short > a.Threshold
	}
	frame := data.NewFrame("alertWindows",
		textField("severity", "Severity", severities),
		textField("windows", "Windows", windows),
		frames.WithConfig(data.NewField("threshold", nil, thresholds), "Threshold", "none", 2),
		frames.WithConfig(data.NewField("longBurnRate", nil, longBurns), "Burn rate, long window", "none", 2),
		frames.WithConfig(data.NewField("shortBurnRate", nil, shortBurns), "Burn rate, short window", "none", 2),
		data.NewField("burning", nil, burning),
	)
	frame.Fields[len(frame.Fields)-1].Config = &data.FieldConfig{DisplayName: "Over threshold"}
	frame.Meta = &data.FrameMeta{PreferredVisualization: data.VisTypeTable}
	return data.Frames{frame}, nil
}
