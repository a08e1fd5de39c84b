package demomode

import (
	"context"
	"slices"

	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
)

// selectSummaries computes the rows of the functions the inventory query shows, and only those.
func (m *Mode) selectSummaries(ctx context.Context, q query.Query) ([]model.FunctionSummary, error) {
	return m.estate.SummariesOf(ctx, q.From, q.To, q.InInventory)
}

// inInventory says whether an inventory query shows a function: names that match none are left
// out rather than refused, unlike a metrics query's.
func inInventory(q query.Query, f model.Resource) bool {
	return q.Matches(f) && (len(q.Names) == 0 || slices.Contains(q.Names, f.Name))
}
