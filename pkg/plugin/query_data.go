package plugin

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/seed/serverless/pkg/query"
	"github.com/seed/serverless/pkg/settings"
)

// QueryData answers each query on its own: one bad query fails its own refId, never its neighbours.
// In AWS mode the metrics queries of the request are fetched together, to share CloudWatch calls.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	response := backend.NewQueryDataResponse()
	if d.settingsErr == nil && d.settings.Mode == settings.ModeAWS {
		d.queryAWS(ctx, req, response)
		return response, nil
	}
	for _, dq := range req.Queries {
		response.Responses[dq.RefID] = d.safeQuery(ctx, dq)
	}
	return response, nil
}

// safeQuery answers one query in demo mode, or the settings error in either mode.
func (d *Datasource) safeQuery(ctx context.Context, dq backend.DataQuery) backend.DataResponse {
	return guard(dq.RefID, func() backend.DataResponse {
		if d.settingsErr != nil {
			return backend.ErrDataResponse(backend.StatusBadRequest, d.settingsErr.Error())
		}
		q, err := query.Parse(dq)
		if err != nil {
			return backend.ErrDataResponse(backend.StatusBadRequest, err.Error())
		}
		return d.runDemo(ctx, q)
	})
}

// guard turns a panic into the named query's error so the process keeps serving.
func guard(refID string, answer func() backend.DataResponse) (res backend.DataResponse) {
	defer func() {
		if r := recover(); r != nil {
			log.DefaultLogger.Error("query panicked", "refId", refID, "panic", r, "stack", string(debug.Stack()))
			res = backend.ErrDataResponse(backend.StatusInternal, fmt.Sprintf("internal error while running query %s: %v", refID, r))
		}
	}()
	return answer()
}
