package plugin

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/mode"
	"github.com/seed/serverless/pkg/query"
)

// QueryData answers each query on its own: one bad query fails its own refId, never its
// neighbours. The metrics queries of a request go to the mode together, to share CloudWatch
// calls; the other kinds are answered beside them, since a Logs Insights query takes seconds.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	response := backend.NewQueryDataResponse()
	if d.settingsErr != nil {
		for _, dq := range req.Queries {
			response.Responses[dq.RefID] = backend.ErrDataResponse(backend.StatusBadRequest, d.settingsErr.Error())
		}
		return response, nil
	}
	fresh := fromAlert(req.Headers)
	ctx = d.mode.Begin(ctx)
	var (
		metrics  []query.Query
		others   sync.WaitGroup
		answered sync.Map
	)
	for _, dq := range req.Queries {
		response.Responses[dq.RefID] = mode.Guard(dq.RefID, func() backend.DataResponse {
			q, err := query.Parse(dq)
			if err != nil {
				return backend.ErrDataResponse(backend.StatusBadRequest, err.Error())
			}
			if q.Kind == query.KindMetrics {
				metrics = append(metrics, q)
				return backend.DataResponse{}
			}
			answer, ok := d.answerer(q.Kind)
			if !ok {
				return backend.ErrDataResponse(backend.StatusBadRequest, fmt.Sprintf("queryType %q is not answered", q.Kind))
			}
			others.Add(1)
			go func() {
				defer others.Done()
				answered.Store(q.RefID, mode.Guard(q.RefID, func() backend.DataResponse { return answer(ctx, q, fresh) }))
			}()
			return backend.DataResponse{}
		})
	}
	if len(metrics) > 0 {
		batch := mode.Guard("the metrics queries", func() backend.DataResponse {
			for refID, r := range d.mode.Metrics(ctx, metrics, fresh) {
				response.Responses[refID] = r
			}
			return backend.DataResponse{}
		})
		if batch.Error != nil {
			for _, q := range metrics {
				response.Responses[q.RefID] = batch
			}
		}
	}
	others.Wait()
	answered.Range(func(refID, r any) bool {
		response.Responses[refID.(string)] = r.(backend.DataResponse)
		return true
	})
	return response, nil
}

// answerer is the mode's answer to one query of a kind other than metrics.
func (d *Datasource) answerer(kind query.Kind) (func(context.Context, query.Query, bool) backend.DataResponse, bool) {
	answers := map[query.Kind]func(context.Context, query.Query, bool) backend.DataResponse{
		query.KindLogs:        d.mode.Logs,
		query.KindInventory:   d.mode.Inventory,
		query.KindTopology:    d.mode.Topology,
		query.KindAnnotations: d.mode.Annotations,
		query.KindVariable:    d.mode.Variable,
		query.KindSLO:         d.mode.SLO,
	}
	answer, ok := answers[kind]
	return answer, ok
}

// fromAlert says whether Grafana's alerting engine sent the request.
func fromAlert(headers map[string]string) bool {
	for k, v := range headers {
		if strings.EqualFold(k, "FromAlert") && v == "true" {
			return true
		}
	}
	return false
}
