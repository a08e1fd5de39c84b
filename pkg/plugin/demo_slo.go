package plugin

import (
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
)

// demoSLO answers an SLO query from the demo estate.
func (d *Datasource) demoSLO(q query.Query) (data.Frames, error) {
	return d.sloEvaluator(estateSource{d.estate}).answer(q)
}

// estateSource reads SLO series from the demo estate.
type estateSource struct{ estate *demo.Estate }

func (s estateSource) has(kind model.ResourceKind, name string) (bool, error) {
	_, ok := s.estate.Resource(kind, name)
	return ok, nil
}

func (s estateSource) series(q model.SeriesQuery) (model.Series, error) {
	return s.estate.Series(q)
}
