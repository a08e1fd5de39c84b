package demo

import (
	"testing"
	"time"
)

func nodeHealth(t *testing.T, topo Topology, name string) Health {
	t.Helper()
	for _, n := range topo.Nodes {
		if n.Resource.Name == name {
			return n.Health
		}
	}
	t.Fatalf("no node %s", name)
	return ""
}

func TestTopologyRingsUnhealthyNodes(t *testing.T) {
	e := New(Options{})
	quiet, err := e.Topology(day.Add(11*time.Hour), day.Add(12*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(quiet.Edges) != len(flows) {
		t.Fatalf("%d edges, want %d", len(quiet.Edges), len(flows))
	}
	for _, n := range quiet.Nodes {
		if n.Health != HealthOK {
			t.Errorf("%s is %s on a quiet hour", n.Resource.Name, n.Health)
		}
		if n.Resource.Name == "" {
			t.Error("a node has no resource")
		}
	}
	for _, edge := range quiet.Edges {
		if edge.RequestsPerMinute <= 0 && edge.To.Name != "order-notifications-dlq" && edge.From.Name != "order-notifications-dlq" {
			t.Errorf("edge %s → %s carries nothing", edge.From.Name, edge.To.Name)
		}
	}

	exhaustion, err := e.Topology(day.Add(3*time.Hour), day.Add(3*time.Hour+15*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"booking-postgres", "booking-api-handler", "booking-http-api"} {
		if got := nodeHealth(t, exhaustion, name); got != HealthCritical {
			t.Errorf("%s during connection exhaustion is %s, want critical", name, got)
		}
	}
	dlq, err := e.Topology(day.Add(13*time.Hour), day.Add(14*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got := nodeHealth(t, dlq, "order-notifications-dlq"); got != HealthCritical {
		t.Errorf("the DLQ while it fills is %s, want critical", got)
	}
}

func TestQueueAndDatabaseIncidents(t *testing.T) {
	e := New(Options{})
	visible := func(at time.Duration) float64 {
		return mustSeries(t, e, SeriesQuery{Kind: KindSQS, Name: "order-notifications-dlq", Metric: "ApproximateNumberOfMessagesVisible",
			Statistic: "Maximum", From: day.Add(at), To: day.Add(at + 5*time.Minute), Period: 5 * time.Minute}).Values[0]
	}
	if v := visible(12 * time.Hour); v != 0 {
		t.Errorf("DLQ holds %v messages before the incident", v)
	}
	if v := visible(13*time.Hour + 35*time.Minute); v <= 0 {
		t.Errorf("DLQ holds %v messages while the consumer fails", v)
	}
	if v := visible(16 * time.Hour); v != 0 {
		t.Errorf("DLQ still holds %v messages after the redrive", v)
	}
	connections := mustSeries(t, e, SeriesQuery{Kind: KindRDS, Name: "booking-postgres", Metric: "DatabaseConnections", Statistic: "Maximum",
		From: day, To: day.Add(24 * time.Hour), Period: time.Hour})
	if connections.Values[3] != maxDatabaseConnections || connections.Values[12] >= maxDatabaseConnections {
		t.Errorf("connections at 03:00 %v, at 12:00 %v; want the max only during the exhaustion", connections.Values[3], connections.Values[12])
	}
}
