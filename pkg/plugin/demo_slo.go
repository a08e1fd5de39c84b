package plugin

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/query"
	"github.com/seed/serverless/pkg/slo"
)

// eventCounts are an SLI's good and total events per bucket; Times are the buckets' ends.
type eventCounts struct {
	Times       []time.Time
	Good, Total []float64
}

// last sums the events of the minute buckets that end within d of the last one's end.
func (c eventCounts) last(d time.Duration) (good, total float64) {
	if len(c.Times) == 0 {
		return 0, 0
	}
	since := c.Times[len(c.Times)-1].Add(-d)
	for i := len(c.Times) - 1; i >= 0 && c.Times[i].After(since); i-- {
		good, total = good+c.Good[i], total+c.Total[i]
	}
	return good, total
}

// demoSLO answers an SLO query: the SLI per period, the burn rate over a trailing window, the budget
// left over the SLO window, or the time until it runs out.
func (d *Datasource) demoSLO(q query.Query) (data.Frames, error) {
	if q.Output == query.OutputSummary && q.SLO == "" {
		return d.summaryFrames(d.slos(), q.To)
	}
	i := slices.IndexFunc(d.slos(), func(s slo.Spec) bool { return s.Name == q.SLO })
	if i < 0 {
		return nil, fmt.Errorf("slo %q is not defined on this data source", q.SLO)
	}
	spec := d.slos()[i]
	objective := spec.Objective / 100
	window, _ := spec.Window.Length()
	switch q.Output {
	case query.OutputBurnRate:
		step := bucketFor(q.BurnWindowLength)
		counts, err := d.trailingCounts(spec, q.From, q.To, step, q.BurnWindowLength)
		if err != nil {
			return nil, err
		}
		return data.Frames{sloFrame(spec, "burnRate", "Burn rate over "+q.BurnWindow, "none", counts, func(g, t float64) float64 {
			return slo.BurnRate(g, t, objective)
		})}, nil
	case query.OutputEvents:
		counts, err := d.trailingCounts(spec, q.From, q.To, bucketFor(q.BurnWindowLength), q.BurnWindowLength)
		if err != nil {
			return nil, err
		}
		return data.Frames{sloFrame(spec, "events", "Events over "+q.BurnWindow, "short", counts, func(_, t float64) float64 { return t })}, nil
	case query.OutputBudgetRemaining:
		counts, err := d.trailingCounts(spec, q.From, q.To, max(time.Hour, q.EffectivePeriod(now())), window)
		if err != nil {
			return nil, err
		}
		return data.Frames{sloFrame(spec, "budgetRemaining", "Error budget left", "percentunit", counts, func(g, t float64) float64 {
			return slo.BudgetRemaining(g, t, objective)
		})}, nil
	case query.OutputTimeToExhaustion:
		return d.timeToExhaustion(spec, q.To)
	case query.OutputSummary:
		return d.summaryFrames([]slo.Spec{spec}, q.To)
	case query.OutputBreakdown:
		return d.breakdownFrames(spec, q.From, q.To)
	case query.OutputAlertWindows:
		return d.alertWindowsFrames(spec, q.To)
	default:
		step := q.EffectivePeriod(now())
		counts, err := d.sloCounts(spec, q.From.Truncate(step), q.To, step)
		if err != nil {
			return nil, err
		}
		return data.Frames{sloFrame(spec, "sli", "SLI", "percentunit", counts, func(g, t float64) float64 { return g / t })}, nil
	}
}

// bucketFor picks buckets a twelfth of a burn window long (at least a minute) so a trailing sum
// over the window is exact.
func bucketFor(window time.Duration) time.Duration {
	step := (window / 12).Truncate(time.Minute)
	for step > time.Minute && window%step != 0 {
		step -= time.Minute
	}
	return max(step, time.Minute)
}

// trailingCounts sums, at each bucket end in (from, to], the events of the window before it.
func (d *Datasource) trailingCounts(spec slo.Spec, from, to time.Time, step, window time.Duration) (eventCounts, error) {
	step = min(step, window)
	for window%step != 0 {
		step -= time.Minute
	}
	n := int(window / step)
	start := from.Truncate(step).Add(-window)
	raw, err := d.sloCounts(spec, start, to, step)
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

// sloStatus is where an SLO stands at an instant: over its window and over the last hour.
type sloStatus struct {
	sli, budgetRemaining, burnRate1h float64
	// hoursLeft is +Inf while the budget is not burning.
	hoursLeft float64
	events    float64
}

func (d *Datasource) statusAt(spec slo.Spec, at time.Time) (sloStatus, error) {
	end := at.Truncate(time.Minute)
	window, _ := spec.Window.Length()
	objective := spec.Objective / 100
	// Minutes, because a single period as long as the window would start on a multiple of its
	// length, not at the window's start.
	budget, err := d.sloCounts(spec, end.Add(-window), end, time.Minute)
	if err != nil {
		return sloStatus{}, err
	}
	good, total := budget.last(window)
	hourGood, hourTotal := budget.last(time.Hour)
	st := sloStatus{sli: 1, events: total, budgetRemaining: slo.BudgetRemaining(good, total, objective),
		burnRate1h: slo.BurnRate(hourGood, hourTotal, objective)}
	if total > 0 {
		st.sli = good / total
	}
	st.hoursLeft = slo.TimeToExhaustion(st.budgetRemaining, st.burnRate1h, window)
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

func (d *Datasource) timeToExhaustion(spec slo.Spec, at time.Time) (data.Frames, error) {
	st, err := d.statusAt(spec, at)
	if err != nil {
		return nil, err
	}
	frame := data.NewFrame("timeToExhaustion",
		withConfig(data.NewField("budgetRemaining", nil, []float64{st.budgetRemaining}), "Budget left", "percentunit", 1),
		withConfig(data.NewField("burnRate1h", nil, []float64{st.burnRate1h}), "Burn rate (1h)", "none", 2),
		withConfig(data.NewField("timeToExhaustion", nil, []*float64{st.secondsLeft()}), "Time to exhaustion", "s", 0),
	)
	frame.Meta = &data.FrameMeta{ExecutedQueryString: fmt.Sprintf("SLO %s at %s; empty time to exhaustion means the budget is not burning", spec.Name, at.Truncate(time.Minute).Format(time.RFC3339))}
	return data.Frames{frame}, nil
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

func sum(values []float64) float64 {
	total := 0.0
	for _, v := range values {
		total += v
	}
	return total
}

// sloCounts is an SLI's good and total per step over [from, to), as the spec budgets them: with
// timeslices each minute is one event, good when its own SLI meets the objective; minutes inside
// an exclusion (planned maintenance) count for nothing.
func (d *Datasource) sloCounts(spec slo.Spec, from, to time.Time, step time.Duration) (eventCounts, error) {
	if spec.Budgeting != "timeslices" && len(spec.Exclusions) == 0 {
		return d.eventCounts(spec, from, to, step)
	}
	minutes, err := d.eventCounts(spec, from, to, time.Minute)
	if err != nil {
		return eventCounts{}, err
	}
	excluded := exclusionRanges(spec)
	perStep := int(step / time.Minute)
	var out eventCounts
	for i, end := range minutes.Times {
		good, total := minutes.Good[i], minutes.Total[i]
		if slices.ContainsFunc(excluded, func(r [2]time.Time) bool { return end.After(r[0]) && !end.After(r[1]) }) {
			good, total = 0, 0
		}
		if spec.Budgeting == "timeslices" && total > 0 {
			good, total = boolValue(good/total >= spec.Objective/100), 1
		}
		if i%perStep == 0 {
			out.Times = append(out.Times, end.Add(step-time.Minute))
			out.Good, out.Total = append(out.Good, 0), append(out.Total, 0)
		}
		out.Good[len(out.Good)-1] += good
		out.Total[len(out.Total)-1] += total
	}
	return out, nil
}

// exclusionRanges are the spec's exclusions as time ranges; Validate has checked they parse.
func exclusionRanges(spec slo.Spec) [][2]time.Time {
	ranges := make([][2]time.Time, 0, len(spec.Exclusions))
	for _, e := range spec.Exclusions {
		start, _ := time.Parse(time.RFC3339, e.Start)
		end, _ := time.Parse(time.RFC3339, e.End)
		ranges = append(ranges, [2]time.Time{start, end})
	}
	return ranges
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// eventCounts reads an SLI's good and total events per step over [from, to) from the demo estate.
func (d *Datasource) eventCounts(spec slo.Spec, from, to time.Time, step time.Duration) (eventCounts, error) {
	var c eventCounts
	add := func(good, total []float64, times []time.Time) {
		if c.Times == nil {
			c.Times = make([]time.Time, len(times))
			for i, t := range times {
				c.Times[i] = t.Add(step)
			}
			c.Good, c.Total = make([]float64, len(times)), make([]float64, len(times))
		}
		for i := range times {
			c.Good[i] += good[i]
			c.Total[i] += total[i]
		}
	}
	series := func(kind demo.ResourceKind, name, metric, statistic string) (demo.Series, error) {
		return d.estate.Series(demo.SeriesQuery{Kind: kind, Name: name, Metric: metric, Statistic: statistic, From: from, To: to, Period: step})
	}
	for _, name := range spec.SLI.Resources {
		good, total, times, err := sliEvents(spec.SLI, name, d.estate, series)
		if err != nil {
			return eventCounts{}, fmt.Errorf("slo %q: %w", spec.Name, err)
		}
		add(good, total, times)
	}
	return c, nil
}

type seriesReader func(kind demo.ResourceKind, name, metric, statistic string) (demo.Series, error)

// sliEvents reads one resource's good and total events for an SLI template.
func sliEvents(sli slo.SLI, name string, estate *demo.Estate, read seriesReader) (good, total []float64, times []time.Time, err error) {
	pair := func(kind demo.ResourceKind, goodOf func(a, b []float64, i int) float64, totalOf func(a, b []float64, i int) float64,
		metricA, statA, metricB, statB string) ([]float64, []float64, []time.Time, error) {
		a, err := read(kind, name, metricA, statA)
		if err != nil {
			return nil, nil, nil, err
		}
		b, err := read(kind, name, metricB, statB)
		if err != nil {
			return nil, nil, nil, err
		}
		g, t := make([]float64, len(a.Values)), make([]float64, len(a.Values))
		for i := range a.Values {
			g[i], t[i] = goodOf(a.Values, b.Values, i), totalOf(a.Values, b.Values, i)
		}
		return g, t, a.Times, nil
	}
	switch sli.Template {
	case slo.FunctionAvailability:
		inv, err := read(demo.KindLambda, name, "Invocations", "Sum")
		if err != nil {
			return nil, nil, nil, err
		}
		return pair(demo.KindLambda,
			func(errs, thr []float64, i int) float64 { return inv.Values[i] - errs[i] },
			func(errs, thr []float64, i int) float64 { return inv.Values[i] + thr[i] },
			"Errors", "Sum", "Throttles", "Sum")
	case slo.APIAvailability:
		kind, serverErrors := apiKind(estate, name)
		return pair(kind,
			func(count, fails []float64, i int) float64 { return count[i] - fails[i] },
			func(count, fails []float64, i int) float64 { return count[i] },
			"Count", "Sum", serverErrors, "Sum")
	case slo.Latency:
		kind, metric := demo.KindLambda, "Duration"
		if _, ok := estate.Resource(demo.KindLambda, name); !ok {
			kind, _ = apiKind(estate, name)
			metric = "Latency"
		}
		rank := fmt.Sprintf("PR(:%g)", sli.Threshold)
		return pair(kind,
			func(share, samples []float64, i int) float64 { return share[i] / 100 * samples[i] },
			func(share, samples []float64, i int) float64 { return samples[i] },
			metric, rank, metric, "SampleCount")
	default: // queue freshness: timeslices, one per minute of the bucket
		age, err := read(demo.KindSQS, name, "ApproximateAgeOfOldestMessage", "Maximum")
		if err != nil {
			return nil, nil, nil, err
		}
		perMinute, err := read(demo.KindSQS, name, "ApproximateAgeOfOldestMessage", "SampleCount")
		if err != nil {
			return nil, nil, nil, err
		}
		g, t := make([]float64, len(age.Values)), perMinute.Values
		for i := range age.Values {
			if age.Values[i] <= sli.Threshold {
				g[i] = t[i]
			}
		}
		return g, t, age.Times, nil
	}
}

// apiKind tells a REST API from an HTTP API by name, with the name of its server-error metric.
func apiKind(estate *demo.Estate, name string) (demo.ResourceKind, string) {
	if _, ok := estate.Resource(demo.KindAPIGatewayV2, name); ok {
		return demo.KindAPIGatewayV2, "5xx"
	}
	return demo.KindAPIGateway, "5XXError"
}
