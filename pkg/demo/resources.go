package demo

import (
	"fmt"
	"slices"
)

// ResourceKind is a kind of AWS resource the estate simulates.
type ResourceKind string

const (
	KindLambda       ResourceKind = "lambda"
	KindAPIGateway   ResourceKind = "apigateway"
	KindAPIGatewayV2 ResourceKind = "apigatewayv2"
	KindSQS          ResourceKind = "sqs"
	KindStates       ResourceKind = "states"
	KindEvents       ResourceKind = "events"
	KindDynamoDB     ResourceKind = "dynamodb"
	KindRDS          ResourceKind = "rds"
)

// Kinds lists every resource kind, in the order editors offer them.
var Kinds = []ResourceKind{KindLambda, KindAPIGateway, KindAPIGatewayV2, KindSQS, KindStates, KindEvents, KindDynamoDB, KindRDS}

// Resource is one simulated AWS resource. Function-only fields are zero for other kinds.
type Resource struct {
	Kind   ResourceKind
	Name   string
	Region string
	Flow   string

	Runtime          string
	MemoryMB         int
	TimeoutSeconds   int
	ConcurrencyLimit int

	// traffic shapes the resource's load: peak invocations per minute, median duration, error share.
	peakPerMinute  float64
	medianMs       float64
	baseErrorShare float64
	seed           uint64
	incidents      []incident
	// meanMs and capacityPerMinute are the mean duration and the most calls a minute the
	// concurrency limit allows, on a normal minute.
	meanMs, capacityPerMinute float64
	// driverName is the function whose traffic drives a non-function resource (an API's
	// integration, a queue's consumer, a table's writer); driver is it, resolved by New.
	driverName string
	driver     *Resource
	deadLetter bool
}

// Options configures an estate.
type Options struct {
	// Functions scales the estate up to this many Lambda functions; 0 or fewer than the base
	// estate keeps the base estate.
	Functions int
}

// Estate is a generated serverless system. It is immutable and safe for concurrent use.
type Estate struct {
	byKind map[ResourceKind][]Resource
	byName map[ResourceKind]map[string]int
}

var syntheticRegions = []string{"us-east-1", "us-west-2", "eu-west-1"}

// New builds the base estate and, if asked, synthetic functions up to Options.Functions.
func New(opts Options) *Estate {
	resources := baseEstate()
	functions := 0
	for _, r := range resources {
		if r.Kind == KindLambda {
			functions++
		}
	}
	for i := 0; functions < opts.Functions; i++ {
		resources = append(resources, syntheticFunction(i))
		functions++
	}
	e := &Estate{byKind: map[ResourceKind][]Resource{}, byName: map[ResourceKind]map[string]int{}}
	for _, r := range resources {
		r.seed = nameSeed(string(r.Kind) + "/" + r.Name)
		if r.Kind == KindLambda {
			r.meanMs = min(r.medianMs*meanOverMedian, float64(r.TimeoutSeconds)*1000)
			r.capacityPerMinute = float64(r.ConcurrencyLimit) * 60000 / r.meanMs
		}
		for _, in := range incidents {
			if in.resource == r.Name {
				r.incidents = append(r.incidents, in)
			}
		}
		if e.byName[r.Kind] == nil {
			e.byName[r.Kind] = map[string]int{}
		}
		e.byName[r.Kind][r.Name] = len(e.byKind[r.Kind])
		e.byKind[r.Kind] = append(e.byKind[r.Kind], r)
	}
	for _, rs := range e.byKind {
		for i := range rs {
			if rs[i].driverName != "" {
				rs[i].driver = &e.byKind[KindLambda][e.byName[KindLambda][rs[i].driverName]]
			}
		}
	}
	return e
}

// Resources lists the resources of a kind in a stable order. The caller must not modify it.
func (e *Estate) Resources(kind ResourceKind) []Resource {
	return e.byKind[kind]
}

// Resource finds one resource by kind and name.
func (e *Estate) Resource(kind ResourceKind, name string) (Resource, bool) {
	i, ok := e.byName[kind][name]
	if !ok {
		return Resource{}, false
	}
	return e.byKind[kind][i], true
}

// Regions lists the regions the estate runs in, sorted.
func (e *Estate) Regions() []string {
	var regions []string
	for _, rs := range e.byKind {
		for _, r := range rs {
			if !slices.Contains(regions, r.Region) {
				regions = append(regions, r.Region)
			}
		}
	}
	slices.Sort(regions)
	return regions
}

func lambda(name, region, flow, runtime string, memoryMB, timeoutS, limit int, peak, medianMs, errShare float64) Resource {
	return Resource{Kind: KindLambda, Name: name, Region: region, Flow: flow, Runtime: runtime, MemoryMB: memoryMB,
		TimeoutSeconds: timeoutS, ConcurrencyLimit: limit, peakPerMinute: peak, medianMs: medianMs, baseErrorShare: errShare}
}

// baseEstate is the system the seeds describe: payments, orders and ticket booking.
func baseEstate() []Resource {
	return []Resource{
		lambda("payments-initializer", "us-east-1", "payments", "nodejs20.x", 512, 10, 200, 900, 85, 0.002),
		lambda("payment-finalizer", "us-east-1", "payments", "nodejs20.x", 512, 15, 200, 850, 140, 0.003),
		lambda("ledger-writer", "us-east-1", "payments", "python3.12", 256, 10, 100, 850, 45, 0.001),
		lambda("wallet-updater", "us-east-1", "payments", "python3.12", 256, 10, 100, 850, 55, 0.001),
		lambda("OrderProcessorFunction", "us-east-1", "orders", "java21", 1024, 30, 150, 420, 350, 0.004),
		lambda("NotificationServiceFunction", "us-west-2", "orders", "nodejs20.x", 256, 10, 100, 380, 60, 0.002),
		lambda("order-dlq-redriver", "us-west-2", "orders", "python3.12", 128, 60, 10, 2, 900, 0.001),
		lambda("booking-api-handler", "eu-west-1", "booking", "nodejs20.x", 1024, 30, 100, 300, 120, 0.003),
		lambda("booking-confirmation", "eu-west-1", "booking", "nodejs20.x", 256, 10, 50, 120, 80, 0.002),
		lambda("inventory-sync", "eu-west-1", "booking", "provided.al2023", 128, 60, 20, 6, 2400, 0.001),
		{Kind: KindAPIGateway, Name: "payments-api", Region: "us-east-1", Flow: "payments", medianMs: 12, driverName: "payments-initializer"},
		{Kind: KindAPIGateway, Name: "orders-api", Region: "us-east-1", Flow: "orders", medianMs: 15, driverName: "OrderProcessorFunction"},
		{Kind: KindAPIGatewayV2, Name: "booking-http-api", Region: "eu-west-1", Flow: "booking", medianMs: 8, driverName: "booking-api-handler"},
		{Kind: KindStates, Name: "order-fulfilment", Region: "us-east-1", Flow: "orders", medianMs: 2500, baseErrorShare: 0.004, driverName: "OrderProcessorFunction"},
		{Kind: KindSQS, Name: "order-notifications", Region: "us-west-2", Flow: "orders", driverName: "NotificationServiceFunction"},
		{Kind: KindSQS, Name: "order-notifications-dlq", Region: "us-west-2", Flow: "orders", driverName: "NotificationServiceFunction", deadLetter: true},
		{Kind: KindEvents, Name: "payment-events", Region: "us-east-1", Flow: "payments", driverName: "payments-initializer"},
		{Kind: KindDynamoDB, Name: "ledger", Region: "us-east-1", Flow: "payments", medianMs: 6, driverName: "ledger-writer"},
		{Kind: KindDynamoDB, Name: "wallets", Region: "us-east-1", Flow: "payments", medianMs: 5, driverName: "wallet-updater"},
		{Kind: KindRDS, Name: "booking-postgres", Region: "eu-west-1", Flow: "booking", driverName: "booking-api-handler"},
	}
}

func syntheticFunction(i int) Resource {
	seed := mix(uint64(i) + 1)
	return lambda(fmt.Sprintf("svc-%04d-handler", i), syntheticRegions[i%len(syntheticRegions)], "synthetic", "nodejs20.x",
		128<<(seed%4), 15, 100, 5+float64(seed%200), 20+float64(seed>>8%400), 0.001+float64(seed>>16%50)/10000)
}
