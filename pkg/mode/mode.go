// Package mode is the contract between the data source and the world it answers from: the demo
// estate (package demomode) or AWS (package awsmode). The data source parses each query, guards
// its refId and asks its mode; a mode answers every query kind with the frames package frames
// builds, so both modes answer alike.
package mode

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/query"
)

// Mode answers parsed queries. Every method but Metrics answers one query; fresh says the answer
// must not come from a cache (an alert rule is evaluating).
type Mode interface {
	// Begin starts a request: its answers are asked for with the context it returns, which AWS
	// mode counts the request's CloudWatch calls in.
	Begin(ctx context.Context) context.Context
	// Metrics answers the metrics queries of a request together, by refId, so that AWS mode
	// fetches their series in as few calls as CloudWatch allows.
	Metrics(ctx context.Context, queries []query.Query, fresh bool) map[string]backend.DataResponse
	Logs(ctx context.Context, q query.Query, fresh bool) backend.DataResponse
	Inventory(ctx context.Context, q query.Query, fresh bool) backend.DataResponse
	Topology(ctx context.Context, q query.Query, fresh bool) backend.DataResponse
	Annotations(ctx context.Context, q query.Query, fresh bool) backend.DataResponse
	Variable(ctx context.Context, q query.Query, fresh bool) backend.DataResponse
	SLO(ctx context.Context, q query.Query, fresh bool) backend.DataResponse
	// Health backs the data source's "Save & test".
	Health(ctx context.Context) *backend.CheckHealthResult
}
