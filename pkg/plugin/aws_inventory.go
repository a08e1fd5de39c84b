package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/query"
)

// awsInventory answers a inventory query in AWS mode.
func (d *Datasource) awsInventory(_ context.Context, q query.Query, _ bool) backend.DataResponse {
	return backend.ErrDataResponse(backend.StatusNotImplemented, errAWSModeOnlyMetrics(q.Kind))
}
