package demo

import (
	"slices"
)

// ResourceKind is a kind of AWS resource the estate simulates.
type ResourceKind string

const (
	KindLambda       ResourceKind = "lambda"
	KindAPIGateway   ResourceKind = "apigateway"
	KindAPIGatewayV2 ResourceKind = "apigatewayv2"
	KindSQS          ResourceKind = "sqs"
	KindStates       ResourceKind = "states"
	KindEvents       ResourceKind = "events"
	KindDynamoDB     ResourceKind = "dynamodb"
	KindRDS          ResourceKind = "rds"
)

// Kinds lists every resource kind, in the order editors offer them.
var Kinds = []ResourceKind{KindLambda, KindAPIGateway, KindAPIGatewayV2, KindSQS, KindStates, KindEvents, KindDynamoDB, KindRDS}

// Flows group resources by the system they belong to.
const (
	FlowPayments  = "payments"
	FlowOrders    = "orders"
	FlowBooking   = "booking"
	FlowSynthetic = "synthetic"
)

// ResourceRef names a resource.
type ResourceRef struct {
	Kind ResourceKind
	Name string
}

// Resource is one simulated AWS resource.
type Resource struct {
	Kind   ResourceKind
	Name   string
	Region string
	// Flow is the system the resource belongs to: FlowPayments, FlowOrders, FlowBooking or FlowSynthetic.
	Flow string
	// Downstream are the resources this one calls or sends messages to, as on the service map.
	Downstream []ResourceRef

	// Lambda functions only; zero for other kinds.
	Runtime          string
	MemoryMB         int
	TimeoutSeconds   int
	ConcurrencyLimit int

	model
}

// Options configures an estate.
type Options struct {
	// Functions scales the estate up to this many Lambda functions; 0 or fewer than the base
	// estate keeps the base estate.
	Functions int
}

// Estate is a generated serverless system. It is immutable and safe for concurrent use.
type Estate struct {
	byKind  map[ResourceKind][]Resource
	byName  map[ResourceKind]map[string]int
	regions []string
}

// New builds the base estate and, if asked, synthetic functions up to Options.Functions.
func New(opts Options) *Estate {
	resources := baseEstate()
	functions := 0
	for _, r := range resources {
		if r.Kind == KindLambda {
			functions++
		}
	}
	for i := 0; functions < opts.Functions; i++ {
		resources = append(resources, syntheticFunction(i))
		functions++
	}
	e := &Estate{byKind: map[ResourceKind][]Resource{}, byName: map[ResourceKind]map[string]int{}}
	for _, r := range resources {
		r.prepare()
		for _, f := range flows {
			if f.From == (ResourceRef{r.Kind, r.Name}) {
				r.Downstream = append(r.Downstream, f.To)
			}
		}
		if e.byName[r.Kind] == nil {
			e.byName[r.Kind] = map[string]int{}
		}
		e.byName[r.Kind][r.Name] = len(e.byKind[r.Kind])
		e.byKind[r.Kind] = append(e.byKind[r.Kind], r)
		if !slices.Contains(e.regions, r.Region) {
			e.regions = append(e.regions, r.Region)
		}
	}
	slices.Sort(e.regions)
	for _, rs := range e.byKind {
		for i := range rs {
			if rs[i].driverName != "" {
				rs[i].driver = &e.byKind[KindLambda][e.byName[KindLambda][rs[i].driverName]]
			}
		}
	}
	return e
}

// Resources lists the resources of a kind in a stable order. The caller must not modify it.
func (e *Estate) Resources(kind ResourceKind) []Resource {
	return e.byKind[kind]
}

// Resource finds one resource by kind and name.
func (e *Estate) Resource(kind ResourceKind, name string) (Resource, bool) {
	i, ok := e.byName[kind][name]
	if !ok {
		return Resource{}, false
	}
	return e.byKind[kind][i], true
}

// Function finds one Lambda function by name.
func (e *Estate) Function(name string) (Resource, bool) {
	return e.Resource(KindLambda, name)
}

// Regions lists the regions the estate runs in, sorted.
func (e *Estate) Regions() []string {
	return slices.Clone(e.regions)
}
