package plugin

import (
	"context"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/demo"
	"github.com/seed/serverless/pkg/servicemap"
)

// awsServiceMap discovers the service map of the regions, as a downstream error when AWS fails.
func (d *Datasource) awsServiceMap(ctx context.Context, regions []string, fresh bool) (servicemap.Map, error) {
	m, err := d.serviceMap.Map(ctx, regions, fresh)
	if err != nil {
		return servicemap.Map{}, &statusError{status: backend.StatusBadGateway, downstream: true, err: fmt.Errorf("the service map: %w", err)}
	}
	return m, nil
}

// upstreamKey names a resource as CloudWatch does: its region and its dimension value.
type upstreamKey struct{ region, metricID string }

// upstreamOf is the set of resources of a kind with an edge to the function.
func upstreamOf(m servicemap.Map, kind demo.ResourceKind, function string) map[upstreamKey]bool {
	set := map[upstreamKey]bool{}
	for _, e := range m.Edges {
		if e.From.Kind == kind && e.To.Kind == demo.KindLambda && e.To.Name == function {
			set[upstreamKey{e.From.Region, e.From.MetricID}] = true
		}
	}
	return set
}
