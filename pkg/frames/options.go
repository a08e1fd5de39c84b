package frames

import (
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/query"
)

// TimeoutLookup finds a function's configured timeout, in milliseconds.
type TimeoutLookup func(function string) (float64, bool)

// WithMetricOptions runs a metrics query with the options that reshape its answer in any mode:
// a baseline or a share of the timeout, then a label. now is the clock that says which periods
// CloudWatch still keeps for the baseline.
func WithMetricOptions(q query.Query, run func(query.Query) (data.Frames, error), timeoutOf TimeoutLookup, now time.Time) (data.Frames, error) {
	frames, err := withBaseline(q, run, now)
	if err == nil && q.OfTimeout {
		frames, err = asShareOfTimeout(frames, timeoutOf)
	}
	if err != nil || q.Label == "" {
		return frames, err
	}
	for _, f := range frames {
		f.Fields[1].Config.DisplayNameFromDS = q.Label
	}
	return frames, nil
}

// asShareOfTimeout turns durations into percentages of each function's configured timeout, so one
// threshold ("above 90% of its timeout") fits every function.
func asShareOfTimeout(frames data.Frames, timeoutOf TimeoutLookup) (data.Frames, error) {
	for _, frame := range frames {
		source := frame.Fields[1]
		function := source.Labels["FunctionName"]
		timeout, ok := timeoutOf(function)
		if !ok || timeout <= 0 {
			return nil, fmt.Errorf("ofTimeout: the configured timeout of function %q is not known", function)
		}
		share := make([]*float64, source.Len())
		for i := range share {
			if v, ok := source.ConcreteAt(i); ok {
				p := v.(float64) / timeout * 100
				share[i] = &p
			}
		}
		value := data.NewField(source.Name, source.Labels, share)
		value.Config = &data.FieldConfig{DisplayNameFromDS: source.Config.DisplayNameFromDS + " % of timeout", Unit: "percent"}
		frame.Fields[1] = value
	}
	return frames, nil
}

// withBaseline answers a metrics query that names a baseline: each point becomes its deviation, in
// percent, from the same instant of the past period ("exceeds its baseline by 30%"). Both ranges are
// read at one period, the coarser that CloudWatch's retention allows for the older one, so their
// points pair up one to one.
func withBaseline(q query.Query, run func(query.Query) (data.Frames, error), now time.Time) (data.Frames, error) {
	shift, ok := query.BaselineShift[q.Baseline]
	if !ok {
		return run(q)
	}
	past := q
	past.From, past.To = q.From.Add(-shift), q.To.Add(-shift)
	period := past.EffectivePeriod(now)
	q.PeriodSeconds, past.PeriodSeconds = int64(period.Seconds()), int64(period.Seconds())
	current, err := run(q)
	if err != nil {
		return nil, err
	}
	before, err := run(past)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", q.Baseline, err)
	}
	frames := make(data.Frames, 0, len(current))
	for _, frame := range current {
		frames = append(frames, deviationFrame(frame, matchingFrame(before, frame), shift, q.Baseline))
	}
	return frames, nil
}

// matchingFrame finds the past frame of the same series: the same labels on its value field.
func matchingFrame(frames data.Frames, of *data.Frame) *data.Frame {
	want := of.Fields[1].Labels.String()
	for _, f := range frames {
		if f.Fields[1].Labels.String() == want {
			return f
		}
	}
	return nil
}

// deviationFrame keeps the shape of a metric frame; a point with no baseline, or a zero one, is null.
func deviationFrame(current, past *data.Frame, shift time.Duration, baseline query.Baseline) *data.Frame {
	pastValues := map[int64]float64{}
	if past != nil {
		for i := 0; i < past.Rows(); i++ {
			pastValues[past.Fields[0].At(i).(time.Time).Add(shift).Unix()] = past.Fields[1].At(i).(float64)
		}
	}
	times := current.Fields[0]
	source := current.Fields[1]
	deviation := make([]*float64, current.Rows())
	for i := range deviation {
		then, ok := pastValues[times.At(i).(time.Time).Unix()]
		if ok && then != 0 {
			d := (source.At(i).(float64) - then) / then * 100
			deviation[i] = &d
		}
	}
	labels := source.Labels.Copy()
	labels["baseline"] = string(baseline)
	value := data.NewField(source.Name, labels, deviation)
	value.Config = &data.FieldConfig{
		DisplayNameFromDS: fmt.Sprintf("%s vs %s", source.Config.DisplayNameFromDS, baselineNames[baseline]),
		Unit:              "percent",
	}
	frame := data.NewFrame(current.Name, times, value)
	frame.Meta = current.Meta
	if frame.Meta != nil {
		meta := *frame.Meta
		meta.ExecutedQueryString = fmt.Sprintf("%s, in percent of %s", meta.ExecutedQueryString, baselineNames[baseline])
		frame.Meta = &meta
	}
	return frame
}

var baselineNames = map[query.Baseline]string{query.BaselineLastWeek: "last week"}
