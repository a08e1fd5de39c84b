package demo

import (
	"fmt"

	"github.com/seed/serverless/pkg/model"
)

var syntheticRegions = []string{"us-east-1", "us-west-2", "eu-west-1"}

type function struct {
	name, region, flow, runtime   string
	memoryMB, timeoutS, limit     int
	peakPerMinute, medianMs       float64
	errorShare                    float64
	route                         string
	source                        eventSource
	extensionMs                   float64
	memoryUsedShare, coldShareMul float64
}

func (f function) resource() resource {
	return resource{Resource: model.Resource{Kind: model.KindLambda, Name: f.name, Region: f.region, Runtime: f.runtime,
		MemoryMB: f.memoryMB, TimeoutSeconds: f.timeoutS, ConcurrencyLimit: f.limit},
		simulation: simulation{flow: f.flow, peakPerMinute: f.peakPerMinute, medianMs: f.medianMs, baseErrorShare: f.errorShare, route: f.route,
			source: f.source, extensionMs: f.extensionMs, memoryUsedShare: f.memoryUsedShare}}
}

// baseEstate is the system the seeds describe: payments, orders and ticket booking. The payments
// functions carry an OpenTelemetry collector extension, so they report PostRuntimeExtensionsDuration.
func baseEstate() []resource {
	functions := []function{
		{name: "payments-initializer", region: "us-east-1", flow: FlowPayments, runtime: "nodejs20.x", memoryMB: 512, timeoutS: 10, limit: 200,
			peakPerMinute: 900, medianMs: 85, errorShare: 0.002, route: "POST /payments", source: sourceSync, extensionMs: 4, memoryUsedShare: 0.22},
		{name: "payment-finalizer", region: "us-east-1", flow: FlowPayments, runtime: "nodejs20.x", memoryMB: 512, timeoutS: 15, limit: 200,
			peakPerMinute: 850, medianMs: 140, errorShare: 0.003, source: sourceAsync, extensionMs: 6, memoryUsedShare: 0.3},
		{name: "ledger-writer", region: "us-east-1", flow: FlowPayments, runtime: "python3.12", memoryMB: 256, timeoutS: 10, limit: 100,
			peakPerMinute: 850, medianMs: 45, errorShare: 0.001, source: sourceAsync, extensionMs: 3, memoryUsedShare: 0.35},
		{name: "wallet-updater", region: "us-east-1", flow: FlowPayments, runtime: "python3.12", memoryMB: 256, timeoutS: 10, limit: 100,
			peakPerMinute: 850, medianMs: 55, errorShare: 0.001, source: sourceAsync, extensionMs: 3, memoryUsedShare: 0.33},
		{name: "OrderProcessorFunction", region: "us-east-1", flow: FlowOrders, runtime: "java21", memoryMB: 1024, timeoutS: 30, limit: 150,
			peakPerMinute: 420, medianMs: 350, errorShare: 0.004, route: "POST /orders", source: sourceSync, memoryUsedShare: 0.45},
		{name: "NotificationServiceFunction", region: "us-west-2", flow: FlowOrders, runtime: "nodejs20.x", memoryMB: 256, timeoutS: 10, limit: 100,
			peakPerMinute: 380, medianMs: 60, errorShare: 0.002, source: sourceQueue, memoryUsedShare: 0.3},
		{name: "order-dlq-redriver", region: "us-west-2", flow: FlowOrders, runtime: "python3.12", memoryMB: 128, timeoutS: 60, limit: 10,
			peakPerMinute: 2, medianMs: 900, errorShare: 0.005, source: sourceQueue, memoryUsedShare: 0.5},
		// The booking API's reserved concurrency is what turns slow database connections into throttles.
		{name: "booking-api-handler", region: "eu-west-1", flow: FlowBooking, runtime: "nodejs20.x", memoryMB: 1024, timeoutS: 30, limit: 50,
			peakPerMinute: 300, medianMs: 120, errorShare: 0.003, route: "POST /bookings", source: sourceSync, memoryUsedShare: 0.18},
		{name: "booking-confirmation", region: "eu-west-1", flow: FlowBooking, runtime: "nodejs20.x", memoryMB: 256, timeoutS: 10, limit: 50,
			peakPerMinute: 120, medianMs: 80, errorShare: 0.002, source: sourceAsync, memoryUsedShare: 0.3},
		{name: "inventory-sync", region: "eu-west-1", flow: FlowBooking, runtime: "provided.al2023", memoryMB: 128, timeoutS: 60, limit: 20,
			peakPerMinute: 6, medianMs: 2400, errorShare: 0.001, source: sourceStream, memoryUsedShare: 0.4},
	}
	var out []resource
	for _, f := range functions {
		out = append(out, f.resource())
	}
	return append(out,
		resource{Resource: model.Resource{Kind: model.KindAPIGateway, Name: "payments-api", Region: "us-east-1"}, simulation: simulation{flow: FlowPayments, medianMs: 12, driverName: "payments-initializer"}},
		resource{Resource: model.Resource{Kind: model.KindAPIGateway, Name: "orders-api", Region: "us-east-1"}, simulation: simulation{flow: FlowOrders, medianMs: 15, driverName: "OrderProcessorFunction"}},
		resource{Resource: model.Resource{Kind: model.KindAPIGatewayV2, Name: "booking-http-api", Region: "eu-west-1"}, simulation: simulation{flow: FlowBooking, medianMs: 8, driverName: "booking-api-handler"}},
		resource{Resource: model.Resource{Kind: model.KindStates, Name: "order-fulfilment", Region: "us-east-1"}, simulation: simulation{flow: FlowOrders, medianMs: 2500, baseErrorShare: 0.004, driverName: "OrderProcessorFunction"}},
		resource{Resource: model.Resource{Kind: model.KindSQS, Name: "order-notifications", Region: "us-west-2"}, simulation: simulation{flow: FlowOrders, driverName: "NotificationServiceFunction"}},
		resource{Resource: model.Resource{Kind: model.KindSQS, Name: "order-notifications-dlq", Region: "us-west-2"}, simulation: simulation{flow: FlowOrders, driverName: "NotificationServiceFunction", deadLetter: true}},
		resource{Resource: model.Resource{Kind: model.KindEvents, Name: "payment-events", Region: "us-east-1"}, simulation: simulation{flow: FlowPayments, driverName: "payments-initializer"}},
		resource{Resource: model.Resource{Kind: model.KindDynamoDB, Name: "ShowMeTheMoney", Region: "us-east-1"}, simulation: simulation{flow: FlowPayments, medianMs: 5, driverName: "payments-initializer"}},
		resource{Resource: model.Resource{Kind: model.KindDynamoDB, Name: "BreakingTheBank", Region: "us-east-1"}, simulation: simulation{flow: FlowPayments, medianMs: 6, driverName: "payment-finalizer"}},
		resource{Resource: model.Resource{Kind: model.KindDynamoDB, Name: "ledger", Region: "us-east-1"}, simulation: simulation{flow: FlowPayments, medianMs: 6, driverName: "ledger-writer"}},
		resource{Resource: model.Resource{Kind: model.KindDynamoDB, Name: "wallets", Region: "us-east-1"}, simulation: simulation{flow: FlowPayments, medianMs: 5, driverName: "wallet-updater"}},
		resource{Resource: model.Resource{Kind: model.KindRDS, Name: "booking-postgres", Region: "eu-west-1"}, simulation: simulation{flow: FlowBooking, driverName: "booking-api-handler"}},
	)
}

// syntheticFunction is filler for load work. A few in every hundred are unhealthy in a way the
// inventory should flag: throttled at their concurrency limit, failing, or running close to
// their timeout.
func syntheticFunction(i int) resource {
	h := mix(uint64(i) + 1)
	f := function{name: fmt.Sprintf("svc-%04d-handler", i), region: syntheticRegions[i%len(syntheticRegions)], flow: FlowSynthetic,
		runtime: syntheticRuntimes[h>>40%uint64(len(syntheticRuntimes))], memoryMB: 128 << (h % 4), timeoutS: 15, limit: 100,
		peakPerMinute: 5 + float64(h>>8%200), medianMs: 20 + float64(h>>16%400), errorShare: 0.001 + float64(h>>24%50)/10000,
		source: eventSource(h >> 32 % 4), memoryUsedShare: 0.15 + float64(h>>48%50)/100}
	switch h >> 56 % 50 {
	case 0:
		f.peakPerMinute, f.medianMs, f.limit = 2000, 300, 10
	case 1:
		f.errorShare = 0.02 + float64(h>>8%60)/1000
	case 2:
		f.timeoutS, f.medianMs = 6, 1200
	}
	return f.resource()
}

var syntheticRuntimes = []string{"nodejs20.x", "python3.12", "java21", "provided.al2023", "nodejs22.x"}
