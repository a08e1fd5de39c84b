package demo

import (
	"math"
	"testing"
	"time"

	"github.com/seed/serverless/pkg/model"
)

func nodeHealth(t *testing.T, topo model.Topology, name string) model.Health {
	t.Helper()
	for _, n := range topo.Nodes {
		if n.Resource.Name == name {
			return n.Health
		}
	}
	t.Fatalf("no node %s", name)
	return ""
}

func TestEdgesConnectKnownResources(t *testing.T) {
	e := New(Options{})
	edges := e.Edges()
	if len(edges) != len(flows) {
		t.Fatalf("%d edges, want %d", len(edges), len(flows))
	}
	downstream := 0
	for _, kind := range model.Kinds {
		for _, r := range e.Resources(kind) {
			downstream += len(r.Downstream)
		}
	}
	if downstream != len(edges) {
		t.Errorf("resources list %d downstream resources, the map %d edges", downstream, len(edges))
	}
	for _, edge := range edges {
		for _, ref := range []model.ResourceRef{edge.From, edge.To} {
			if _, ok := e.Resource(ref.Kind, ref.Name); !ok {
				t.Errorf("edge %v → %v names an unknown %s %s", edge.From, edge.To, ref.Kind, ref.Name)
			}
		}
	}
	finalizer, _ := e.Function("payment-finalizer")
	if len(finalizer.Downstream) != 3 {
		t.Errorf("payment-finalizer calls %v", finalizer.Downstream)
	}
	edges[0].From.Name = "changed"
	if e.Edges()[0].From.Name == "changed" {
		t.Error("Edges hands out the estate's own slice")
	}
}

func TestTopologyRingsUnhealthyNodes(t *testing.T) {
	e := New(Options{})
	quiet, err := e.Topology(at(13, 0), at(14, 0))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range quiet.Nodes {
		if n.Health != model.HealthOK {
			t.Errorf("%s is %s on a quiet hour", n.Resource.Name, n.Health)
		}
	}
	for _, edge := range quiet.Edges {
		if edge.RequestsPerMinute <= 0 && edge.To.Name != "order-notifications-dlq" && edge.From.Name != "order-notifications-dlq" {
			t.Errorf("edge %s → %s carries nothing", edge.From.Name, edge.To.Name)
		}
	}
	for _, edge := range quiet.Edges {
		if edge.To.Name != "payments-initializer" {
			continue
		}
		calls := over(t, e, model.KindLambda, "payments-initializer", "Invocations", "Sum", at(13, 0), time.Hour, time.Hour, sum)
		if edge.RequestsPerMinute != calls/60 {
			t.Errorf("payments-api → payments-initializer carries %v a minute, the function runs %v", edge.RequestsPerMinute, calls/60)
		}
	}
	if _, err := e.Topology(at(13, 0), at(13, 0)); err == nil || err.Error() != "time range is empty or reversed" {
		t.Errorf("empty range: %v", err)
	}
	tests := []struct {
		from, to time.Time
		critical []string
	}{
		{at(14, 40), at(14, 55), []string{"booking-postgres", "booking-api-handler", "booking-http-api"}},
		{at(11, 0), at(12, 0), []string{"order-notifications-dlq", "NotificationServiceFunction"}},
		{at(17, 10), at(17, 40), []string{"OrderProcessorFunction"}},
	}
	for _, tt := range tests {
		topo, err := e.Topology(tt.from, tt.to)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range tt.critical {
			if got := nodeHealth(t, topo, name); got != model.HealthCritical {
				t.Errorf("%s from %s is %s, want critical", name, tt.from.Format("15:04"), got)
			}
		}
	}
}

func nodeOf(t *testing.T, topo model.Topology, name string) model.Node {
	t.Helper()
	for _, n := range topo.Nodes {
		if n.Resource.Name == name {
			return n
		}
	}
	t.Fatalf("no node %s", name)
	return model.Node{}
}

// A database or a table counts no requests in CloudWatch (its connections and capacity units are
// not requests): on the map it serves what its callers send it, one request a call, and the
// database's connections are a figure of their own.
func TestDataStoresServeTheirCallersCalls(t *testing.T) {
	e := New(Options{})
	for _, window := range [][2]time.Time{{at(13, 0), at(14, 0)}, {at(14, 40), at(15, 0)}} {
		from, to := window[0], window[1]
		topo, err := e.Topology(from, to)
		if err != nil {
			t.Fatal(err)
		}
		minutes := to.Sub(from).Minutes()
		callsOf := func(function string) float64 {
			return over(t, e, model.KindLambda, function, "Invocations", "Sum", from, to.Sub(from), to.Sub(from), sum) / minutes
		}
		tests := []struct {
			store   string
			callers []string
		}{
			{"booking-postgres", []string{"booking-api-handler", "inventory-sync"}},
			{"ledger", []string{"ledger-writer"}},
			{"ShowMeTheMoney", []string{"payments-initializer"}},
		}
		for _, tt := range tests {
			want := 0.0
			for _, caller := range tt.callers {
				want += callsOf(caller)
				for _, edge := range topo.Edges {
					if edge.From.Name == caller && edge.To.Name == tt.store && edge.RequestsPerMinute != callsOf(caller) {
						t.Errorf("%s: %s → %s carries %v a minute, the caller makes %v calls", from.Format("15:04"), caller, tt.store, edge.RequestsPerMinute, callsOf(caller))
					}
				}
			}
			if got := nodeOf(t, topo, tt.store).RequestsPerMinute; math.Abs(got-want) > 1e-9*want {
				t.Errorf("%s: %s serves %v requests a minute, its callers send %v", from.Format("15:04"), tt.store, got, want)
			}
		}
		db := nodeOf(t, topo, "booking-postgres")
		if want := over(t, e, model.KindRDS, "booking-postgres", "DatabaseConnections", "Maximum", from, to.Sub(from), to.Sub(from), maxOf); db.PeakConnections != want || want == 0 {
			t.Errorf("%s: the database's peak connections %v, DatabaseConnections peaks at %v", from.Format("15:04"), db.PeakConnections, want)
		}
		if other := nodeOf(t, topo, "booking-api-handler"); other.PeakConnections != 0 {
			t.Errorf("a function has %v connections", other.PeakConnections)
		}
	}
}
