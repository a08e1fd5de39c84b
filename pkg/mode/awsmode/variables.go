package awsmode

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/frames"
	"github.com/seed/serverless/pkg/mode"
	"github.com/seed/serverless/pkg/query"
	"github.com/seed/serverless/pkg/servicemap"
)

// Variable answers variable queries in AWS mode with the frame demo mode answers with: the
// watched regions, the data source's SLOs, the functions and runtimes Lambda lists, and the APIs,
// queues and state machines the service map discovers.
func (m *Mode) Variable(ctx context.Context, q query.Query, fresh bool) backend.DataResponse {
	if msg := unavailable(q); msg != "" {
		return backend.ErrDataResponse(backend.StatusNotImplemented, msg)
	}
	switch q.Variable {
	case query.VariableRegions:
		return backend.DataResponse{Frames: data.Frames{frames.Variable(slices.Sorted(slices.Values(m.regions)))}}
	case query.VariableSLOs:
		return backend.DataResponse{Frames: data.Frames{frames.Variable(m.sloNames())}}
	case query.VariableFunctions, query.VariableRuntimes:
		return m.functionVariable(ctx, q, fresh)
	case query.VariableAPIs, query.VariableQueues, query.VariableStateMachines:
		return m.serviceMapVariable(ctx, q, fresh)
	}
	return backend.ErrDataResponse(backend.StatusBadRequest, fmt.Sprintf("variable %q is not known", q.Variable))
}

func (m *Mode) functionVariable(ctx context.Context, q query.Query, fresh bool) backend.DataResponse {
	fs, err := m.functions.Functions(ctx, m.queryRegions(q), fresh)
	if err != nil {
		return mode.ErrorResponse(mode.Downstream(backend.StatusBadGateway, err))
	}
	var values []string
	for _, f := range fs {
		if (q.Runtime != "" && f.Runtime != q.Runtime) || (q.NamePattern != nil && !q.NamePattern.MatchString(f.Name)) {
			continue
		}
		if q.Variable == query.VariableFunctions {
			values = append(values, f.Name)
		} else if !slices.Contains(values, f.Runtime) {
			values = append(values, f.Runtime)
		}
	}
	slices.Sort(values)
	return backend.DataResponse{Frames: data.Frames{frames.Variable(values)}}
}

// serviceMapVariable lists the resources of the variable's kinds by name. Its values are what
// metrics queries name the resources by, CloudWatch's dimension value: the name, but an HTTP
// API's id and a state machine's ARN, which the text then shows by name.
func (m *Mode) serviceMapVariable(ctx context.Context, q query.Query, fresh bool) backend.DataResponse {
	sm, err := m.discoverMap(ctx, m.queryRegions(q), fresh)
	if err != nil {
		return mode.ErrorResponse(err)
	}
	upstream := map[upstreamKey]bool{}
	for _, kind := range query.VariableKinds[q.Variable] {
		maps.Copy(upstream, upstreamOf(sm, kind, q.UpstreamOf))
	}
	var options []servicemap.Resource
	for _, r := range sm.Resources {
		// Only Lambda functions have a runtime, as in demo mode.
		if !slices.Contains(query.VariableKinds[q.Variable], r.Kind) || q.Runtime != "" || (q.NamePattern != nil && !q.NamePattern.MatchString(r.Name)) {
			continue
		}
		if q.UpstreamOf != "" && !upstream[upstreamKey{r.Region, r.MetricID}] {
			continue
		}
		options = append(options, r)
	}
	slices.SortFunc(options, func(a, b servicemap.Resource) int { return strings.Compare(a.Name, b.Name) })
	texts, values := make([]string, len(options)), make([]string, len(options))
	for i, r := range options {
		texts[i], values[i] = r.Name, r.MetricID
	}
	frame := frames.Variable(texts)
	frame.Fields[1] = data.NewField("value", nil, values)
	return backend.DataResponse{Frames: data.Frames{frame}}
}

// queryRegions are the watched regions, or the one the query names.
func (m *Mode) queryRegions(q query.Query) []string {
	if q.Region != "" {
		return []string{q.Region}
	}
	return m.regions
}
