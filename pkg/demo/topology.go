package demo

import (
	"time"
)

// ResourceRef names a resource.
type ResourceRef struct {
	Kind ResourceKind
	Name string
}

// Node is a resource on the service map, with its traffic and health over a time range.
type Node struct {
	Resource Resource
	// RequestsPerMinute is the traffic the resource handled; ErrorRate is a percent of it.
	RequestsPerMinute float64
	ErrorRate         float64
	Health            Health
}

// Edge is a call or message from one resource to another, with its average rate.
type Edge struct {
	From, To          ResourceRef
	RequestsPerMinute float64
}

// Topology is the service map of the base estate.
type Topology struct {
	Nodes []Node
	Edges []Edge
}

// flows are the calls the seeds describe: API Gateway → payments-initializer → EventBridge →
// payment-finalizer → ledger and wallet; the orders flow through Step Functions and SQS; the
// booking API on PostgreSQL.
var flows = [][2]ResourceRef{
	{{KindAPIGateway, "payments-api"}, {KindLambda, "payments-initializer"}},
	{{KindLambda, "payments-initializer"}, {KindEvents, "payment-events"}},
	{{KindEvents, "payment-events"}, {KindLambda, "payment-finalizer"}},
	{{KindLambda, "payment-finalizer"}, {KindLambda, "ledger-writer"}},
	{{KindLambda, "payment-finalizer"}, {KindLambda, "wallet-updater"}},
	{{KindLambda, "ledger-writer"}, {KindDynamoDB, "ledger"}},
	{{KindLambda, "wallet-updater"}, {KindDynamoDB, "wallets"}},
	{{KindAPIGateway, "orders-api"}, {KindLambda, "OrderProcessorFunction"}},
	{{KindLambda, "OrderProcessorFunction"}, {KindStates, "order-fulfilment"}},
	{{KindStates, "order-fulfilment"}, {KindSQS, "order-notifications"}},
	{{KindSQS, "order-notifications"}, {KindLambda, "NotificationServiceFunction"}},
	{{KindSQS, "order-notifications"}, {KindSQS, "order-notifications-dlq"}},
	{{KindSQS, "order-notifications-dlq"}, {KindLambda, "order-dlq-redriver"}},
	{{KindAPIGatewayV2, "booking-http-api"}, {KindLambda, "booking-api-handler"}},
	{{KindLambda, "booking-api-handler"}, {KindRDS, "booking-postgres"}},
	{{KindLambda, "booking-api-handler"}, {KindLambda, "booking-confirmation"}},
	{{KindLambda, "inventory-sync"}, {KindRDS, "booking-postgres"}},
}

// trafficMetrics are the metrics that say how busy a resource of each kind is and how often it
// fails; a dead-letter queue's traffic is failure by definition.
var trafficMetrics = map[ResourceKind][2]string{
	KindLambda:       {"Invocations", "Errors"},
	KindAPIGateway:   {"Count", "5XXError"},
	KindAPIGatewayV2: {"Count", "5xx"},
	KindSQS:          {"NumberOfMessagesSent", ""},
	KindStates:       {"ExecutionsStarted", "ExecutionsFailed"},
	KindEvents:       {"Invocations", "FailedInvocations"},
	KindDynamoDB:     {"ConsumedWriteCapacityUnits", "SystemErrors"},
	KindRDS:          {"DatabaseConnections", ""},
}

// Topology computes the service map's traffic and health over [from, to).
func (e *Estate) Topology(from, to time.Time) (Topology, error) {
	var t Topology
	seen := map[ResourceRef]bool{}
	period := to.Sub(from).Truncate(time.Minute)
	if period < time.Minute {
		period = time.Minute
	}
	minutes := period.Minutes()
	for _, f := range flows {
		rate, err := e.total(f[1], from, period, 0)
		if err != nil {
			return Topology{}, err
		}
		t.Edges = append(t.Edges, Edge{From: f[0], To: f[1], RequestsPerMinute: rate / minutes})
		for _, ref := range f {
			if seen[ref] {
				continue
			}
			seen[ref] = true
			n, err := e.node(ref, from, period)
			if err != nil {
				return Topology{}, err
			}
			t.Nodes = append(t.Nodes, n)
		}
	}
	return t, nil
}

func (e *Estate) node(ref ResourceRef, from time.Time, period time.Duration) (Node, error) {
	r, _ := e.Resource(ref.Kind, ref.Name)
	n := Node{Resource: r, Health: HealthOK}
	traffic, err := e.total(ref, from, period, 0)
	if err != nil {
		return Node{}, err
	}
	n.RequestsPerMinute = traffic / period.Minutes()
	switch {
	case r.deadLetter:
		if traffic > 0 {
			n.ErrorRate, n.Health = 100, HealthCritical
		}
		return n, nil
	case ref.Kind == KindRDS:
		peak, err := e.Series(SeriesQuery{Kind: KindRDS, Name: ref.Name, Metric: "DatabaseConnections", Statistic: "Maximum", From: from, To: from.Add(period), Period: period})
		if err != nil {
			return Node{}, err
		}
		if peak.Values[0] >= maxDatabaseConnections {
			n.Health = HealthCritical
		}
		return n, nil
	}
	if errorsMetric := trafficMetrics[ref.Kind][1]; errorsMetric != "" && traffic > 0 {
		failures, err := e.total(ref, from, period, 1)
		if err != nil {
			return Node{}, err
		}
		n.ErrorRate = 100 * failures / traffic
	}
	switch {
	case n.ErrorRate >= criticalErrorPercent:
		n.Health = HealthCritical
	case n.ErrorRate >= warningErrorPercent:
		n.Health = HealthWarning
	}
	return n, nil
}

// total sums a resource's traffic (which=0) or failure (which=1) metric over one period.
func (e *Estate) total(ref ResourceRef, from time.Time, period time.Duration, which int) (float64, error) {
	s, err := e.Series(SeriesQuery{Kind: ref.Kind, Name: ref.Name, Metric: trafficMetrics[ref.Kind][which], Statistic: "Sum",
		From: from, To: from.Add(period), Period: period})
	if err != nil {
		return 0, err
	}
	return sum(s.Values), nil
}

func sum(values []float64) float64 {
	total := 0.0
	for _, v := range values {
		total += v
	}
	return total
}
