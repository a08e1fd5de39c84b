package demomode

import (
	"slices"

	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
)

func (m *Mode) selectSummaries(q query.Query) []model.FunctionSummary {
	rows := m.estate.Summaries(q.From, q.To)
	return slices.DeleteFunc(rows, func(s model.FunctionSummary) bool { return !q.InInventory(s.Function) })
}

// inInventory says whether an inventory query shows a function: names that match none are left
// out rather than refused, unlike a metrics query's.
func inInventory(q query.Query, f model.Resource) bool {
	return q.Matches(f) && (len(q.Names) == 0 || slices.Contains(q.Names, f.Name))
}
