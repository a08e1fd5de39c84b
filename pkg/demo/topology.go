package demo

import (
	"errors"
	"slices"
	"time"
)

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

// Topology is the service map of the base estate.
type Topology struct {
	Nodes []Node
	Edges []TrafficEdge
}

// flows are the calls the seeds describe: API Gateway → payments-initializer → EventBridge →
// payment-finalizer → ledger and wallet, with their DynamoDB tables; the orders flow through
// Step Functions and SQS with its dead-letter queue; the booking API on PostgreSQL.
var flows = []Edge{
	{ResourceRef{KindAPIGateway, "payments-api"}, ResourceRef{KindLambda, "payments-initializer"}},
	{ResourceRef{KindLambda, "payments-initializer"}, ResourceRef{KindDynamoDB, "ShowMeTheMoney"}},
	{ResourceRef{KindLambda, "payments-initializer"}, ResourceRef{KindEvents, "payment-events"}},
	{ResourceRef{KindEvents, "payment-events"}, ResourceRef{KindLambda, "payment-finalizer"}},
	{ResourceRef{KindLambda, "payment-finalizer"}, ResourceRef{KindDynamoDB, "BreakingTheBank"}},
	{ResourceRef{KindLambda, "payment-finalizer"}, ResourceRef{KindLambda, "ledger-writer"}},
	{ResourceRef{KindLambda, "payment-finalizer"}, ResourceRef{KindLambda, "wallet-updater"}},
	{ResourceRef{KindLambda, "ledger-writer"}, ResourceRef{KindDynamoDB, "ledger"}},
	{ResourceRef{KindLambda, "wallet-updater"}, ResourceRef{KindDynamoDB, "wallets"}},
	{ResourceRef{KindAPIGateway, "orders-api"}, ResourceRef{KindLambda, "OrderProcessorFunction"}},
	{ResourceRef{KindLambda, "OrderProcessorFunction"}, ResourceRef{KindStates, "order-fulfilment"}},
	{ResourceRef{KindStates, "order-fulfilment"}, ResourceRef{KindSQS, "order-notifications"}},
	{ResourceRef{KindSQS, "order-notifications"}, ResourceRef{KindLambda, "NotificationServiceFunction"}},
	{ResourceRef{KindSQS, "order-notifications"}, ResourceRef{KindSQS, "order-notifications-dlq"}},
	{ResourceRef{KindSQS, "order-notifications-dlq"}, ResourceRef{KindLambda, "order-dlq-redriver"}},
	{ResourceRef{KindAPIGatewayV2, "booking-http-api"}, ResourceRef{KindLambda, "booking-api-handler"}},
	{ResourceRef{KindLambda, "booking-api-handler"}, ResourceRef{KindRDS, "booking-postgres"}},
	{ResourceRef{KindLambda, "booking-api-handler"}, ResourceRef{KindLambda, "booking-confirmation"}},
	{ResourceRef{KindLambda, "inventory-sync"}, ResourceRef{KindRDS, "booking-postgres"}},
}

// Edges lists the calls between the base estate's resources, in a stable order.
func (e *Estate) Edges() []Edge {
	return slices.Clone(flows)
}

// TrafficMetrics are the metrics that say how busy a resource of each kind is and how often it
// fails; a dead-letter queue's traffic is failure by definition. A DynamoDB table is on AWS
// mode's map as a stream's source, whose records are its writes. A database publishes no count of
// the queries it serves, so it has none: on the demo map it serves its callers' calls.
var TrafficMetrics = map[ResourceKind][2]string{
	KindLambda:       {"Invocations", "Errors"},
	KindAPIGateway:   {"Count", "5XXError"},
	KindAPIGatewayV2: {"Count", "5xx"},
	KindSQS:          {"NumberOfMessagesSent", ""},
	KindStates:       {"ExecutionsStarted", "ExecutionsFailed"},
	KindEvents:       {"Invocations", "FailedInvocations"},
	KindDynamoDB:     {"ConsumedWriteCapacityUnits", "SystemErrors"},
}

// calledStores are the kinds the demo map shows as called by functions, whose CloudWatch metrics
// count no requests (a table's capacity units, a database's connections): a store serves what
// its callers send it, one request a call.
var calledStores = map[ResourceKind]bool{KindDynamoDB: true, KindRDS: true}

// Topology computes the service map's traffic and health over the minutes that overlap [from, to).
func (e *Estate) Topology(from, to time.Time) (Topology, error) {
	if !from.Before(to) {
		return Topology{}, errors.New("time range is empty or reversed")
	}
	var t Topology
	// An edge carries what its target handles; a store counts nothing, so its edges carry their
	// callers' calls, and it serves their sum, minute by minute.
	served := map[ResourceRef][]float64{}
	for _, f := range flows {
		carrier := f.To
		if calledStores[f.To.Kind] {
			carrier = f.From
		}
		traffic, err := e.minutes(carrier, TrafficMetrics[carrier.Kind][0], "Sum", from, to)
		if err != nil {
			return Topology{}, err
		}
		t.Edges = append(t.Edges, TrafficEdge{Edge: f, RequestsPerMinute: sum(traffic) / float64(len(traffic))})
		if calledStores[f.To.Kind] {
			served[f.To] = addMinutes(served[f.To], traffic)
		}
	}
	seen := map[ResourceRef]bool{}
	for _, f := range flows {
		for _, ref := range []ResourceRef{f.From, f.To} {
			if seen[ref] {
				continue
			}
			seen[ref] = true
			n, err := e.node(ref, from, to, served[ref])
			if err != nil {
				return Topology{}, err
			}
			t.Nodes = append(t.Nodes, n)
		}
	}
	return t, nil
}

// addMinutes adds two series of the same minutes; a nil total starts at zero.
func addMinutes(total, minutes []float64) []float64 {
	if total == nil {
		return slices.Clone(minutes)
	}
	for i, v := range minutes {
		total[i] += v
	}
	return total
}

// node computes a resource's traffic and health; a store's traffic is served, what its callers
// sent it each minute.
func (e *Estate) node(ref ResourceRef, from, to time.Time, served []float64) (Node, error) {
	r, _ := e.Resource(ref.Kind, ref.Name)
	n := Node{Resource: r, Health: HealthOK}
	traffic := served
	if !calledStores[ref.Kind] {
		var err error
		if traffic, err = e.minutes(ref, TrafficMetrics[ref.Kind][0], "Sum", from, to); err != nil {
			return Node{}, err
		}
	}
	total := sum(traffic)
	n.RequestsPerMinute = total / float64(len(traffic))
	switch {
	case r.deadLetter:
		if total > 0 {
			n.ErrorRate, n.Health = 100, HealthCritical
		}
		return n, nil
	case ref.Kind == KindRDS:
		connections, err := e.minutes(ref, "DatabaseConnections", "Maximum", from, to)
		if err != nil {
			return Node{}, err
		}
		if n.PeakConnections = slices.Max(connections); n.PeakConnections >= maxDatabaseConnections {
			n.Health = HealthCritical
		}
		return n, nil
	}
	if errorsMetric := TrafficMetrics[ref.Kind][1]; errorsMetric != "" && total > 0 {
		failures, err := e.minutes(ref, errorsMetric, "Sum", from, to)
		if err != nil {
			return Node{}, err
		}
		n.ErrorRate = 100 * sum(failures) / total
	}
	n.Health = NodeHealth(n.ErrorRate)
	return n, nil
}

// NodeHealth is a service map node's health from its error percentage.
func NodeHealth(errorRate float64) Health {
	switch {
	case errorRate >= criticalErrorPercent:
		return HealthCritical
	case errorRate >= warningErrorPercent:
		return HealthWarning
	}
	return HealthOK
}

// minutes reads one metric of a resource minute by minute, so the range need not align with
// any longer period.
func (e *Estate) minutes(ref ResourceRef, metric, statistic string, from, to time.Time) ([]float64, error) {
	s, err := e.Series(SeriesQuery{Kind: ref.Kind, Name: ref.Name, Metric: metric, Statistic: statistic, From: from, To: to, Period: time.Minute})
	if err != nil {
		return nil, err
	}
	return s.Values, nil
}

func sum(values []float64) float64 {
	total := 0.0
	for _, v := range values {
		total += v
	}
	return total
}
