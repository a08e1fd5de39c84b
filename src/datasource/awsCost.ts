import { QueryKind, type ServerlessQuery } from './types';

/** CloudWatch GetMetricData price per metric requested (us-east-1). */
export const PRICE_PER_METRIC_REQUESTED = 0.01 / 1000;
/** CloudWatch Logs Insights price per GB of logs scanned (us-east-1). */
export const PRICE_PER_GB_SCANNED = 0.005;
/** Metrics the inventory reads per function: invocations, errors, throttles, duration p50/p95/p99, concurrency. */
export const INVENTORY_METRICS_PER_FUNCTION = 8;

/** What one refresh of the query would cost against AWS, in words a user can weigh. */
export function awsCostNote(query: ServerlessQuery): string {
  const perRefresh = (metrics: number) =>
    `${metrics} metric${metrics === 1 ? '' : 's'} requested per refresh, about $${(metrics * PRICE_PER_METRIC_REQUESTED * 1000).toFixed(2)} per 1,000 refreshes`;
  switch (query.queryType ?? QueryKind.Metrics) {
    case QueryKind.Metrics:
      return query.names?.length
        ? perRefresh(query.names.length)
        : 'one metric requested per matching resource per refresh ($0.01 per 1,000 metrics)';
    case QueryKind.Inventory:
      return `${INVENTORY_METRICS_PER_FUNCTION} metrics requested per function per refresh ($0.01 per 1,000 metrics)`;
    case QueryKind.Logs:
      return `Logs Insights bills $${PRICE_PER_GB_SCANNED} per GB of logs scanned in the time range`;
    case QueryKind.Slo:
      return 'two to four metrics requested per resource of the SLI per refresh ($0.01 per 1,000 metrics)';
    case QueryKind.Topology:
      return 'two metrics requested per node of the map per refresh ($0.01 per 1,000 metrics)';
    default:
      return 'free: reads resource lists, not metrics';
  }
}
