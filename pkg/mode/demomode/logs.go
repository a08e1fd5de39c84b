package demomode

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/frames"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
)

func (m *Mode) logs(ctx context.Context, q query.Query) (data.Frames, error) {
	lq := demo.LogQuery{Functions: q.Names, From: q.From, To: q.To, Limit: q.Limit, Filter: q.LogFilter(),
		Match: q.SearchMatch, OldestFirst: q.OldestFirst}
	if q.Preset == query.PresetTopErrors {
		// Counting needs every error line in the range, not the newest page of them.
		lq.Limit = model.MaxLogLines
	}
	lines, err := m.estate.LogsContext(ctx, lq)
	if err != nil {
		return nil, err
	}
	return frames.Logs(q, lines, model.MaxLogLines), nil
}
