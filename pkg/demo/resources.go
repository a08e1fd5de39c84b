package demo

import (
	"slices"

	"github.com/seed/serverless/pkg/model"
)

// Flows group resources by the system they belong to.
const (
	FlowPayments  = "payments"
	FlowOrders    = "orders"
	FlowBooking   = "booking"
	FlowSynthetic = "synthetic"
)

// resource is one simulated AWS resource: what it is, and what drives its numbers.
type resource struct {
	model.Resource
	simulation
}

// Options configures an estate.
type Options struct {
	// Functions scales the estate up to this many Lambda functions; 0 or fewer than the base
	// estate keeps the base estate.
	Functions int
}

// Estate is a generated serverless system. It is immutable and safe for concurrent use.
type Estate struct {
	byKind map[model.ResourceKind][]resource
	// described are byKind's resources as the domain sees them, without what drives their numbers.
	described map[model.ResourceKind][]model.Resource
	byName    map[model.ResourceKind]map[string]int
	regions   []string
}

// New builds the base estate and, if asked, synthetic functions up to Options.Functions.
func New(opts Options) *Estate {
	resources := baseEstate()
	functions := 0
	for _, r := range resources {
		if r.Kind == model.KindLambda {
			functions++
		}
	}
	for i := 0; functions < opts.Functions; i++ {
		resources = append(resources, syntheticFunction(i))
		functions++
	}
	e := &Estate{byKind: map[model.ResourceKind][]resource{}, described: map[model.ResourceKind][]model.Resource{},
		byName: map[model.ResourceKind]map[string]int{}}
	for _, r := range resources {
		r.prepare()
		for _, f := range flows {
			if f.From == r.Ref() {
				r.Downstream = append(r.Downstream, f.To)
			}
		}
		if e.byName[r.Kind] == nil {
			e.byName[r.Kind] = map[string]int{}
		}
		e.byName[r.Kind][r.Name] = len(e.byKind[r.Kind])
		e.byKind[r.Kind] = append(e.byKind[r.Kind], r)
		e.described[r.Kind] = append(e.described[r.Kind], r.Resource)
		if !slices.Contains(e.regions, r.Region) {
			e.regions = append(e.regions, r.Region)
		}
	}
	slices.Sort(e.regions)
	for _, rs := range e.byKind {
		for i := range rs {
			if rs[i].driverName != "" {
				rs[i].driver = &e.byKind[model.KindLambda][e.byName[model.KindLambda][rs[i].driverName]]
			}
		}
	}
	return e
}

// Resources lists the resources of a kind in a stable order. The caller must not modify it.
func (e *Estate) Resources(kind model.ResourceKind) []model.Resource {
	return e.described[kind]
}

// Resource finds one resource by kind and name.
func (e *Estate) Resource(kind model.ResourceKind, name string) (model.Resource, bool) {
	r, ok := e.find(kind, name)
	if !ok {
		return model.Resource{}, false
	}
	return r.Resource, true
}

// Function finds one Lambda function by name.
func (e *Estate) Function(name string) (model.Resource, bool) {
	return e.Resource(model.KindLambda, name)
}

func (e *Estate) find(kind model.ResourceKind, name string) (*resource, bool) {
	i, ok := e.byName[kind][name]
	if !ok {
		return nil, false
	}
	return &e.byKind[kind][i], true
}

// Regions lists the regions the estate runs in, sorted.
func (e *Estate) Regions() []string {
	return slices.Clone(e.regions)
}

// Has says whether the estate has a resource of the kind under the name; with Series, it makes
// the estate a source of SLO series.
func (e *Estate) Has(kind model.ResourceKind, name string) (bool, error) {
	_, ok := e.find(kind, name)
	return ok, nil
}
