package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/seed/serverless/pkg/model"
)

// Series computes a metric the way CloudWatch would report it.
func (e *Estate) Series(q model.SeriesQuery) (model.Series, error) {
	return e.SeriesContext(context.Background(), q)
}

// SeriesContext is Series that stops, with ctx's error, once ctx is done: a long range at a long
// period aggregates many minutes per point.
func (e *Estate) SeriesContext(ctx context.Context, q model.SeriesQuery) (model.Series, error) {
	r, ok := e.find(q.Kind, q.Name)
	if !ok {
		return model.Series{}, fmt.Errorf("no %s resource named %q", q.Kind, q.Name)
	}
	spec, err := model.Metric(q.Kind, q.Metric)
	if err != nil {
		return model.Series{}, err
	}
	stat, err := model.ParseStatistic(q.Statistic)
	if err != nil {
		return model.Series{}, err
	}
	if err := spec.CheckStatistic(stat); err != nil {
		return model.Series{}, err
	}
	start, periodMinutes, points, err := buckets(q)
	if err != nil {
		return model.Series{}, err
	}
	first := start.Unix() / 60
	// The last period may end after To: like CloudWatch, it holds only the minutes up to To.
	_, end := minuteRange(q.From, q.To)
	s := model.Series{Times: make([]time.Time, points), Values: make([]float64, points), Unit: spec.Unit}
	for i := range points {
		if i%256 == 0 && ctx.Err() != nil {
			return model.Series{}, ctx.Err()
		}
		start := first + int64(i)*periodMinutes
		s.Times[i] = time.Unix(start*60, 0).UTC()
		s.Values[i] = statistic(r, generators[q.Kind][q.Metric], stat, start, min(periodMinutes, end-start))
	}
	return s, nil
}

func buckets(q model.SeriesQuery) (start time.Time, periodMinutes int64, points int, err error) {
	if !q.From.Before(q.To) {
		return start, 0, 0, errors.New("time range is empty or reversed")
	}
	period := q.Period
	if period < time.Minute || period%time.Minute != 0 {
		return start, 0, 0, fmt.Errorf("period %s is not a positive multiple of 60 seconds", period)
	}
	periodMinutes = int64(period / time.Minute)
	start = q.From.Truncate(period)
	if q.StartAtFrom {
		start = q.From.Truncate(time.Minute)
	}
	n := int64(q.To.Sub(start)+period-1) / int64(period)
	if n > model.MaxDatapoints {
		return start, 0, 0, fmt.Errorf("%d datapoints at period %s is more than CloudWatch's %d; choose a longer period or a shorter range", n, period, model.MaxDatapoints)
	}
	return start, periodMinutes, int(n), nil
}

// statistic aggregates the minutes of one period into one statistic.
func statistic(r *resource, gen metricGenerator, stat model.Statistic, firstMinute, minutes int64) float64 {
	var a aggregate
	for m := firstMinute; m < firstMinute+minutes; m++ {
		a.add(gen.generate(r, m))
	}
	return a.value(stat)
}
