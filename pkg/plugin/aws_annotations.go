package plugin

import (
	"context"
	"fmt"
	"slices"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/query"
)

// eventUpdate is a change AWS mode cannot tell apart: new code or new configuration.
const eventUpdate demo.EventKind = "update"

// awsAnnotations marks each function's latest change of code or configuration, from Lambda's
// LastModified. ListFunctions keeps only the latest one; earlier changes would need CloudTrail,
// which AWS mode does not read.
func (d *Datasource) awsAnnotations(ctx context.Context, q query.Query, fresh bool) backend.DataResponse {
	if q.Preset == query.PresetColdStarts {
		return backend.ErrDataResponse(backend.StatusNotImplemented,
			"cold-start annotations are not available yet in AWS mode; a logs query with the coldStarts preset lists them")
	}
	regions := d.settings.AWS.Regions
	if q.Region != "" {
		regions = []string{q.Region}
	}
	fs, err := d.functions.Functions(ctx, regions, fresh)
	if err != nil {
		return errorResponse(&statusError{status: backend.StatusBadGateway, downstream: true, err: err})
	}
	var events []demo.Event
	for _, f := range fs {
		if len(q.Names) > 0 && !slices.Contains(q.Names, f.Name) {
			continue
		}
		if f.LastModified.Before(q.From) || !f.LastModified.Before(q.To) {
			continue
		}
		events = append(events, demo.Event{Time: f.LastModified, Kind: eventUpdate, Function: f.Name, Region: f.Region,
			Description: fmt.Sprintf("Code or configuration changed: %s, %d MB, timeout %d s", f.Runtime, f.MemoryMB, f.TimeoutSeconds)})
	}
	slices.SortFunc(events, func(a, b demo.Event) int { return a.Time.Compare(b.Time) })
	return backend.DataResponse{Frames: data.Frames{annotationsFrame(events, nil)}}
}
