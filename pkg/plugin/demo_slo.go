package plugin

import (
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
	"github.com/seed/serverless/pkg/slo/evaluator"
)

// demoSLO answers an SLO query from the demo estate.
func (d *Datasource) demoSLO(q query.Query) (data.Frames, error) {
	return evaluator.New(d.slos(), estateSource{d.estate}, now).Answer(q)
}

// estateSource reads SLO series from the demo estate.
type estateSource struct{ estate *demo.Estate }

func (s estateSource) Has(kind model.ResourceKind, name string) (bool, error) {
	_, ok := s.estate.Resource(kind, name)
	return ok, nil
}

func (s estateSource) Series(q model.SeriesQuery) (model.Series, error) {
	return s.estate.Series(q)
}
