import catalogJson from './catalog.json';
import { QueryKind, type ResourceKind, type ServerlessQuery } from './types';

/** A metric as CloudWatch publishes it; the same list the back end answers (pkg/demo checks it). */
export interface MetricSpec {
  name: string;
  namespace: string;
  dimension: string;
  unit: string;
  /** Distributions have per-sample values, so percentiles and percentile ranks apply. */
  distribution: boolean;
}

const catalog = catalogJson as Record<ResourceKind, MetricSpec[]>;

export const resourceKinds: Array<{ value: ResourceKind; label: string }> = [
  { value: 'lambda', label: 'Lambda function' },
  { value: 'apigateway', label: 'API Gateway (REST)' },
  { value: 'apigatewayv2', label: 'API Gateway (HTTP)' },
  { value: 'sqs', label: 'SQS queue' },
  { value: 'states', label: 'Step Functions state machine' },
  { value: 'events', label: 'EventBridge rule' },
  { value: 'dynamodb', label: 'DynamoDB table' },
  { value: 'rds', label: 'RDS database' },
];

export function metricsOf(kind: ResourceKind): MetricSpec[] {
  return catalog[kind] ?? [];
}

export const plainStatistics = ['Sum', 'Average', 'Minimum', 'Maximum', 'SampleCount'];
export const suggestedPercentiles = ['p50', 'p90', 'p95', 'p99', 'p99.9', 'PR(:1000)'];

/** The statistics the editor offers for a metric; percentiles only where samples exist. */
export function statisticsOf(metric: MetricSpec | undefined): string[] {
  return metric?.distribution ? [...plainStatistics, ...suggestedPercentiles] : plainStatistics;
}

const percentile = /^p(\d{1,2}(\.\d{1,2})?)$/;
const percentileRank = /^PR\((\d+(\.\d+)?)?:(\d+(\.\d+)?)\)$/;

function statisticProblem(statistic: string, metric: MetricSpec): string | undefined {
  const isPercentile = percentile.test(statistic) || percentileRank.test(statistic);
  if (!plainStatistics.includes(statistic) && !isPercentile) {
    return `statistic "${statistic}" is not one of Sum, Average, Minimum, Maximum, SampleCount, pNN or PR(a:b)`;
  }
  if (isPercentile && !metric.distribution) {
    return `statistic ${statistic} does not apply to ${metric.name}, which has no per-sample values`;
  }
  return undefined;
}

function regexProblem(field: string, source: string): string | undefined {
  try {
    new RegExp(source);
    return undefined;
  } catch {
    return `${field} is not a valid regular expression`;
  }
}

/**
 * What is wrong with a query, in the words the back end would use, so the editor can say it before
 * the query runs. Returns undefined for a query the back end accepts.
 */
export function queryProblem(query: ServerlessQuery): string | undefined {
  if (query.pattern) {
    const problem = regexProblem(`pattern "${query.pattern}"`, query.pattern);
    if (problem) {
      return problem;
    }
  }
  if (query.queryType === QueryKind.Logs && query.search?.length && query.search.length >= 2) {
    const s = query.search;
    if (s.startsWith('/') && s.endsWith('/')) {
      return regexProblem(`search ${s}`, s.slice(1, -1));
    }
  }
  if ((query.queryType ?? QueryKind.Metrics) !== QueryKind.Metrics) {
    return undefined;
  }
  const kind = query.resourceKind;
  const metrics = kind ? metricsOf(kind) : [];
  const metric = metrics.find((m) => m.name === query.metric);
  if (kind && query.metric && !metric) {
    return `metric "${query.metric}" is not a ${kind} metric; use one of ${metrics.map((m) => m.name).join(', ')}`;
  }
  if (metric && query.statistic) {
    const problem = statisticProblem(query.statistic, metric);
    if (problem) {
      return problem;
    }
  }
  const period = query.period ?? 0;
  if (period < 0 || period % 60 !== 0 || period > 604800) {
    return `period must be 0 (auto) or a multiple of 60 seconds up to 604800, got ${period}`;
  }
  return undefined;
}
