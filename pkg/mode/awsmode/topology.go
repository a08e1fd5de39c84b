package awsmode

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/cloudwatch"
	"github.com/seed/serverless/pkg/frames"
	"github.com/seed/serverless/pkg/mode"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
	"github.com/seed/serverless/pkg/servicemap"
)

// Topology answers a topology query in AWS mode: the discovered service map, with each node's
// requests/min and error % over the range read from CloudWatch in one fetch.
func (m *Mode) Topology(ctx context.Context, q query.Query, fresh bool) backend.DataResponse {
	sm, err := m.discoverMap(ctx, m.regions, fresh)
	if err != nil {
		return mode.ErrorResponse(err)
	}
	nodes, deadLetter := mapNodes(sm)
	period := q.EffectivePeriod(m.now())
	var wants []cloudwatch.Want
	for _, r := range nodes {
		for _, metric := range []string{model.TrafficMetrics[r.Kind][0], model.TrafficMetrics[r.Kind][1]} {
			if metric != "" {
				wants = append(wants, nodeWant(r, metric, period, q))
			}
		}
	}
	fetched := m.planner.Fetch(ctx, cloudwatch.Request{Wants: wants, Fresh: fresh})
	window := cloudwatch.Align(q.From, q.To, period)
	minutes := window.End.Sub(window.Start).Minutes()
	var failures []error
	total := func(r servicemap.Resource, metric string) float64 {
		res := fetched.Result(nodeWant(r, metric, period, q))
		if res.Err != nil {
			failures = append(failures, res.Err)
		}
		t := 0.0
		for _, v := range res.Values {
			t += v
		}
		return t
	}
	var topo model.Topology
	rates := map[model.ResourceRef]float64{}
	for _, r := range nodes {
		traffic := total(r, model.TrafficMetrics[r.Kind][0])
		n := model.Node{Resource: model.Resource{Kind: r.Kind, Name: r.Name, Region: r.Region}, RequestsPerMinute: traffic / minutes}
		switch {
		case deadLetter[r.Ref()] && traffic > 0:
			n.ErrorRate = 100
		case model.TrafficMetrics[r.Kind][1] != "" && traffic > 0:
			n.ErrorRate = 100 * total(r, model.TrafficMetrics[r.Kind][1]) / traffic
		}
		n.Health = model.NodeHealth(n.ErrorRate)
		rates[r.Ref()] = n.RequestsPerMinute
		topo.Nodes = append(topo.Nodes, n)
	}
	for _, e := range sm.Edges {
		// An edge carries what its target handles, as in demo mode.
		topo.Edges = append(topo.Edges, model.TrafficEdge{Edge: model.Edge{From: e.From.Ref(), To: e.To.Ref()}, RequestsPerMinute: rates[e.To.Ref()]})
	}
	frames := frames.Topology(topo)
	if len(failures) > 0 && len(failures) == len(wants) {
		return mode.ErrorResponse(mode.Downstream(backend.StatusBadGateway, fmt.Errorf("the service map's traffic: %w", errors.Join(failures...))))
	}
	for _, err := range failures {
		frames[0].AppendNotices(data.Notice{Severity: data.NoticeSeverityWarning, Text: err.Error()})
	}
	return backend.DataResponse{Frames: frames}
}

// mapNodes are the resources the edges link, in edge order, and which of them are dead-letter
// queues, whose every message is a failure.
func mapNodes(m servicemap.Map) ([]servicemap.Resource, map[model.ResourceRef]bool) {
	var nodes []servicemap.Resource
	seen := map[model.ResourceRef]bool{}
	deadLetter := map[model.ResourceRef]bool{}
	for _, e := range m.Edges {
		if e.From.Kind == model.KindSQS && e.To.Kind == model.KindSQS {
			deadLetter[e.To.Ref()] = true
		}
		for _, r := range []servicemap.Resource{e.From, e.To} {
			if !seen[r.Ref()] {
				seen[r.Ref()] = true
				nodes = append(nodes, r)
			}
		}
	}
	return nodes, deadLetter
}

// nodeWant is the sum of a node's metric over the query range.
func nodeWant(r servicemap.Resource, metric string, period time.Duration, q query.Query) cloudwatch.Want {
	spec, _ := model.Metric(r.Kind, metric)
	return cloudwatch.Want{Series: cloudwatch.Series{Region: r.Region, Namespace: spec.Namespace, MetricName: spec.Name, Stat: "Sum", Period: period,
		Dimensions: []cloudwatch.Dimension{{Name: spec.Dimension, Value: r.MetricID}}}, From: q.From, To: q.To}
}
