package query

import (
	"slices"

	"github.com/seed/serverless/pkg/model"
)

// Matches says whether a resource passes the query's filters: its region, runtime and name
// pattern, and, with upstreamOf, whether it calls the named function.
func (q Query) Matches(r model.Resource) bool {
	return (q.Region == "" || r.Region == q.Region) && (q.Runtime == "" || r.Runtime == q.Runtime) &&
		(q.NamePattern == nil || q.NamePattern.MatchString(r.Name)) &&
		(q.UpstreamOf == "" || slices.Contains(r.Downstream, model.ResourceRef{Kind: model.KindLambda, Name: q.UpstreamOf}))
}

// InInventory says whether an inventory query shows a function: names that match none are left
// out rather than refused, unlike a metrics query's.
func (q Query) InInventory(f model.Resource) bool {
	return q.Matches(f) && (len(q.Names) == 0 || slices.Contains(q.Names, f.Name))
}

// VariableKinds are the resource kinds a variable of resources lists.
var VariableKinds = map[Variable][]model.ResourceKind{
	VariableFunctions:     {model.KindLambda},
	VariableAPIs:          {model.KindAPIGateway, model.KindAPIGatewayV2},
	VariableQueues:        {model.KindSQS},
	VariableStateMachines: {model.KindStates},
}

var presetFilters = map[LogPreset]model.LogFilter{
	PresetNone:       model.LogsAll,
	PresetErrors:     model.LogsErrors,
	PresetTimeouts:   model.LogsTimeouts,
	PresetColdStarts: model.LogsColdStarts,
	PresetTopErrors:  model.LogsErrors,
}

// LogFilter narrows a logs query to the lines its preset is about.
func (q Query) LogFilter() model.LogFilter { return presetFilters[q.Preset] }
