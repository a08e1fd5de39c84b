package awsmode

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/budget"
	"github.com/seed/serverless/pkg/cloudwatch"
	"github.com/seed/serverless/pkg/frames"
	"github.com/seed/serverless/pkg/mode"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
)

// metricsQuery is a metrics query resolved to the series it needs.
type metricsQuery struct {
	q       query.Query
	spec    model.MetricSpec
	period  time.Duration
	targets []seriesTarget
}

type seriesTarget struct {
	resource frames.SeriesOf
	want     cloudwatch.Want
}

// Metrics answers a request's metrics queries. They are fetched by one planner call, so
// duplicates are asked for once and calls are as few as CloudWatch allows. The queries run twice
// through the metric options shared with demo mode (baseline, label...): once to collect the
// series they need, then, after the one fetch, to shape the answers.
func (m *Mode) Metrics(ctx context.Context, queries []query.Query, fresh bool) map[string]backend.DataResponse {
	answers := make(map[string]backend.DataResponse, len(queries))
	var metrics []query.Query
	for _, q := range queries {
		if msg := unavailable(q); msg != "" {
			answers[q.RefID] = backend.ErrDataResponse(backend.StatusNotImplemented, msg)
			continue
		}
		metrics = append(metrics, q)
	}
	if len(metrics) == 0 {
		return answers
	}
	timeouts := m.timeouts(ctx, fresh)
	collect := &metricsRun{m: m, ctx: ctx, fresh: fresh, refused: map[string]error{}}
	for _, q := range metrics {
		// Errors show up again in the second pass, where they are reported.
		mode.Guard(q.RefID, func() backend.DataResponse {
			_, _ = frames.WithMetricOptions(q, collect.metrics, timeouts.lookup, m.now())
			return backend.DataResponse{}
		})
	}
	var fetched *cloudwatch.Response
	failed := mode.Guard("the CloudWatch fetch", func() backend.DataResponse {
		fetched = m.planner.Fetch(ctx, cloudwatch.Request{Wants: collect.wants, Fresh: fresh})
		return backend.DataResponse{}
	})
	answer := &metricsRun{m: m, ctx: ctx, fresh: fresh, fetched: fetched, failed: map[string]error{}, refused: collect.refused}
	for _, q := range metrics {
		if failed.Error != nil {
			answers[q.RefID] = failed
			continue
		}
		answers[q.RefID] = mode.Guard(q.RefID, func() backend.DataResponse {
			shaped, err := frames.WithMetricOptions(q, answer.metrics, timeouts.lookup, m.now())
			if err != nil && q.OfTimeout && timeouts.err != nil {
				err = mode.Downstream(backend.StatusBadGateway, fmt.Errorf("ofTimeout needs the functions' timeouts: %w", timeouts.err))
			}
			if err == nil {
				err = answer.failed[q.RefID]
			}
			if err != nil {
				// Past the query's deadline, the error says how long it ran and how many
				// attempts CloudWatch was sent.
				err = deadlineError(ctx, err)
				// Frames that say why they are empty stay, for panels; the error is for alert
				// rules, which should not read an outage as "no data".
				res := mode.ErrorResponse(err)
				res.Frames = shaped
				return res
			}
			return backend.DataResponse{Frames: shaped}
		})
	}
	return answers
}

// unavailable names the options AWS mode cannot answer, and why.
func unavailable(q query.Query) string {
	functions := model.ResourceKind(q.ResourceKind) == model.KindLambda || q.Kind == query.KindInventory ||
		q.Variable == query.VariableFunctions || q.Variable == query.VariableRuntimes
	if q.UpstreamOf != "" && functions {
		return "upstreamOf on Lambda functions is not available in AWS mode: AWS lists what invokes a function (APIs, queues, " +
			"state machines, rules), not which functions call each other; use it on apigateway, apigatewayv2, sqs, states or events"
	}
	return ""
}

// timeoutTable looks functions' timeouts up in Lambda's ListFunctions, listed on first use for
// the request, over the watched regions.
type timeoutTable struct {
	m     *Mode
	ctx   context.Context
	fresh bool
	once  sync.Once
	ms    map[string]float64
	err   error
}

func (m *Mode) timeouts(ctx context.Context, fresh bool) *timeoutTable {
	return &timeoutTable{m: m, ctx: ctx, fresh: fresh}
}

// lookup is a function's timeout in milliseconds. A function of the same name in two regions
// takes the timeout of the first region listed in the settings.
func (t *timeoutTable) lookup(function string) (float64, bool) {
	t.once.Do(func() {
		fs, err := t.m.functions.Functions(t.ctx, t.m.regions, t.fresh)
		t.err = err
		t.ms = map[string]float64{}
		for _, f := range fs {
			if _, seen := t.ms[f.Name]; !seen {
				t.ms[f.Name] = float64(f.TimeoutSeconds) * 1000
			}
		}
	})
	ms, ok := t.ms[function]
	return ms, ok
}

// metricsRun answers the metrics (sub)queries that frames.WithMetricOptions runs: without fetched, it only
// collects the series they need; with it, it shapes their frames.
type metricsRun struct {
	m       *Mode
	ctx     context.Context
	fresh   bool
	fetched *cloudwatch.Response
	wants   []cloudwatch.Want
	// failed holds, by refId, why a query has no data at all.
	failed map[string]error
	// refused holds, by refId, the queries over their budget: the first pass finds them, before
	// their series are fetched; the second answers them with the error.
	refused map[string]error
}

func (a *metricsRun) metrics(q query.Query) (data.Frames, error) {
	if err := a.refused[q.RefID]; err != nil {
		return nil, err
	}
	mq, err := a.m.resolveMetrics(a.ctx, q, a.fresh)
	if err != nil {
		return nil, err
	}
	if a.fetched == nil {
		if err := budget.From(a.ctx).Metrics(len(mq.targets), budget.Points(q.From, q.To, mq.period)); err != nil {
			a.refused[q.RefID] = mode.BadRequest(err)
			return nil, err
		}
		for _, t := range mq.targets {
			a.wants = append(a.wants, t.want)
		}
		return data.Frames{}, nil
	}
	frames, err := metricFrames(mq, a.fetched)
	var se *mode.StatusError
	if errors.As(err, &se) && se.Status != backend.StatusBadRequest {
		if _, seen := a.failed[q.RefID]; !seen {
			a.failed[q.RefID] = err
		}
		return frames, nil
	}
	return frames, err
}

// resolveMetrics finds the resources a metrics query names through discovery, as demo mode
// finds them in the estate: explicit names (each must exist), a pattern, a region.
func (m *Mode) resolveMetrics(ctx context.Context, q query.Query, fresh bool) (*metricsQuery, error) {
	kind := model.ResourceKind(q.ResourceKind)
	spec, err := model.Metric(kind, q.Metric)
	if err != nil {
		return nil, mode.BadRequest(err)
	}
	regions := m.queryRegions(q)
	found, err := m.planner.Discover(ctx, cloudwatch.Discovery{Regions: regions, Namespace: spec.Namespace, Metric: spec.Name, Dimension: spec.Dimension, Fresh: fresh})
	if err != nil {
		return nil, mode.Downstream(backend.StatusBadGateway, err)
	}
	named := m.namesOfIDs(ctx, kind, regions)
	nameOf := func(r cloudwatch.Resource) string { return cmp.Or(named[upstreamKey{r.Region, r.Name}], r.Name) }
	var selected []cloudwatch.Resource
	if len(q.Names) > 0 {
		for _, name := range q.Names {
			n := len(selected)
			for _, r := range found {
				if r.Name == name || nameOf(r) == name {
					selected = append(selected, r)
				}
			}
			if len(selected) == n {
				return nil, mode.BadRequest(fmt.Errorf(
					"no %s resource named %q in %s: CloudWatch lists no %s %s for it in the last two weeks",
					kind, name, strings.Join(regions, ", "), spec.Namespace, spec.Name))
			}
		}
	} else {
		selected = found
	}
	if q.NamePattern != nil {
		selected = slices.DeleteFunc(selected, func(r cloudwatch.Resource) bool { return !q.NamePattern.MatchString(nameOf(r)) })
	}
	if q.UpstreamOf != "" {
		sm, err := m.discoverMap(ctx, regions, fresh)
		if err != nil {
			return nil, err
		}
		upstream := upstreamOf(sm, kind, q.UpstreamOf)
		selected = slices.DeleteFunc(selected, func(r cloudwatch.Resource) bool { return !upstream[upstreamKey{r.Region, r.Name}] })
	}
	if q.Runtime != "" {
		// Only Lambda functions have a runtime, as in demo mode.
		runtimes := map[[2]string]string{}
		if kind == model.KindLambda {
			fs, err := m.functions.Functions(ctx, regions, fresh)
			if err != nil {
				return nil, mode.Downstream(backend.StatusBadGateway, fmt.Errorf("the runtime filter needs Lambda's function list: %w", err))
			}
			for _, f := range fs {
				runtimes[[2]string{f.Region, f.Name}] = f.Runtime
			}
		}
		selected = slices.DeleteFunc(selected, func(r cloudwatch.Resource) bool { return runtimes[[2]string{r.Region, r.Name}] != q.Runtime })
	}
	mq := &metricsQuery{q: q, spec: spec, period: q.EffectivePeriod(m.now())}
	for _, r := range selected {
		mq.targets = append(mq.targets, seriesTarget{
			resource: frames.SeriesOf{Kind: kind, Name: nameOf(r), Region: r.Region, ID: r.Name},
			want: cloudwatch.Want{Series: cloudwatch.Series{
				Region: r.Region, Namespace: spec.Namespace, MetricName: spec.Name, Stat: q.Statistic, Period: mq.period,
				Dimensions: []cloudwatch.Dimension{{Name: spec.Dimension, Value: r.Name}},
			}, From: q.From, To: q.To},
		})
	}
	return mq, nil
}

// metricFrames shapes the query's series as demo mode does, with CloudWatch's messages and
// errors as notices on the frames they concern and the request's figures in the frame meta. When
// no series has data it also returns the reason.
func metricFrames(mq *metricsQuery, fetched *cloudwatch.Response) (data.Frames, error) {
	out := make(data.Frames, 0, len(mq.targets))
	var failures []error
	window := cloudwatch.Align(mq.q.From, mq.q.To, mq.period)
	for _, t := range mq.targets {
		r := fetched.Result(t.want)
		var frame *data.Frame
		if r.Err != nil {
			failures = append(failures, r.Err)
			frame = frames.Metric(t.resource, mq.spec, mq.q.Statistic, mq.period, []time.Time{}, []float64{})
			frame.AppendNotices(data.Notice{Severity: data.NoticeSeverityError, Text: r.Err.Error()})
		} else {
			times, values := onGrid(window, mq.period, r, mq.q.Statistic)
			frame = frames.Metric(t.resource, mq.spec, mq.q.Statistic, mq.period, times, values)
			for _, w := range r.Warnings {
				frame.AppendNotices(data.Notice{Severity: data.NoticeSeverityWarning, Text: w})
			}
		}
		addFigures(frame, fetched.Stats, len(mq.targets))
		out = append(out, frame)
	}
	if len(failures) == 0 || len(failures) < len(mq.targets) {
		return out, nil
	}
	failure := cloudWatchFailure(failures[0])
	if failure.Status == backend.StatusBadRequest {
		return nil, failure
	}
	return out, failure
}

// cloudWatchFailure gives the status of a query CloudWatch gave no data at all: throttling,
// timeouts and CloudWatch's own failures are downstream; too many datapoints is the query's own.
func cloudWatchFailure(err error) *mode.StatusError {
	var throttled *cloudwatch.ThrottledError
	switch {
	case errors.As(err, &throttled):
		return mode.Downstream(backend.StatusTooManyRequests, err)
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return mode.Downstream(backend.StatusTimeout, err)
	case errors.Is(err, cloudwatch.ErrTooManyPoints):
		return mode.BadRequest(err)
	}
	return mode.Downstream(backend.StatusBadGateway, err)
}

// onGrid places CloudWatch's datapoints on the query's periods. CloudWatch leaves out periods
// without data: for Sum and SampleCount that is zero, as demo mode shows it; for other
// statistics the period is left out too, a gap Grafana draws as such.
func onGrid(window cloudwatch.Window, period time.Duration, r *cloudwatch.Result, statistic string) ([]time.Time, []float64) {
	n := int(window.Points(period))
	got := make(map[int64]float64, len(r.Times))
	for i, t := range r.Times {
		got[t.Unix()] = r.Values[i]
	}
	zeroFill := statistic == "Sum" || statistic == "SampleCount"
	times := make([]time.Time, 0, n)
	values := make([]float64, 0, n)
	for i := range n {
		t := window.Start.Add(time.Duration(i) * period)
		v, ok := got[t.Unix()]
		if !ok && !zeroFill {
			continue
		}
		times = append(times, t)
		values = append(values, v)
	}
	return times, values
}

// addFigures puts the request's CloudWatch figures in the frame meta: Custom for the query
// inspector's JSON, Stats for its Stats tab.
func addFigures(frame *data.Frame, s cloudwatch.Stats, seriesInQuery int) {
	frame.Meta.Custom = map[string]any{"cloudwatch": s, "seriesInQuery": seriesInQuery}
	stat := func(name, unit string, v float64) data.QueryStat {
		return data.QueryStat{FieldConfig: data.FieldConfig{DisplayName: name, Unit: unit}, Value: v}
	}
	frame.Meta.Stats = []data.QueryStat{
		stat("CloudWatch metrics requested", "short", float64(s.MetricsRequested)),
		stat("CloudWatch API calls", "short", float64(s.GetMetricDataCalls+s.ListMetricsCalls)),
		stat("Estimated GetMetricData cost", "currencyUSD", s.EstimatedCostUSD),
	}
}

// deadlineError is err, or, once ctx is done, err with the time the queries ran, their deadline
// and the attempts sent to CloudWatch (retries included), with a timeout's status.
func deadlineError(ctx context.Context, err error) error {
	if ctx.Err() == nil {
		return err
	}
	var se *mode.StatusError
	if errors.As(err, &se) && se.Status == backend.StatusBadRequest {
		return err
	}
	return mode.Downstream(backend.StatusTimeout, budget.Overrun(ctx, err, fmt.Sprintf("%d attempts sent to CloudWatch", cloudwatch.Attempts(ctx))))
}
