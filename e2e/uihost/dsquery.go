//go:build e2e

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/gtime"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

// metricRequest is Grafana's POST /api/ds/query body (pkg/api/dtos.MetricRequest). from and to are
// strings there: epoch milliseconds, or relative such as now-6h; Grafana refuses JSON numbers.
type metricRequest struct {
	From    string            `json:"from"`
	To      string            `json:"to"`
	Queries []json.RawMessage `json:"queries"`
}

// queryHead is what Grafana reads from each query; the plugin gets the whole query as its JSON.
type queryHead struct {
	RefID         any             `json:"refId"`
	Datasource    json.RawMessage `json:"datasource"`
	QueryType     any             `json:"queryType"`
	MaxDataPoints any             `json:"maxDataPoints"`
	IntervalMS    any             `json:"intervalMs"`
}

// badQuery is a request Grafana refuses before asking any plugin.
type badQuery struct {
	status  int
	message string
}

func (e *badQuery) Error() string { return e.message }

// queryData answers POST /api/ds/query as Grafana does: the queries of each data source go to its
// plugin in one QueryData call, the answers come back as the SDK's QueryDataResponse JSON, and the
// status is 400 when any query failed (Grafana's default, without the datasourceQueryMultiStatus toggle).
func (s *server) queryData(w http.ResponseWriter, r *http.Request) {
	var req metricRequest
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	if err := dec.Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, message("bad request data"))
		return
	}
	byUID, err := s.parseQueries(req)
	if err != nil {
		var bad *badQuery
		if errors.As(err, &bad) {
			writeJSON(w, bad.status, message(bad.message))
			return
		}
		writeJSON(w, http.StatusInternalServerError, message("Query data error"))
		return
	}

	merged := &backend.QueryDataResponse{Responses: backend.Responses{}}
	for uid, queries := range byUID {
		ds, _ := s.dataSourceByUID(uid)
		pc, err := ds.pluginContext()
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, message("Query data error"))
			return
		}
		// The request's context ends the gRPC call when the browser goes away.
		res, err := s.plugin.data.QueryData(r.Context(), &pluginv2.QueryDataRequest{PluginContext: pc, Queries: queries})
		if err != nil {
			if r.Context().Err() != nil {
				return
			}
			writeJSON(w, http.StatusInternalServerError, message("Query data error"))
			return
		}
		answer, err := backend.FromProto().QueryDataResponse(res)
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, message("Query data error"))
			return
		}
		for refID, dr := range answer.Responses {
			merged.Responses[refID] = dr
		}
	}

	status := http.StatusOK
	for _, dr := range merged.Responses {
		if dr.Error != nil {
			status = http.StatusBadRequest
		}
	}
	body, err := json.Marshal(merged)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, message("Query data error"))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (s *server) dataSourceByUID(uid string) (dataSource, bool) {
	return s.ds, uid == s.ds.UID
}

// parseQueries turns each query into the plugin's DataQuery, grouped by data source uid, reading
// what Grafana reads with its defaults: refId "A", maxDataPoints 100, intervalMs 1000.
func (s *server) parseQueries(req metricRequest) (map[string][]*pluginv2.DataQuery, error) {
	if len(req.Queries) == 0 {
		return nil, &badQuery{http.StatusBadRequest, "No queries found"}
	}
	// An unparsable from or to is the Unix epoch in Grafana too (gtime's MustGetFrom).
	tr := gtime.NewTimeRange(req.From, req.To)
	timeRange := &pluginv2.TimeRange{FromEpochMS: tr.GetFromAsMsEpoch(), ToEpochMS: tr.GetToAsMsEpoch()}

	byUID := map[string][]*pluginv2.DataQuery{}
	for _, raw := range req.Queries {
		var head queryHead
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&head); err != nil {
			return nil, &badQuery{http.StatusBadRequest, "bad request data"}
		}
		uid := dataSourceUID(head.Datasource)
		switch {
		case uid == "":
			return nil, &badQuery{http.StatusBadRequest, "Missing data source ID/UID"}
		case uid == "__expr__" || uid == "-100":
			return nil, &badQuery{http.StatusBadRequest, "uihost does not evaluate server-side expressions"}
		}
		if _, ok := s.dataSourceByUID(uid); !ok {
			return nil, &badQuery{http.StatusNotFound, "Data source not found"}
		}
		byUID[uid] = append(byUID[uid], &pluginv2.DataQuery{
			RefId:         stringOr(head.RefID, "A"),
			QueryType:     stringOr(head.QueryType, ""),
			MaxDataPoints: int64Or(head.MaxDataPoints, 100),
			IntervalMS:    int64Or(head.IntervalMS, 1000),
			TimeRange:     timeRange,
			Json:          raw,
		})
	}
	return byUID, nil
}

// dataSourceUID reads datasource.uid, or datasource itself when it is a string (before Grafana 8.3).
func dataSourceUID(raw json.RawMessage) string {
	var ref struct {
		UID string `json:"uid"`
	}
	if json.Unmarshal(raw, &ref) == nil && ref.UID != "" {
		return ref.UID
	}
	var name string
	if json.Unmarshal(raw, &name) == nil {
		return strings.TrimSpace(name)
	}
	return ""
}

// stringOr and int64Or read a field as Grafana's simplejson Must* helpers do: the wrong type is
// the default.
func stringOr(v any, def string) string {
	if s, ok := v.(string); ok {
		return s
	}
	return def
}

func int64Or(v any, def int64) int64 {
	if n, ok := v.(json.Number); ok {
		if i, err := n.Int64(); err == nil {
			return i
		}
	}
	return def
}
