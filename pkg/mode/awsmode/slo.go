package awsmode

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/cloudwatch"
	"github.com/seed/serverless/pkg/mode"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
	"github.com/seed/serverless/pkg/slo/evaluator"
)

// SLO answers a slo query in AWS mode with demo mode's arithmetic, run twice as Metrics runs
// metrics queries: once to collect the series it reads, then, after one planner fetch of them
// all, to compute the answer.
func (m *Mode) SLO(ctx context.Context, q query.Query, fresh bool) backend.DataResponse {
	found := &resourceRegions{ctx: ctx, planner: m.planner, regions: m.regions, fresh: fresh,
		namesByID: func(kind model.ResourceKind) map[upstreamKey]string {
			return m.namesOfIDs(ctx, kind, m.regions)
		}}
	collect := &cloudwatchSource{regions: found}
	if _, err := evaluator.New(m.slos, collect, m.now).Answer(q); err != nil {
		return mode.ErrorResponse(err)
	}
	fetched := m.planner.Fetch(ctx, cloudwatch.Request{Wants: collect.wants, Fresh: fresh})
	read := &cloudwatchSource{regions: found, fetched: fetched}
	frames, err := evaluator.New(m.slos, read, m.now).Answer(q)
	if err != nil {
		return mode.ErrorResponse(err)
	}
	slices.Sort(read.warnings)
	warnings := slices.Compact(read.warnings)
	for _, f := range frames {
		addFigures(f, fetched.Stats, len(collect.wants))
		for _, w := range warnings {
			f.AppendNotices(data.Notice{Severity: data.NoticeSeverityWarning, Text: w})
		}
	}
	return backend.DataResponse{Frames: frames}
}

// cloudwatchSource reads SLO series from CloudWatch: without fetched it only collects the
// series asked for and answers zeros; with it, it answers from it.
type cloudwatchSource struct {
	regions  *resourceRegions
	fetched  *cloudwatch.Response
	wants    []cloudwatch.Want
	warnings []string
}

func (s *cloudwatchSource) Has(kind model.ResourceKind, name string) (bool, error) {
	_, _, ok, err := s.regions.find(kind, name)
	return ok, err
}

// series places CloudWatch's datapoints on the periods of [From, To). A period CloudWatch leaves
// out had no data: no events, so zero for every statistic the SLIs read.
func (s *cloudwatchSource) Series(q model.SeriesQuery) (model.Series, error) {
	spec, err := model.Metric(q.Kind, q.Metric)
	if err != nil {
		return model.Series{}, err
	}
	region, id, ok, err := s.regions.find(q.Kind, q.Name)
	if err != nil {
		return model.Series{}, err
	}
	if !ok {
		return model.Series{}, fmt.Errorf("no %s resource named %q in %s: CloudWatch lists no %s metrics under %s=%s in the last two weeks",
			q.Kind, q.Name, strings.Join(s.regions.regions, ", "), spec.Namespace, spec.Dimension, q.Name)
	}
	want := cloudwatch.Want{Series: cloudwatch.Series{
		Region: region, Namespace: spec.Namespace, MetricName: q.Metric, Stat: q.Statistic, Period: q.Period,
		Dimensions: []cloudwatch.Dimension{{Name: spec.Dimension, Value: id}},
	}, From: q.From, To: q.To}
	window := cloudwatch.Align(q.From, q.To, q.Period)
	n := window.Points(q.Period)
	out := model.Series{Times: make([]time.Time, n), Values: make([]float64, n), Unit: spec.Unit}
	for i := range out.Times {
		out.Times[i] = window.Start.Add(time.Duration(i) * q.Period)
	}
	if s.fetched == nil {
		s.wants = append(s.wants, want)
		return out, nil
	}
	r := s.fetched.Result(want)
	if r.Err != nil {
		return model.Series{}, cloudWatchFailure(r.Err)
	}
	s.warnings = append(s.warnings, r.Warnings...)
	for i, t := range r.Times {
		if k := t.Sub(window.Start) / q.Period; k >= 0 && k < time.Duration(n) {
			out.Values[k] = r.Values[i]
		}
	}
	return out, nil
}

// presenceMetric is a metric every resource of a kind publishes, by which ListMetrics finds it.
var presenceMetric = map[model.ResourceKind]string{
	model.KindLambda:       "Invocations",
	model.KindAPIGateway:   "Count",
	model.KindAPIGatewayV2: "Count",
	model.KindSQS:          "ApproximateAgeOfOldestMessage",
}

// resourceRegions finds the region of each resource an SLI names through ListMetrics: one
// listing per kind for a query, shared by its two passes. It tells a REST API (dimension ApiName)
// from an HTTP API (ApiId) and a function from an API as the estate does in demo mode. An HTTP
// API may be named by its name or its ApiId. A name found in several regions is read in the
// first region of the settings.
type resourceRegions struct {
	ctx       context.Context
	planner   *cloudwatch.Planner
	regions   []string
	fresh     bool
	namesByID func(model.ResourceKind) map[upstreamKey]string
	listed    map[model.ResourceKind][]cloudwatch.Resource
	names     map[model.ResourceKind]map[upstreamKey]string
}

// find gives the region of the resource and the value its metrics carry in their dimension.
func (a *resourceRegions) find(kind model.ResourceKind, name string) (region, id string, ok bool, err error) {
	found, listed := a.listed[kind]
	if !listed {
		spec, err := model.Metric(kind, presenceMetric[kind])
		if err != nil {
			return "", "", false, err
		}
		found, err = a.planner.Discover(a.ctx, cloudwatch.Discovery{Regions: a.regions, Namespace: spec.Namespace, Metric: spec.Name,
			Dimension: spec.Dimension, Fresh: a.fresh})
		if err != nil {
			return "", "", false, cloudWatchFailure(err)
		}
		if a.listed == nil {
			a.listed, a.names = map[model.ResourceKind][]cloudwatch.Resource{}, map[model.ResourceKind]map[upstreamKey]string{}
		}
		a.listed[kind], a.names[kind] = found, a.namesByID(kind)
	}
	i := slices.IndexFunc(found, func(r cloudwatch.Resource) bool {
		return r.Name == name || a.names[kind][upstreamKey{r.Region, r.Name}] == name
	})
	if i < 0 {
		return "", "", false, nil
	}
	return found[i].Region, found[i].Name, true, nil
}
