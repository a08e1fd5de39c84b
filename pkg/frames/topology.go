package frames

import (
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seed/serverless/pkg/model"
)

// healthArcs ring each node in its health colour; the Node Graph panel reads arc__* fields.
var healthArcs = []struct {
	health model.Health
	color  string
}{{model.HealthOK, "green"}, {model.HealthWarning, "orange"}, {model.HealthCritical, "red"}}

func nodeID(ref model.ResourceRef) string { return string(ref.Kind) + "/" + ref.Name }

// Topology is the nodes and edges frames the Node Graph panel expects, in both modes.
func Topology(topo model.Topology) data.Frames {
	n := len(topo.Nodes)
	ids, titles, subtitles := make([]string, n), make([]string, n), make([]string, n)
	rates, errorRates, health := make([]float64, n), make([]float64, n), make([]string, n)
	// Only databases have connections; other nodes leave the detail empty rather than show 0.
	connections := make([]*float64, n)
	arcs := make([][]float64, len(healthArcs))
	for i := range arcs {
		arcs[i] = make([]float64, n)
	}
	for i, node := range topo.Nodes {
		r := node.Resource
		ids[i], titles[i], subtitles[i] = nodeID(model.ResourceRef{Kind: r.Kind, Name: r.Name}), r.Name, fmt.Sprintf("%s · %s", r.Kind, r.Region)
		rates[i], errorRates[i], health[i] = node.RequestsPerMinute, node.ErrorRate, string(node.Health)
		if r.Kind == model.KindRDS {
			connections[i] = &node.PeakConnections
		}
		for a, arc := range healthArcs {
			if arc.health == node.Health {
				arcs[a][i] = 1
			}
		}
	}
	nodes := data.NewFrame("nodes",
		data.NewField("id", nil, ids), data.NewField("title", nil, titles), data.NewField("subtitle", nil, subtitles),
		WithConfig(data.NewField("mainstat", nil, rates), "Requests/min", "short", 1),
		WithConfig(data.NewField("secondarystat", nil, errorRates), "Error %", "percent", 2),
		data.NewField("detail__health", nil, health),
		WithConfig(data.NewField("detail__connections", nil, connections), "Peak connections", "short", 0))
	for a, arc := range healthArcs {
		f := data.NewField("arc__"+string(arc.health), nil, arcs[a])
		f.Config = &data.FieldConfig{DisplayName: string(arc.health), Color: map[string]any{"mode": "fixed", "fixedColor": arc.color}}
		nodes.Fields = append(nodes.Fields, f)
	}
	nodes.Meta = &data.FrameMeta{PreferredVisualization: data.VisTypeNodeGraph}

	m := len(topo.Edges)
	edgeIDs, sources, targets, edgeRates := make([]string, m), make([]string, m), make([]string, m), make([]float64, m)
	for i, e := range topo.Edges {
		sources[i], targets[i] = nodeID(e.From), nodeID(e.To)
		edgeIDs[i], edgeRates[i] = sources[i]+"->"+targets[i], e.RequestsPerMinute
	}
	edges := data.NewFrame("edges", data.NewField("id", nil, edgeIDs), data.NewField("source", nil, sources),
		data.NewField("target", nil, targets), WithConfig(data.NewField("mainstat", nil, edgeRates), "Requests/min", "short", 1))
	edges.Meta = &data.FrameMeta{PreferredVisualization: data.VisTypeNodeGraph}
	return data.Frames{nodes, edges}
}
