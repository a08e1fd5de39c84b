package plugin

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

	"github.com/seed/serverless/pkg/cloudwatch"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
)

// awsMetricsQuery is a metrics query resolved to the series it needs.
type awsMetricsQuery struct {
	q       query.Query
	spec    model.MetricSpec
	period  time.Duration
	targets []awsTarget
}

type awsTarget struct {
	resource seriesOf
	want     cloudwatch.Want
}

// fromAlert says whether Grafana's alerting engine sent the request.
func fromAlert(headers map[string]string) bool {
	for k, v := range headers {
		if strings.EqualFold(k, "FromAlert") && v == "true" {
			return true
		}
	}
	return false
}

// queryAWS answers a request in AWS mode. Every metrics query of the request is fetched by one
// planner call, so duplicates are asked for once and calls are as few as CloudWatch allows. The
// queries run twice through the metric options shared with demo mode (baseline, label...): once
// to collect the series they need, then, after the one fetch, to shape the answers.
func (d *Datasource) queryAWS(ctx context.Context, req *backend.QueryDataRequest, response *backend.QueryDataResponse) {
	fresh := fromAlert(req.Headers)
	ctx = cloudwatch.WithStats(ctx)
	var metrics []query.Query
	// Logs and variable queries run beside the metrics fetch: an Insights query takes seconds.
	var (
		others   sync.WaitGroup
		othersMu sync.Mutex
		answered = map[string]backend.DataResponse{}
	)
	defer func() {
		others.Wait()
		for refID, r := range answered {
			response.Responses[refID] = r
		}
	}()
	for _, dq := range req.Queries {
		response.Responses[dq.RefID] = guard(dq.RefID, func() backend.DataResponse {
			q, err := query.Parse(dq)
			if err != nil {
				return backend.ErrDataResponse(backend.StatusBadRequest, err.Error())
			}
			var answer func() backend.DataResponse
			switch q.Kind {
			case query.KindLogs:
				answer = func() backend.DataResponse { return d.awsLogs(ctx, q, fresh) }
			case query.KindVariable:
				answer = func() backend.DataResponse { return d.awsVariable(ctx, q, fresh) }
			case query.KindAnnotations:
				answer = func() backend.DataResponse { return d.awsAnnotations(ctx, q, fresh) }
			case query.KindInventory:
				answer = func() backend.DataResponse { return d.awsInventory(ctx, q, fresh) }
			case query.KindTopology:
				answer = func() backend.DataResponse { return d.awsTopology(ctx, q, fresh) }
			case query.KindSLO:
				answer = func() backend.DataResponse { return d.awsSLO(ctx, q, fresh) }
			}
			if answer != nil {
				others.Add(1)
				go func() {
					defer others.Done()
					r := guard(q.RefID, answer)
					othersMu.Lock()
					defer othersMu.Unlock()
					answered[q.RefID] = r
				}()
				return backend.DataResponse{}
			}
			if msg := unavailableInAWSMode(q); msg != "" {
				return backend.ErrDataResponse(backend.StatusNotImplemented, msg)
			}
			metrics = append(metrics, q)
			return backend.DataResponse{}
		})
	}
	if len(metrics) == 0 {
		return
	}
	timeouts := d.awsTimeouts(ctx, fresh)
	collect := &awsRun{d: d, ctx: ctx, fresh: fresh}
	for _, q := range metrics {
		// Errors show up again in the second pass, where they are reported.
		guard(q.RefID, func() backend.DataResponse {
			_, _ = withMetricOptions(q, collect.metrics, timeouts.lookup)
			return backend.DataResponse{}
		})
	}
	var fetched *cloudwatch.Response
	failed := guard("the CloudWatch fetch", func() backend.DataResponse {
		fetched = d.planner.Fetch(ctx, cloudwatch.Request{Wants: collect.wants, Fresh: fresh})
		return backend.DataResponse{}
	})
	answer := &awsRun{d: d, ctx: ctx, fresh: fresh, fetched: fetched, failed: map[string]error{}}
	for _, q := range metrics {
		if failed.Error != nil {
			response.Responses[q.RefID] = failed
			continue
		}
		response.Responses[q.RefID] = guard(q.RefID, func() backend.DataResponse {
			frames, err := withMetricOptions(q, answer.metrics, timeouts.lookup)
			if err != nil && q.OfTimeout && timeouts.err != nil {
				err = &statusError{status: backend.StatusBadGateway, downstream: true, err: fmt.Errorf("ofTimeout needs the functions' timeouts: %w", timeouts.err)}
			}
			if err == nil {
				err = answer.failed[q.RefID]
			}
			if err != nil {
				// Frames that say why they are empty stay, for panels; the error is for alert
				// rules, which should not read an outage as "no data".
				res := errorResponse(err)
				res.Frames = frames
				return res
			}
			return backend.DataResponse{Frames: frames}
		})
	}
}

// unavailableInAWSMode names the options AWS mode cannot answer, and why.
func unavailableInAWSMode(q query.Query) string {
	functions := model.ResourceKind(q.ResourceKind) == model.KindLambda || q.Kind == query.KindInventory ||
		q.Variable == query.VariableFunctions || q.Variable == query.VariableRuntimes
	if q.UpstreamOf != "" && functions {
		return "upstreamOf on Lambda functions is not available in AWS mode: AWS lists what invokes a function (APIs, queues, " +
			"state machines, rules), not which functions call each other; use it on apigateway, apigatewayv2, sqs, states or events"
	}
	return ""
}

// awsTimeoutTable looks functions' timeouts up in Lambda's ListFunctions, listed on first use for
// the request, over the watched regions.
type awsTimeoutTable struct {
	d     *Datasource
	ctx   context.Context
	fresh bool
	once  sync.Once
	ms    map[string]float64
	err   error
}

func (d *Datasource) awsTimeouts(ctx context.Context, fresh bool) *awsTimeoutTable {
	return &awsTimeoutTable{d: d, ctx: ctx, fresh: fresh}
}

// lookup is a function's timeout in milliseconds. A function of the same name in two regions
// takes the timeout of the first region listed in the settings.
func (t *awsTimeoutTable) lookup(function string) (float64, bool) {
	t.once.Do(func() {
		fs, err := t.d.functions.Functions(t.ctx, t.d.settings.AWS.Regions, t.fresh)
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

// statusError carries the status a query's error should be answered with.
type statusError struct {
	status     backend.Status
	downstream bool
	err        error
}

func (e *statusError) Error() string { return e.err.Error() }
func (e *statusError) Unwrap() error { return e.err }

func errorResponse(err error) backend.DataResponse {
	var se *statusError
	if errors.As(err, &se) {
		res := backend.DataResponse{Error: err, Status: se.status}
		if se.downstream {
			res.ErrorSource = backend.ErrorSourceDownstream
		}
		return res
	}
	return backend.ErrDataResponse(backend.StatusBadRequest, err.Error())
}

// awsRun answers the metrics (sub)queries that withMetricOptions runs: without fetched, it only
// collects the series they need; with it, it shapes their frames.
type awsRun struct {
	d       *Datasource
	ctx     context.Context
	fresh   bool
	fetched *cloudwatch.Response
	wants   []cloudwatch.Want
	// failed holds, by refId, why a query has no data at all.
	failed map[string]error
}

func (a *awsRun) metrics(q query.Query) (data.Frames, error) {
	mq, err := a.d.resolveAWSMetrics(a.ctx, q, a.fresh)
	if err != nil {
		return nil, err
	}
	if a.fetched == nil {
		for _, t := range mq.targets {
			a.wants = append(a.wants, t.want)
		}
		return data.Frames{}, nil
	}
	frames, err := awsMetricFrames(mq, a.fetched)
	var se *statusError
	if errors.As(err, &se) && se.status != backend.StatusBadRequest {
		if _, seen := a.failed[q.RefID]; !seen {
			a.failed[q.RefID] = err
		}
		return frames, nil
	}
	return frames, err
}

// resolveAWSMetrics finds the resources a metrics query names through discovery, as demo mode
// finds them in the estate: explicit names (each must exist), a pattern, a region.
func (d *Datasource) resolveAWSMetrics(ctx context.Context, q query.Query, fresh bool) (*awsMetricsQuery, error) {
	kind := model.ResourceKind(q.ResourceKind)
	spec, err := model.Metric(kind, q.Metric)
	if err != nil {
		return nil, &statusError{status: backend.StatusBadRequest, err: err}
	}
	regions := d.queryRegions(q)
	found, err := d.planner.Discover(ctx, cloudwatch.Discovery{Regions: regions, Namespace: spec.Namespace, Metric: spec.Name, Dimension: spec.Dimension, Fresh: fresh})
	if err != nil {
		return nil, &statusError{status: backend.StatusBadGateway, downstream: true, err: err}
	}
	named := d.awsNamesByID(ctx, kind, regions)
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
				return nil, &statusError{status: backend.StatusBadRequest, err: fmt.Errorf(
					"no %s resource named %q in %s: CloudWatch lists no %s %s for it in the last two weeks",
					kind, name, strings.Join(regions, ", "), spec.Namespace, spec.Name)}
			}
		}
	} else {
		selected = found
	}
	if q.NamePattern != nil {
		selected = slices.DeleteFunc(selected, func(r cloudwatch.Resource) bool { return !q.NamePattern.MatchString(nameOf(r)) })
	}
	if q.UpstreamOf != "" {
		m, err := d.awsServiceMap(ctx, regions, fresh)
		if err != nil {
			return nil, err
		}
		upstream := upstreamOf(m, kind, q.UpstreamOf)
		selected = slices.DeleteFunc(selected, func(r cloudwatch.Resource) bool { return !upstream[upstreamKey{r.Region, r.Name}] })
	}
	if q.Runtime != "" {
		// Only Lambda functions have a runtime, as in demo mode.
		runtimes := map[[2]string]string{}
		if kind == model.KindLambda {
			fs, err := d.functions.Functions(ctx, regions, fresh)
			if err != nil {
				return nil, &statusError{status: backend.StatusBadGateway, downstream: true, err: fmt.Errorf("the runtime filter needs Lambda's function list: %w", err)}
			}
			for _, f := range fs {
				runtimes[[2]string{f.Region, f.Name}] = f.Runtime
			}
		}
		selected = slices.DeleteFunc(selected, func(r cloudwatch.Resource) bool { return runtimes[[2]string{r.Region, r.Name}] != q.Runtime })
	}
	mq := &awsMetricsQuery{q: q, spec: spec, period: q.EffectivePeriod(now())}
	for _, r := range selected {
		mq.targets = append(mq.targets, awsTarget{
			resource: seriesOf{Kind: kind, Name: nameOf(r), Region: r.Region, ID: r.Name},
			want: cloudwatch.Want{Series: cloudwatch.Series{
				Region: r.Region, Namespace: spec.Namespace, MetricName: spec.Name, Stat: q.Statistic, Period: mq.period,
				Dimensions: []cloudwatch.Dimension{{Name: spec.Dimension, Value: r.Name}},
			}, From: q.From, To: q.To},
		})
	}
	return mq, nil
}

// awsMetricFrames shapes the query's series as demo mode does, with CloudWatch's messages and
// errors as notices on the frames they concern and the request's figures in the frame meta. When
// no series has data it also returns the reason.
func awsMetricFrames(mq *awsMetricsQuery, fetched *cloudwatch.Response) (data.Frames, error) {
	frames := make(data.Frames, 0, len(mq.targets))
	var failures []error
	window := cloudwatch.Align(mq.q.From, mq.q.To, mq.period)
	for _, t := range mq.targets {
		r := fetched.Result(t.want)
		var frame *data.Frame
		if r.Err != nil {
			failures = append(failures, r.Err)
			frame = metricFrame(t.resource, mq.spec, mq.q.Statistic, mq.period, []time.Time{}, []float64{})
			frame.AppendNotices(data.Notice{Severity: data.NoticeSeverityError, Text: r.Err.Error()})
		} else {
			times, values := onGrid(window, mq.period, r, mq.q.Statistic)
			frame = metricFrame(t.resource, mq.spec, mq.q.Statistic, mq.period, times, values)
			for _, w := range r.Warnings {
				frame.AppendNotices(data.Notice{Severity: data.NoticeSeverityWarning, Text: w})
			}
		}
		addFigures(frame, fetched.Stats, len(mq.targets))
		frames = append(frames, frame)
	}
	if len(failures) == 0 || len(failures) < len(mq.targets) {
		return frames, nil
	}
	failure := cloudWatchFailure(failures[0])
	if failure.status == backend.StatusBadRequest {
		return nil, failure
	}
	return frames, failure
}

// cloudWatchFailure gives the status of a query CloudWatch gave no data at all: throttling,
// timeouts and CloudWatch's own failures are downstream; too many datapoints is the query's own.
func cloudWatchFailure(err error) *statusError {
	var throttled *cloudwatch.ThrottledError
	switch {
	case errors.As(err, &throttled):
		return &statusError{status: backend.StatusTooManyRequests, downstream: true, err: err}
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return &statusError{status: backend.StatusTimeout, downstream: true, err: err}
	case errors.Is(err, cloudwatch.ErrTooManyPoints):
		return &statusError{status: backend.StatusBadRequest, err: err}
	}
	return &statusError{status: backend.StatusBadGateway, downstream: true, err: err}
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
