package model

// Node is a resource on the service map, with its traffic and health over a time range.
type Node struct {
	Resource Resource
	// RequestsPerMinute is the traffic the resource handled; ErrorRate is a percent of it.
	RequestsPerMinute float64
	ErrorRate         float64
	Health            Health
	// PeakConnections is the most connections a database had open in any minute; 0 for other kinds.
	PeakConnections float64
}

// Edge is a call or message from one resource to another.
type Edge struct {
	From, To ResourceRef
}

// TrafficEdge is an edge with its average rate over a time range.
type TrafficEdge struct {
	Edge
	RequestsPerMinute float64
}

// Topology is a service map: its resources and the calls between them, over a time range.
type Topology struct {
	Nodes []Node
	Edges []TrafficEdge
}
