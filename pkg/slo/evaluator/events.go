package evaluator

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/slo"
)

// SeriesSource is where SLO queries read their series: the demo estate, or CloudWatch.
type SeriesSource interface {
	// Has says whether a resource of the kind publishes metrics under the name.
	Has(kind model.ResourceKind, name string) (bool, error)
	// Series is one statistic of one resource, a value per period over [From, To) that start
	// at the period holding From, as CloudWatch's GetMetricData places them.
	Series(q model.SeriesQuery) (model.Series, error)
}

// eventCounts are an SLI's good and total events per bucket; Times are the buckets' ends.
type eventCounts struct {
	Times       []time.Time
	Good, Total []float64
}

// last sums the events of the buckets that end within d of the last one's end.
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

// summedInto is all the events as one bucket ending at end.
func (c eventCounts) summedInto(end time.Time) eventCounts {
	return eventCounts{Times: []time.Time{end}, Good: []float64{sum(c.Good)}, Total: []float64{sum(c.Total)}}
}

func (c eventCounts) followedBy(later eventCounts) eventCounts {
	return eventCounts{Times: slices.Concat(c.Times, later.Times), Good: slices.Concat(c.Good, later.Good), Total: slices.Concat(c.Total, later.Total)}
}

// sloCounts is an SLI's good and total per step over [from, to), from aligned to step, as the
// spec budgets them; a last bucket that ends after to holds the data up to to. It reads slices
// of the finest period CloudWatch keeps for data as old as from: minutes for the last 15 days,
// then 5 minutes, then an hour. With timeslices each slice is
// good or bad as a whole (its SLI against the objective) and counts one event per minute it
// lasts: on 5-minute data, five minutes are judged together, so a bad minute may be outweighed
// by four good ones (a ratio SLI) or spoil them (a queue's oldest message), and the budget of a
// window that reaches back past 15 days is not the one minute slices would give. A slice that
// overlaps an exclusion (planned maintenance) counts for nothing.
func (e *Evaluator) sloCounts(spec slo.Spec, from, to time.Time, step time.Duration) (eventCounts, error) {
	slice := e.retainedPeriod(from, to)
	if step%slice != 0 {
		return eventCounts{}, fmt.Errorf("slo %q: buckets of %s cannot be read from %s: CloudWatch keeps data that old in periods of %s; "+
			"choose a period that is a multiple of %s", spec.Name, step, from.Format(time.RFC3339), slice, slice)
	}
	if whole := to.Truncate(step); whole.Before(to) && step > e.retainedPeriod(whole, to) {
		return e.countsWithPartialLast(spec, from, whole, to, step)
	}
	// Nothing finer than a slice is kept, so the last one counts whole.
	to = ceilTo(to, slice)
	// Queue freshness judges each slice by its oldest message: a bucket's Maximum would judge
	// the whole bucket by its worst minute.
	if spec.Budgeting != "timeslices" && len(spec.Exclusions) == 0 && spec.SLI.Template != slo.QueueFreshness {
		return e.readEvents(spec, from, to, step)
	}
	bySlice, err := e.readEvents(spec, from, to, slice)
	if err != nil {
		return eventCounts{}, err
	}
	excluded := exclusionRanges(spec)
	perStep := int(step / slice)
	var out eventCounts
	for i, end := range bySlice.Times {
		start := end.Add(-slice)
		good, total := bySlice.Good[i], bySlice.Total[i]
		if overlapsAny(excluded, start, end) {
			good, total = 0, 0
		}
		if spec.Budgeting == "timeslices" && total > 0 {
			minutes := slice.Minutes()
			good, total = minutes*boolValue(slo.MeetsObjective(good, total, spec.Objective/100)), minutes
		}
		if i%perStep == 0 {
			out.Times = append(out.Times, end.Add(step-slice))
			out.Good, out.Total = append(out.Good, 0), append(out.Total, 0)
		}
		out.Good[len(out.Good)-1] += good
		out.Total[len(out.Total)-1] += total
	}
	return out, nil
}

// countsWithPartialLast is sloCounts for a range whose last bucket, from whole, ends after to:
// that bucket holds only the data up to to, read in the finest period kept for it, where
// CloudWatch would return the whole bucket.
func (e *Evaluator) countsWithPartialLast(spec slo.Spec, from, whole, to time.Time, step time.Duration) (eventCounts, error) {
	tail, err := e.sloCounts(spec, whole, to, e.retainedPeriod(whole, to))
	if err != nil {
		return eventCounts{}, err
	}
	last := tail.summedInto(whole.Add(step))
	if !whole.After(from) {
		return last, nil
	}
	head, err := e.sloCounts(spec, from, whole, step)
	if err != nil {
		return eventCounts{}, err
	}
	return head.followedBy(last), nil
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

func ceilTo(t time.Time, d time.Duration) time.Time {
	if down := t.Truncate(d); down.Before(t) {
		return down.Add(d)
	}
	return t
}

func overlapsAny(ranges [][2]time.Time, start, end time.Time) bool {
	return slices.ContainsFunc(ranges, func(r [2]time.Time) bool { return start.Before(r[1]) && end.After(r[0]) })
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func sum(values []float64) float64 {
	total := 0.0
	for _, v := range values {
		total += v
	}
	return total
}

// readEvents reads an SLI's good and total events per step over [from, to), summed over its
// resources.
func (e *Evaluator) readEvents(spec slo.Spec, from, to time.Time, step time.Duration) (eventCounts, error) {
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
	read := func(kind model.ResourceKind, name, metric, statistic string) (model.Series, error) {
		return e.src.Series(model.SeriesQuery{Kind: kind, Name: name, Metric: metric, Statistic: statistic, From: from, To: to, Period: step})
	}
	for _, name := range spec.SLI.Resources {
		good, total, times, err := sliEvents(spec.SLI, name, e.src.Has, read)
		if err != nil {
			return eventCounts{}, fmt.Errorf("slo %q: %w", spec.Name, err)
		}
		add(good, total, times)
	}
	return c, nil
}

type seriesReader func(kind model.ResourceKind, name, metric, statistic string) (model.Series, error)

type resourceCheck func(kind model.ResourceKind, name string) (bool, error)

// sliEvents reads one resource's good and total events for an SLI template.
func sliEvents(sli slo.SLI, name string, has resourceCheck, read seriesReader) (good, total []float64, times []time.Time, err error) {
	pair := func(kind model.ResourceKind, goodOf func(a, b []float64, i int) float64, totalOf func(a, b []float64, i int) float64,
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
		inv, err := read(model.KindLambda, name, "Invocations", "Sum")
		if err != nil {
			return nil, nil, nil, err
		}
		return pair(model.KindLambda,
			func(errs, thr []float64, i int) float64 { return inv.Values[i] - errs[i] },
			func(errs, thr []float64, i int) float64 { return inv.Values[i] + thr[i] },
			"Errors", "Sum", "Throttles", "Sum")
	case slo.APIAvailability:
		kind, serverErrors, err := apiKind(has, name)
		if err != nil {
			return nil, nil, nil, err
		}
		return pair(kind,
			func(count, fails []float64, i int) float64 { return count[i] - fails[i] },
			func(count, fails []float64, i int) float64 { return count[i] },
			"Count", "Sum", serverErrors, "Sum")
	case slo.Latency:
		kind, metric := model.KindLambda, "Duration"
		isFunction, err := has(model.KindLambda, name)
		if err != nil {
			return nil, nil, nil, err
		}
		if !isFunction {
			if kind, _, err = apiKind(has, name); err != nil {
				return nil, nil, nil, err
			}
			metric = "Latency"
		}
		// CloudWatch reads the bound as a plain number: 1000000, never 1e+06.
		rank := "PR(:" + strconv.FormatFloat(sli.Threshold, 'f', -1, 64) + ")"
		return pair(kind,
			func(share, samples []float64, i int) float64 { return share[i] / 100 * samples[i] },
			func(share, samples []float64, i int) float64 { return samples[i] },
			metric, rank, metric, "SampleCount")
	default: // queue freshness: timeslices, one per minute of the bucket
		age, err := read(model.KindSQS, name, "ApproximateAgeOfOldestMessage", "Maximum")
		if err != nil {
			return nil, nil, nil, err
		}
		perMinute, err := read(model.KindSQS, name, "ApproximateAgeOfOldestMessage", "SampleCount")
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
func apiKind(has resourceCheck, name string) (model.ResourceKind, string, error) {
	isHTTP, err := has(model.KindAPIGatewayV2, name)
	if isHTTP {
		return model.KindAPIGatewayV2, "5xx", err
	}
	return model.KindAPIGateway, "5XXError", err
}
