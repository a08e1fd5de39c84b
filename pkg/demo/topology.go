package demo

import (
	"errors"
	"slices"
	"time"

	"github.com/seed/serverless/pkg/model"
)

// flows are the calls the seeds describe: API Gateway → payments-initializer → EventBridge →
// payment-finalizer → ledger and wallet, with their DynamoDB tables; the orders flow through
// Step Functions and SQS with its dead-letter queue; the booking API on PostgreSQL.
var flows = []model.Edge{
	flow(model.KindAPIGateway, "payments-api", model.KindLambda, "payments-initializer"),
	flow(model.KindLambda, "payments-initializer", model.KindDynamoDB, "ShowMeTheMoney"),
	flow(model.KindLambda, "payments-initializer", model.KindEvents, "payment-events"),
	flow(model.KindEvents, "payment-events", model.KindLambda, "payment-finalizer"),
	flow(model.KindLambda, "payment-finalizer", model.KindDynamoDB, "BreakingTheBank"),
	flow(model.KindLambda, "payment-finalizer", model.KindLambda, "ledger-writer"),
	flow(model.KindLambda, "payment-finalizer", model.KindLambda, "wallet-updater"),
	flow(model.KindLambda, "ledger-writer", model.KindDynamoDB, "ledger"),
	flow(model.KindLambda, "wallet-updater", model.KindDynamoDB, "wallets"),
	flow(model.KindAPIGateway, "orders-api", model.KindLambda, "OrderProcessorFunction"),
	flow(model.KindLambda, "OrderProcessorFunction", model.KindStates, "order-fulfilment"),
	flow(model.KindStates, "order-fulfilment", model.KindSQS, "order-notifications"),
	flow(model.KindSQS, "order-notifications", model.KindLambda, "NotificationServiceFunction"),
	flow(model.KindSQS, "order-notifications", model.KindSQS, "order-notifications-dlq"),
	flow(model.KindSQS, "order-notifications-dlq", model.KindLambda, "order-dlq-redriver"),
	flow(model.KindAPIGatewayV2, "booking-http-api", model.KindLambda, "booking-api-handler"),
	flow(model.KindLambda, "booking-api-handler", model.KindRDS, "booking-postgres"),
	flow(model.KindLambda, "booking-api-handler", model.KindLambda, "booking-confirmation"),
	flow(model.KindLambda, "inventory-sync", model.KindRDS, "booking-postgres"),
}

func flow(fromKind model.ResourceKind, from string, toKind model.ResourceKind, to string) model.Edge {
	return model.Edge{From: model.ResourceRef{Kind: fromKind, Name: from}, To: model.ResourceRef{Kind: toKind, Name: to}}
}

// Edges lists the calls between the base estate's resources, in a stable order.
func (e *Estate) Edges() []model.Edge {
	return slices.Clone(flows)
}

// calledStores are the kinds the demo map shows as called by functions, whose CloudWatch metrics
// count no requests (a table's capacity units, a database's connections): a store serves what
// its callers send it, one request a call.
var calledStores = map[model.ResourceKind]bool{model.KindDynamoDB: true, model.KindRDS: true}

// Topology computes the service map's traffic and health over the minutes that overlap [from, to).
func (e *Estate) Topology(from, to time.Time) (model.Topology, error) {
	if !from.Before(to) {
		return model.Topology{}, errors.New("time range is empty or reversed")
	}
	var t model.Topology
	// An edge carries what its target handles; a store counts nothing, so its edges carry their
	// callers' calls, and it serves their sum, minute by minute.
	served := map[model.ResourceRef][]float64{}
	for _, f := range flows {
		carrier := f.To
		if calledStores[f.To.Kind] {
			carrier = f.From
		}
		traffic, err := e.minutes(carrier, model.TrafficMetrics[carrier.Kind][0], "Sum", from, to)
		if err != nil {
			return model.Topology{}, err
		}
		t.Edges = append(t.Edges, model.TrafficEdge{Edge: f, RequestsPerMinute: sum(traffic) / float64(len(traffic))})
		if calledStores[f.To.Kind] {
			served[f.To] = addMinutes(served[f.To], traffic)
		}
	}
	seen := map[model.ResourceRef]bool{}
	for _, f := range flows {
		for _, ref := range []model.ResourceRef{f.From, f.To} {
			if seen[ref] {
				continue
			}
			seen[ref] = true
			n, err := e.node(ref, from, to, served[ref])
			if err != nil {
				return model.Topology{}, err
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
func (e *Estate) node(ref model.ResourceRef, from, to time.Time, served []float64) (model.Node, error) {
	r, _ := e.find(ref.Kind, ref.Name)
	n := model.Node{Resource: r.Resource, Health: model.HealthOK}
	traffic := served
	if !calledStores[ref.Kind] {
		var err error
		if traffic, err = e.minutes(ref, model.TrafficMetrics[ref.Kind][0], "Sum", from, to); err != nil {
			return model.Node{}, err
		}
	}
	total := sum(traffic)
	n.RequestsPerMinute = total / float64(len(traffic))
	switch {
	case r.deadLetter:
		if total > 0 {
			n.ErrorRate, n.Health = 100, model.HealthCritical
		}
		return n, nil
	case ref.Kind == model.KindRDS:
		connections, err := e.minutes(ref, "DatabaseConnections", "Maximum", from, to)
		if err != nil {
			return model.Node{}, err
		}
		if n.PeakConnections = slices.Max(connections); n.PeakConnections >= maxDatabaseConnections {
			n.Health = model.HealthCritical
		}
		return n, nil
	}
	if errorsMetric := model.TrafficMetrics[ref.Kind][1]; errorsMetric != "" && total > 0 {
		failures, err := e.minutes(ref, errorsMetric, "Sum", from, to)
		if err != nil {
			return model.Node{}, err
		}
		n.ErrorRate = 100 * sum(failures) / total
	}
	n.Health = model.NodeHealth(n.ErrorRate)
	return n, nil
}

// minutes reads one metric of a resource minute by minute, so the range need not align with
// any longer period.
func (e *Estate) minutes(ref model.ResourceRef, metric, statistic string, from, to time.Time) ([]float64, error) {
	s, err := e.Series(model.SeriesQuery{Kind: ref.Kind, Name: ref.Name, Metric: metric, Statistic: statistic, From: from, To: to, Period: time.Minute})
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
