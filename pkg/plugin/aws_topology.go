package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/query"
)

// awsTopology answers a topology query in AWS mode.
func (d *Datasource) awsTopology(_ context.Context, q query.Query, _ bool) backend.DataResponse {
	return backend.ErrDataResponse(backend.StatusNotImplemented, errAWSModeOnlyMetrics(q.Kind))
}
