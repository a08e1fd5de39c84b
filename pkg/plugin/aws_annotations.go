package plugin

import (
	"context"
	"fmt"
	"slices"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/cloudwatchlogs"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/query"
)

// eventUpdate is a change AWS mode cannot tell apart: new code or new configuration.
const eventUpdate model.EventKind = "update"

// awsColdStartMarks marks the cold starts that the functions' REPORT lines record, read with
// Logs Insights as a logs query with the coldStarts preset reads them.
func (d *Datasource) awsColdStartMarks(ctx context.Context, q query.Query, fresh bool) backend.DataResponse {
	lines := q
	lines.Kind, lines.Search, lines.Insights, lines.OldestFirst = query.KindLogs, "", "", false
	lines.Limit = maxColdStartMarks + 1
	plan := cloudwatchlogs.Translate(lines)
	found, res, err := d.awsLogLines(ctx, lines, plan, fresh)
	if err != nil {
		return errorResponse(logsError(err))
	}
	frame := coldStartMarks(found)
	appendLogsNotices(frame, res)
	return backend.DataResponse{Frames: data.Frames{frame}}
}

// awsAnnotations marks each function's latest change of code or configuration, from Lambda's
// LastModified. ListFunctions keeps only the latest one; earlier changes would need CloudTrail,
// which AWS mode does not read.
func (d *Datasource) awsAnnotations(ctx context.Context, q query.Query, fresh bool) backend.DataResponse {
	if q.Preset == query.PresetColdStarts {
		return d.awsColdStartMarks(ctx, q, fresh)
	}
	regions := d.queryRegions(q)
	fs, err := d.functions.Functions(ctx, regions, fresh)
	if err != nil {
		return errorResponse(&statusError{status: backend.StatusBadGateway, downstream: true, err: err})
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
	return backend.DataResponse{Frames: data.Frames{annotationsFrame(events, nil)}}
}
