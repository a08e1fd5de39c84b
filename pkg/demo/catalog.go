package demo

import "github.com/seed/serverless/pkg/model"

// metricGenerator computes one metric of the catalog (model.Metrics) for a resource, a minute at a time.
type metricGenerator struct {
	name     string
	generate func(r *resource, minute int64) sample
}

// metric generates a counter or a distribution: its samples carry their own count.
func metric(name string, gen func(r *resource, minute int64) sample) metricGenerator {
	return metricGenerator{name: name, generate: gen}
}

// gauge generates a metric that has one value a minute.
func gauge(name string, gen func(r *resource, minute int64) float64) metricGenerator {
	return metricGenerator{name: name, generate: func(r *resource, minute int64) sample { return gaugeSample(gen(r, minute)) }}
}

// noise is a resource's own deterministic noise in [0, 1) for a metric in a minute.
func noise(r *resource, minute int64, salt uint64) float64 {
	return unit(r.seed, minute, salt)
}

var generators = byName(map[model.ResourceKind][]metricGenerator{
	model.KindLambda:       lambdaMetrics,
	model.KindAPIGateway:   apiMetrics("4XXError", "5XXError", restIntegrationTimeoutMs),
	model.KindAPIGatewayV2: apiMetrics("4xx", "5xx", httpIntegrationTimeoutMs),
	model.KindSQS:          queueMetrics,
	model.KindStates:       stateMachineMetrics,
	model.KindEvents:       eventBusMetrics,
	model.KindDynamoDB:     tableMetrics,
	model.KindRDS:          databaseMetrics,
})

func byName(lists map[model.ResourceKind][]metricGenerator) map[model.ResourceKind]map[string]metricGenerator {
	out := map[model.ResourceKind]map[string]metricGenerator{}
	for kind, list := range lists {
		out[kind] = map[string]metricGenerator{}
		for _, g := range list {
			out[kind][g.name] = g
		}
	}
	return out
}
