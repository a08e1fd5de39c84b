// Package demo is the embedded demo estate: a simulated AWS serverless system generated on the fly.
//
// The base estate (New(Options{})) is the system the product's seed documents describe: a payments
// flow (payments-api → payments-initializer → payment-events → payment-finalizer → ledger-writer
// and wallet-updater, with DynamoDB tables), an orders flow (orders-api → OrderProcessorFunction in
// us-east-1 → order-fulfilment state machine → order-notifications queue with its DLQ →
// NotificationServiceFunction in us-west-2) and a ticket booking HTTP API backed by PostgreSQL.
// Options.Functions adds synthetic functions (svc-0000-handler, …) over us-east-1, us-west-2 and
// eu-west-1 up to that many functions in all, for load work.
//
// # Determinism and time
//
// Every value is a pure function of the resource, the metric and the absolute UTC minute it falls
// in: the same query over the same range always returns the same numbers, and now-relative
// dashboards move as time passes. Nothing reads the clock or global random state, and nothing is
// cached, so memory stays flat however many queries run.
//
// The model works per minute. A function's minute has integer counts (invocations, errors,
// throttles, timeouts, cold starts) from a daily traffic curve (peak around 15:00 UTC, trough around
// 03:00, weekends at 60 %) times noise; durations are lognormal around the minute's median with
// the calls that time out exactly at the timeout. The median moves with the minute's load (about
// 40 % slower at the daily peak than in the night) and with bounded noise, so latency charts are
// never flat lines yet incidents stand well above them; API latency adds the gateway's own time and
// the initialisation of the minute's cold starts. A minute's calls are its demand rounded at
// random. Average concurrency follows Little's law and the minute's peak swings a few Poisson
// standard deviations above it, in whole environments; calls beyond the concurrency limit are
// throttled; each environment a peak needs beyond those recent minutes left warm, and a share of
// calls after each deployment, is a cold start. Longer periods fold the minutes: a period's Sum is
// the sum of its minutes, and its percentiles come in closed form from the period's one
// distribution, so p50 ≤ p95 ≤ p99 ≤ Maximum and Average always agree.
//
// # Incidents
//
// Scheduled incidents recur so that any six-hour window shows something:
//   - booking-api-handler runs out of PostgreSQL connections every 12 h from 02:40 UTC for 20 min:
//     booking-postgres DatabaseConnections at its maximum, "remaining connection slots are
//     reserved for non-replication superuser connections" and "timeout exceeded when trying to
//     connect" errors, calls ending at exactly the 30 s timeout, throttles when it meets the peak,
//     and inventory-sync's IteratorAge climbing;
//   - payment-finalizer slows down every day from 21:50 UTC for 40 min (the slow payment path);
//   - OrderProcessorFunction gets a bad deploy every 8 h from 01:10 UTC: a Deployment event, 40
//     minutes of errors and cold starts, then a rollback event;
//   - NotificationServiceFunction fails every 6 h from 05:00 UTC for 30 min, filling
//     order-notifications-dlq until a redrive an hour later empties it.
//
// # Reading the estate
//
//   - Resources, Resource, Function, Regions and Edges describe what exists.
//   - Series answers one metric of one resource like GetMetricData, in periods aligned to
//     multiples of the period since the Unix epoch (so to UTC midnight for periods that divide a day),
//     for every metric of the catalog (model.Metrics): the estate generates them all.
//   - Summaries gives every function's inventory row; it walks each minute of each function
//     once and is the fast path (1,000 functions over 24 h in under 20 ms on two cores).
//   - Logs renders Lambda log lines (START, END, REPORT, JSON application lines, timeouts) from
//     the same per-minute counts, newest first, so they agree with the metrics exactly:
//     START lines = Invocations, ERROR application lines = Errors, REPORT lines with an Init
//     Duration = ColdStarts.
//   - Events lists deployments and configuration changes; Topology the service map with traffic
//     and health.
//
// The types it answers in belong to package model, which AWS mode answers in too; the package has
// no AWS or Grafana imports and only demo mode imports it.
package demo
