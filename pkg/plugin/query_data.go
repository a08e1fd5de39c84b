package plugin

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/seed/serverless/pkg/query"
	"github.com/seed/serverless/pkg/settings"
)

var errAWSModeUnavailable = errors.New("AWS mode: reading CloudWatch is not available in this version; switch the data source to demo mode")

// QueryData answers each query on its own: one bad query fails its own refId, never its neighbours.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	response := backend.NewQueryDataResponse()
	for _, dq := range req.Queries {
		response.Responses[dq.RefID] = d.safeQuery(ctx, dq)
	}
	return response, nil
}

// safeQuery turns a panic in one query into that query's error so the process keeps serving.
func (d *Datasource) safeQuery(ctx context.Context, dq backend.DataQuery) (res backend.DataResponse) {
	defer func() {
		if r := recover(); r != nil {
			log.DefaultLogger.Error("query panicked", "refId", dq.RefID, "panic", r, "stack", string(debug.Stack()))
			res = backend.ErrDataResponse(backend.StatusInternal, fmt.Sprintf("internal error while running query %s: %v", dq.RefID, r))
		}
	}()
	if d.settingsErr != nil {
		return backend.ErrDataResponse(backend.StatusBadRequest, d.settingsErr.Error())
	}
	q, err := query.Parse(dq)
	if err != nil {
		return backend.ErrDataResponse(backend.StatusBadRequest, err.Error())
	}
	if d.settings.Mode == settings.ModeAWS {
		return backend.ErrDataResponse(backend.StatusNotImplemented, errAWSModeUnavailable.Error())
	}
	return d.runDemo(ctx, q)
}
