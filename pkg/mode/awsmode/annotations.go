package awsmode

import (
	"context"
	"fmt"
	"slices"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/cloudwatchlogs"
	"github.com/seed/serverless/pkg/frames"
	"github.com/seed/serverless/pkg/mode"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
)

// eventUpdate is a change AWS mode cannot tell apart: new code or new configuration.
const eventUpdate model.EventKind = "update"

// coldStartMarks marks the cold starts that the functions' REPORT lines record, read with
// Logs Insights as a logs query with the coldStarts preset reads them.
func (m *Mode) coldStartMarks(ctx context.Context, q query.Query, fresh bool) backend.DataResponse {
	lines := q
	lines.Kind, lines.Search, lines.Insights, lines.OldestFirst = query.KindLogs, "", "", false
	lines.Limit = frames.MaxColdStartMarks + 1
	plan := cloudwatchlogs.Translate(lines)
	found, res, err := m.logLines(ctx, lines, plan, fresh)
	if err != nil {
		return mode.ErrorResponse(logsError(err))
	}
	frame := frames.ColdStartMarks(found)
	appendLogsNotices(frame, res)
	return backend.DataResponse{Frames: data.Frames{frame}}
}

// Annotations marks each function's latest change of code or configuration, from Lambda's
// LastModified. ListFunctions keeps only the latest one; earlier changes would need CloudTrail,
// which AWS mode does not read.
func (m *Mode) Annotations(ctx context.Context, q query.Query, fresh bool) backend.DataResponse {
	if q.Preset == query.PresetColdStarts {
		return m.coldStartMarks(ctx, q, fresh)
	}
	regions := m.queryRegions(q)
	fs, err := m.functions.Functions(ctx, regions, fresh)
	if err != nil {
		return mode.ErrorResponse(mode.Downstream(backend.StatusBadGateway, err))
	}
	var events []model.Event
	for _, f := range fs {
		if len(q.Names) > 0 && !slices.Contains(q.Names, f.Name) {
			continue
		}
		if f.LastModified.Before(q.From) || !f.LastModified.Before(q.To) {
			continue
		}
		events = append(events, model.Event{Time: f.LastModified, Kind: eventUpdate, Function: f.Name, Region: f.Region,
			Description: fmt.Sprintf("Code or configuration changed: %s, %d MB, timeout %d s", f.Runtime, f.MemoryMB, f.TimeoutSeconds)})
	}
	slices.SortFunc(events, func(a, b model.Event) int { return a.Time.Compare(b.Time) })
	return backend.DataResponse{Frames: data.Frames{frames.Annotations(events, nil)}}
}
