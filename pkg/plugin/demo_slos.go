package plugin

import "github.com/seed/serverless/pkg/slo"

// demoSLOs are the SLOs demo mode offers when the data source defines none, one per flow of the
// demo estate, so the SLO pages and burn-rate alerts have something true to show.
var demoSLOs = []slo.Spec{
	{Name: "checkout-availability", Service: "payments", Objective: 99.5, Window: slo.Window{Rolling: "30d"},
		Description: "Payments accepted and finalized without an error or a throttle",
		SLI:         slo.SLI{Template: slo.FunctionAvailability, Resources: []string{"payments-initializer", "payment-finalizer"}}},
	{Name: "booking-availability", Service: "booking", Objective: 99.5, Window: slo.Window{Rolling: "28d"},
		Description: "Booking API requests answered without a server error",
		SLI:         slo.SLI{Template: slo.APIAvailability, Resources: []string{"booking-http-api"}}},
	{Name: "booking-latency", Service: "booking", Objective: 99, Window: slo.Window{Rolling: "28d"},
		Description: "Booking API requests answered within a second",
		SLI:         slo.SLI{Template: slo.Latency, Resources: []string{"booking-http-api"}, Threshold: 1000}},
	{Name: "notifications-freshness", Service: "orders", Objective: 95, Window: slo.Window{Rolling: "7d"},
		Description: "Order notifications waiting at most five minutes",
		SLI:         slo.SLI{Template: slo.QueueFreshness, Resources: []string{"order-notifications"}, Threshold: 300}},
}

// slos are the SLOs queries can name: the data source's own, or the demo ones.
func (d *Datasource) slos() []slo.Spec {
	if len(d.settings.SLOs) > 0 || d.estate == nil {
		return d.settings.SLOs
	}
	return demoSLOs
}
