package demo

import (
	"testing"

	"github.com/seed/serverless/pkg/model"
)

// The estate simulates every metric of the catalog, and nothing the catalog does not list.
func TestEveryCatalogMetricHasAGenerator(t *testing.T) {
	for _, kind := range model.Kinds {
		specs := model.Metrics(kind)
		for _, spec := range specs {
			if _, ok := generators[kind][spec.Name]; !ok {
				t.Errorf("%s %s has no generator", kind, spec.Name)
			}
		}
		if len(generators[kind]) != len(specs) {
			t.Errorf("%s: %d generators for %d catalog metrics", kind, len(generators[kind]), len(specs))
		}
	}
}
