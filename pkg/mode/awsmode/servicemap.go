package awsmode

import (
	"context"
	"fmt"
	"slices"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seed/serverless/pkg/mode"
	"github.com/seed/serverless/pkg/model"
	"github.com/seed/serverless/pkg/servicemap"
)

// discoverMap discovers the service map of the regions, as a downstream error when AWS fails.
func (m *Mode) discoverMap(ctx context.Context, regions []string, fresh bool) (servicemap.Map, error) {
	sm, err := m.serviceMap.Map(ctx, regions, fresh)
	if err != nil {
		return servicemap.Map{}, mode.Downstream(backend.StatusBadGateway, fmt.Errorf("the service map: %w", err))
	}
	return sm, nil
}

// upstreamKey names a resource as CloudWatch does: its region and its dimension value.
type upstreamKey struct{ region, metricID string }

// upstreamOf is the set of resources of a kind with an edge to the function.
func upstreamOf(m servicemap.Map, kind model.ResourceKind, function string) map[upstreamKey]bool {
	set := map[upstreamKey]bool{}
	for _, e := range m.Edges {
		if e.From.Kind == kind && e.To.Kind == model.KindLambda && e.To.Name == function {
			set[upstreamKey{e.From.Region, e.From.MetricID}] = true
		}
	}
	return set
}

// namedByID are the kinds CloudWatch names by an id rather than by name: an HTTP API by its ApiId,
// a state machine by its ARN.
var namedByID = []model.ResourceKind{model.KindAPIGatewayV2, model.KindStates}

// namesOfIDs gives, for a kind CloudWatch names by id, each resource's name by its region and
// id, from the service map, so queries can name resources as people do and legends show names.
// The ids of a resource never change, so the map may come from the cache even for alert
// evaluations. When the service map cannot be read (no apigateway:GET, say), resources keep
// their ids: they can still be queried by them.
func (m *Mode) namesOfIDs(ctx context.Context, kind model.ResourceKind, regions []string) map[upstreamKey]string {
	if !slices.Contains(namedByID, kind) {
		return nil
	}
	sm, err := m.serviceMap.Map(ctx, regions, false)
	if err != nil {
		return nil
	}
	names := map[upstreamKey]string{}
	for _, r := range sm.Resources {
		if r.Kind == kind {
			names[upstreamKey{r.Region, r.MetricID}] = r.Name
		}
	}
	return names
}
