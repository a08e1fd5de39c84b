package plugin

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/budget"
	"github.com/seed/serverless/pkg/mode"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
)

// QueryData answers each query on its own: one bad query fails its own refId, never its
// neighbours. The metrics queries of a request go to the mode together, to share CloudWatch
// calls; the other kinds are answered beside them, since a Logs Insights query takes seconds.
//
// Every request runs within its budget (package budget): past MaxQueriesPerRequest queries, or
// past the request's log lines, a query fails its refId before any work; each query, or the
// metrics queries together, run under their own deadline; each answer is weighed before it is
// sent, and one too large fails its refId.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	response := backend.NewQueryDataResponse()
	if d.settingsErr != nil {
		for _, dq := range req.Queries {
			response.Responses[dq.RefID] = backend.ErrDataResponse(backend.StatusBadRequest, d.settingsErr.Error())
		}
		return response, nil
	}
	fresh := fromAlert(req.Headers)
	ctx = budget.With(d.mode.Begin(ctx))
	requestBudget := budget.From(ctx)
	var (
		metrics  []query.Query
		others   sync.WaitGroup
		answered sync.Map
	)
	for i, dq := range req.Queries {
		if i >= budget.MaxQueriesPerRequest {
			response.Responses[dq.RefID] = backend.ErrDataResponse(backend.StatusBadRequest, budget.TooManyQueries(len(req.Queries)).Error())
			continue
		}
		response.Responses[dq.RefID] = mode.Guard(dq.RefID, func() backend.DataResponse {
			q, err := query.Parse(dq)
			if err != nil {
				return backend.ErrDataResponse(backend.StatusBadRequest, err.Error())
			}
			if err := reserveLogLines(requestBudget, q); err != nil {
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
				qctx, cancel := budget.WithDeadline(ctx)
				defer cancel()
				answered.Store(q.RefID, overrun(qctx, mode.Guard(q.RefID, func() backend.DataResponse { return answer(qctx, q, fresh) })))
			}()
			return backend.DataResponse{}
		})
	}
	if len(metrics) > 0 {
		mctx, cancel := budget.WithDeadline(ctx)
		batch := mode.Guard("the metrics queries", func() backend.DataResponse {
			for refID, r := range d.mode.Metrics(mctx, metrics, fresh) {
				response.Responses[refID] = overrun(mctx, r)
			}
			return backend.DataResponse{}
		})
		cancel()
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
	weighAnswers(requestBudget, req.Queries, response)
	return response, nil
}

// reserveLogLines takes a logs query's lines from the request's budget before it runs: its
// limit, or every line a top-errors count reads.
func reserveLogLines(b *budget.Request, q query.Query) error {
	if q.Kind != query.KindLogs {
		return nil
	}
	lines := q.Limit
	if q.Preset == query.PresetTopErrors {
		lines = model.MaxLogLines
	}
	return b.LogLines(lines)
}

// overrun says, in a query's error, that it ran out of time, how long it ran and its deadline.
func overrun(ctx context.Context, r backend.DataResponse) backend.DataResponse {
	if r.Error == nil || ctx.Err() == nil {
		return r
	}
	r.Error = budget.Overrun(ctx, r.Error, "")
	r.Status = backend.StatusTimeout
	return r
}

// weighAnswers fails, in the order of the request, each answer that is over its query's byte
// budget or would take the request past its own: never a part of an answer.
func weighAnswers(b *budget.Request, queries []backend.DataQuery, response *backend.QueryDataResponse) {
	for _, dq := range queries {
		r, ok := response.Responses[dq.RefID]
		if !ok || r.Error != nil || len(r.Frames) == 0 {
			continue
		}
		if err := b.Answer(budget.FrameBytes(r.Frames)); err != nil {
			response.Responses[dq.RefID] = backend.ErrDataResponse(backend.StatusBadRequest, err.Error())
		}
	}
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
