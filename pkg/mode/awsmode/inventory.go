package awsmode

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/cloudwatch"
	"github.com/seed/serverless/pkg/frames"
	"github.com/seed/serverless/pkg/mode"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
)

// coldStartsUnmeasured says why AWS mode's inventory has no cold start column.
const coldStartsUnmeasured = "Cold start % is empty in AWS mode: AWS/Lambda publishes no cold-start metric. " +
	"The functions' REPORT lines record cold starts: the coldStarts annotation preset marks them."

// Inventory answers an inventory query in AWS mode: the functions Lambda lists, filtered as
// demo mode filters its estate, with figures from one planner fetch.
func (m *Mode) Inventory(ctx context.Context, q query.Query, fresh bool) backend.DataResponse {
	if msg := unavailable(q); msg != "" {
		return backend.ErrDataResponse(backend.StatusNotImplemented, msg)
	}
	regions := m.queryRegions(q)
	all, err := m.functions.Functions(ctx, regions, fresh)
	if err != nil {
		return mode.ErrorResponse(mode.Downstream(backend.StatusBadGateway, err))
	}
	plan := newInventoryPlan(q.From, q.To, m.now())
	for _, f := range all {
		r := model.Resource{Kind: model.KindLambda, Name: f.Name, Region: f.Region, Runtime: f.Runtime, MemoryMB: f.MemoryMB, TimeoutSeconds: f.TimeoutSeconds}
		if q.InInventory(r) {
			plan.functions = append(plan.functions, r)
		}
	}
	return plan.answer(m.planner.Fetch(ctx, cloudwatch.Request{Wants: plan.wants(), Fresh: fresh}))
}

// answer is the inventory frame of the fetched series. A function whose series failed is left
// out with a notice saying why; when every one failed, the query fails too.
func (p inventoryPlan) answer(fetched *cloudwatch.Response) backend.DataResponse {
	var rows []model.FunctionSummary
	var missing []string
	var failure error
	warnings := map[string]bool{}
	for _, f := range p.functions {
		row, warned, err := p.row(f, fetched)
		for _, w := range warned {
			warnings[w] = true
		}
		if err != nil {
			missing = append(missing, f.Name)
			if failure == nil {
				failure = err
			}
			continue
		}
		rows = append(rows, row)
	}
	frame := frames.Inventory(rows, "coldStartRate")
	frame.AppendNotices(data.Notice{Severity: data.NoticeSeverityInfo, Text: coldStartsUnmeasured})
	for _, w := range slices.Sorted(maps.Keys(warnings)) {
		frame.AppendNotices(data.Notice{Severity: data.NoticeSeverityWarning, Text: w})
	}
	addFigures(frame, fetched.Stats, fetched.Stats.SeriesWanted)
	if failure == nil {
		return backend.DataResponse{Frames: data.Frames{frame}}
	}
	frame.AppendNotices(data.Notice{Severity: data.NoticeSeverityError, Text: fmt.Sprintf(
		"%d of %d functions are left out, CloudWatch gave no figures for them (%s): %v",
		len(missing), len(p.functions), listed(missing, 5), failure)})
	if len(rows) > 0 {
		return backend.DataResponse{Frames: data.Frames{frame}}
	}
	// The frame says why it is empty, for panels; the error is for alert rules, which should not
	// read an outage as "no data".
	res := mode.ErrorResponse(cloudWatchFailure(failure))
	res.Frames = data.Frames{frame}
	return res
}

// listed names the first few of names, and how many more there are.
func listed(names []string, few int) string {
	if len(names) <= few {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:few], ", "), len(names)-few)
}

// inventoryPlan is the series the inventory reads for each function. Percentiles, maxima and the
// total duration are one period over the whole range: CloudWatch cannot combine percentiles of
// shorter periods. Invocations and errors come per trend period, and their totals are the sums of
// those periods.
type inventoryPlan struct {
	// whole is the range rounded to grains, the finest period CloudWatch keeps for data that old.
	whole       cloudwatch.Window
	grain       time.Duration
	trendPeriod time.Duration
	functions   []model.Resource
}

func newInventoryPlan(from, to, now time.Time) inventoryPlan {
	grain := query.FinestPeriod(from, now)
	whole := cloudwatch.WholeRange(from, to, grain)
	return inventoryPlan{whole: whole, grain: grain, trendPeriod: time.Duration(trendGrains(whole.Points(grain))) * grain}
}

// trendGrains is the longest period, in grains, whose buckets each fall in one of the
// model.TrendPoints parts that demo mode splits a range of n grains into: the greatest common
// divisor of n and the parts' first grains. A range 24 divides (6 h, a day, a week) gets 24
// buckets; others (1 h, 3 h) get one per grain.
func trendGrains(n int64) int64 {
	g := n
	for part := int64(1); part < model.TrendPoints; part++ {
		first := (part*n + model.TrendPoints - 1) / model.TrendPoints
		for first != 0 {
			g, first = first, g%first
		}
	}
	return g
}

// lambdaMetric is a Lambda metric of the catalog; the tables below name only metrics it has.
func lambdaMetric(name string) model.MetricSpec {
	spec, err := model.Metric(model.KindLambda, name)
	if err != nil {
		panic(err)
	}
	return spec
}

// inventoryMeasures is what CloudWatch measures of a row; FunctionSummary.Derive computes the rest.
type inventoryMeasures struct {
	model.FunctionSummary
	durationSumMs float64
}

// inventoryTotals are the row's figures that are one statistic over the whole range.
var inventoryTotals = []struct {
	spec      model.MetricSpec
	statistic string
	into      func(*inventoryMeasures) *float64
}{
	{lambdaMetric("Throttles"), "Sum", func(m *inventoryMeasures) *float64 { return &m.Throttles }},
	{lambdaMetric("Duration"), "p50", func(m *inventoryMeasures) *float64 { return &m.DurationP50 }},
	{lambdaMetric("Duration"), "p95", func(m *inventoryMeasures) *float64 { return &m.DurationP95 }},
	{lambdaMetric("Duration"), "p99", func(m *inventoryMeasures) *float64 { return &m.DurationP99 }},
	{lambdaMetric("Duration"), "Sum", func(m *inventoryMeasures) *float64 { return &m.durationSumMs }},
	{lambdaMetric("ConcurrentExecutions"), "Maximum", func(m *inventoryMeasures) *float64 { return &m.MaxConcurrency }},
}

// inventoryTrends are the row's sparklines, Sum per trend period, and the totals they add up to.
var inventoryTrends = []struct {
	spec model.MetricSpec
	into func(*inventoryMeasures) (trend *[]float64, total *float64)
}{
	{lambdaMetric("Invocations"), func(m *inventoryMeasures) (*[]float64, *float64) { return &m.InvocationsTrend, &m.Invocations }},
	{lambdaMetric("Errors"), func(m *inventoryMeasures) (*[]float64, *float64) { return &m.ErrorsTrend, &m.Errors }},
}

func (p inventoryPlan) want(f model.Resource, spec model.MetricSpec, statistic string, period time.Duration) cloudwatch.Want {
	return cloudwatch.Want{Series: cloudwatch.Series{
		Region: f.Region, Namespace: spec.Namespace, MetricName: spec.Name, Stat: statistic, Period: period,
		Dimensions: []cloudwatch.Dimension{{Name: spec.Dimension, Value: f.Name}},
	}, From: p.whole.Start, To: p.whole.End, Unaligned: true}
}

func (p inventoryPlan) wants() []cloudwatch.Want {
	wants := make([]cloudwatch.Want, 0, len(p.functions)*(len(inventoryTotals)+len(inventoryTrends)))
	for _, f := range p.functions {
		for _, t := range inventoryTotals {
			wants = append(wants, p.want(f, t.spec, t.statistic, p.whole.Length()))
		}
		for _, t := range inventoryTrends {
			wants = append(wants, p.want(f, t.spec, "Sum", p.trendPeriod))
		}
	}
	return wants
}

// row is a function's inventory row, with CloudWatch's warnings about its series, or the error
// of a series it lacks. CloudWatch leaves out periods without data: zero, as demo mode shows them.
func (p inventoryPlan) row(f model.Resource, fetched *cloudwatch.Response) (model.FunctionSummary, []string, error) {
	m := inventoryMeasures{FunctionSummary: model.FunctionSummary{Function: f}}
	var warnings []string
	for _, t := range inventoryTotals {
		r := fetched.Result(p.want(f, t.spec, t.statistic, p.whole.Length()))
		if r.Err != nil {
			return m.FunctionSummary, warnings, r.Err
		}
		warnings = append(warnings, r.Warnings...)
		if len(r.Values) > 0 {
			*t.into(&m) = r.Values[0]
		}
	}
	for _, t := range inventoryTrends {
		r := fetched.Result(p.want(f, t.spec, "Sum", p.trendPeriod))
		if r.Err != nil {
			return m.FunctionSummary, warnings, r.Err
		}
		warnings = append(warnings, r.Warnings...)
		trend, total := t.into(&m)
		*trend = p.trend(r)
		for _, v := range *trend {
			*total += v
		}
	}
	m.Derive(m.durationSumMs)
	return m.FunctionSummary, warnings, nil
}

// trend adds a trend series' periods into the parts demo mode splits the range into.
func (p inventoryPlan) trend(r *cloudwatch.Result) []float64 {
	parts := make([]float64, model.TrendPoints)
	grains := p.whole.Points(p.grain)
	for i, t := range r.Times {
		offset := int64(t.Sub(p.whole.Start) / p.grain)
		if t.Before(p.whole.Start) || offset >= grains {
			continue
		}
		parts[model.TrendPoint(offset, grains)] += r.Values[i]
	}
	return parts
}
