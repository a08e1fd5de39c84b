package plugin

import (
	"context"
	"fmt"
	"slices"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/query"
)

// awsVariable answers the variable queries AWS mode can discover: the watched regions, and the
// functions and runtimes Lambda lists, with the frame demo mode answers with.
func (d *Datasource) awsVariable(ctx context.Context, q query.Query, fresh bool) backend.DataResponse {
	if q.Variable == query.VariableRegions {
		return backend.DataResponse{Frames: data.Frames{variableFrame(slices.Sorted(slices.Values(d.settings.AWS.Regions)))}}
	}
	if q.Variable != query.VariableFunctions && q.Variable != query.VariableRuntimes {
		return backend.ErrDataResponse(backend.StatusNotImplemented, fmt.Sprintf(
			"variable %q is not available yet in AWS mode: AWS mode discovers regions, functions and runtimes so far", q.Variable))
	}
	if msg := unavailableInAWSMode(q); msg != "" {
		return backend.ErrDataResponse(backend.StatusNotImplemented, msg)
	}
	regions := d.settings.AWS.Regions
	if q.Region != "" {
		regions = []string{q.Region}
	}
	fs, err := d.functions.Functions(ctx, regions, fresh)
	if err != nil {
		return errorResponse(&statusError{status: backend.StatusBadGateway, downstream: true, err: err})
	}
	var values []string
	for _, f := range fs {
		if (q.Runtime != "" && f.Runtime != q.Runtime) || (q.NamePattern != nil && !q.NamePattern.MatchString(f.Name)) {
			continue
		}
		if q.Variable == query.VariableFunctions {
			values = append(values, f.Name)
		} else if !slices.Contains(values, f.Runtime) {
			values = append(values, f.Runtime)
		}
	}
	slices.Sort(values)
	return backend.DataResponse{Frames: data.Frames{variableFrame(values)}}
}
