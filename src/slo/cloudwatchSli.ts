import { binary, type Expr, fill, ifThen, num, ref, sum } from './metricMath';
import type { SliSpec, SliTemplate } from './spec';

/**
 * Which CloudWatch metrics each SLI template reads, and how good and total events follow from them:
 * the Go SLO evaluator's arithmetic (pkg/slo/evaluator/events.go), held to it by
 * testdata/slo/sli-templates.json. A resource name is looked up in every metric family its template
 * covers (a latency SLI's resource may be a function, a REST API or an HTTP API); families that have
 * no data for it count as zero, through FILL.
 */
export interface MetricStat {
  namespace: string;
  metricName: string;
  dimension: { name: string; value: string };
  stat: string;
}

export interface SliQuery {
  /** A CloudWatch query id: lower-case first letter, then letters, digits and underscores. */
  id: string;
  metric: MetricStat;
}

/** The queries an SLI needs and the metric math that turns their values into events. */
export interface SliPlan {
  queries: SliQuery[];
  good: Expr;
  total: Expr;
}

interface Source {
  namespace: string;
  dimension: string;
}

const lambda: Source = { namespace: 'AWS/Lambda', dimension: 'FunctionName' };
const restApi: Source = { namespace: 'AWS/ApiGateway', dimension: 'ApiName' };
const httpApi: Source = { namespace: 'AWS/ApiGateway', dimension: 'ApiId' };
const sqs: Source = { namespace: 'AWS/SQS', dimension: 'QueueName' };

/** A metric a family reads; a percentile rank's statistic carries the SLI's threshold. */
interface RoleMetric {
  metricName: string;
  stat: string | 'percentileRank';
}

interface Family {
  /** Tells the families of one template apart in query ids. */
  suffix: string;
  source: Source;
  metrics: Record<string, RoleMetric>;
  good: (r: Record<string, Expr>, threshold: number) => Expr;
  total: (r: Record<string, Expr>) => Expr;
}

interface TemplateDefinition {
  families: Family[];
  /** good and total in words, for messages. */
  events: string;
}

const availability = (metricName: string) => ({ metricName, stat: 'Sum' });

const apiFamily = (suffix: string, source: Source, serverErrors: string): Family => ({
  suffix,
  source,
  metrics: { requests: availability('Count'), serverErrors: availability(serverErrors) },
  good: (r) => binary('-', r.requests, r.serverErrors),
  total: (r) => r.requests,
});

const latencyFamily = (suffix: string, source: Source, metricName: string): Family => ({
  suffix,
  source,
  metrics: { fast: { metricName, stat: 'percentileRank' }, samples: { metricName, stat: 'SampleCount' } },
  good: (r) => binary('*', binary('/', r.fast, num(100)), r.samples),
  total: (r) => r.samples,
});

export const sliTemplates: Record<SliTemplate, TemplateDefinition> = {
  functionAvailability: {
    events: 'good = Invocations − Errors, total = Invocations + Throttles (AWS/Lambda, FunctionName)',
    families: [
      {
        suffix: '',
        source: lambda,
        metrics: {
          invocations: availability('Invocations'),
          errors: availability('Errors'),
          throttles: availability('Throttles'),
        },
        good: (r) => binary('-', r.invocations, r.errors),
        total: (r) => binary('+', r.invocations, r.throttles),
      },
    ],
  },
  apiAvailability: {
    events: 'good = Count − 5XXError (ApiName) or Count − 5xx (ApiId), total = Count (AWS/ApiGateway)',
    families: [apiFamily('rest', restApi, '5XXError'), apiFamily('http', httpApi, '5xx')],
  },
  latency: {
    events:
      'good = PR(:threshold) / 100 × SampleCount, total = SampleCount of AWS/Lambda Duration (FunctionName) or AWS/ApiGateway Latency (ApiName or ApiId)',
    families: [
      latencyFamily('fn', lambda, 'Duration'),
      latencyFamily('rest', restApi, 'Latency'),
      latencyFamily('http', httpApi, 'Latency'),
    ],
  },
  queueFreshness: {
    events:
      'good = SampleCount of the minutes whose ApproximateAgeOfOldestMessage Maximum is at most the threshold, total = SampleCount (AWS/SQS, QueueName)',
    families: [
      {
        suffix: '',
        source: sqs,
        metrics: {
          oldest: { metricName: 'ApproximateAgeOfOldestMessage', stat: 'Maximum' },
          samples: { metricName: 'ApproximateAgeOfOldestMessage', stat: 'SampleCount' },
        },
        good: (r, threshold) => ifThen({ op: '<=', left: r.oldest, right: num(threshold) }, r.samples, num(0)),
        total: (r) => r.samples,
      },
    ],
  },
};

/** A queue freshness SLI judges each minute on its own, so its metrics must be read per minute. */
export const QUEUE_SLICE_SECONDS = 60;

export function percentileRankStat(threshold: number): string {
  return `PR(:${threshold})`;
}

/** The queries and metric math of an SLI, one query per resource, family and metric. */
export function sliPlan(sli: SliSpec): SliPlan {
  const threshold = sli.threshold ?? 0;
  const queries: SliQuery[] = [];
  const good: Expr[] = [];
  const total: Expr[] = [];
  sli.resources.forEach((resource, i) => {
    for (const family of sliTemplates[sli.template].families) {
      const refs: Record<string, Expr> = {};
      for (const [role, m] of Object.entries(family.metrics)) {
        const id = [role, i, family.suffix].filter((part) => part !== '').join('_');
        queries.push({
          id,
          metric: {
            namespace: family.source.namespace,
            metricName: m.metricName,
            dimension: { name: family.source.dimension, value: resource },
            stat: m.stat === 'percentileRank' ? percentileRankStat(threshold) : m.stat,
          },
        });
        refs[role] = fill(ref(id));
      }
      good.push(family.good(refs, threshold));
      total.push(family.total(refs));
    }
  });
  return { queries, good: sum(good), total: sum(total) };
}

/** What a metric means to the SLI templates, or undefined when no template reads it. */
export interface MetricRole {
  template: SliTemplate;
  /** The template's family, as its suffix. */
  family: string;
  resource: string;
  /** For a percentile rank PR(:t), t. */
  threshold?: number;
}

const percentileRankPattern = /^PR\(:(\d+(?:\.\d+)?)\)$/;

export function metricRole(metric: MetricStat): MetricRole | undefined {
  for (const [template, definition] of Object.entries(sliTemplates) as Array<[SliTemplate, TemplateDefinition]>) {
    for (const family of definition.families) {
      if (family.source.namespace !== metric.namespace || family.source.dimension !== metric.dimension.name) {
        continue;
      }
      for (const m of Object.values(family.metrics)) {
        if (m.metricName !== metric.metricName) {
          continue;
        }
        const rank = percentileRankPattern.exec(metric.stat);
        if (m.stat === 'percentileRank' && rank) {
          return { template, family: family.suffix, resource: metric.dimension.value, threshold: Number(rank[1]) };
        }
        if (m.stat !== 'percentileRank' && m.stat === metric.stat) {
          return { template, family: family.suffix, resource: metric.dimension.value };
        }
      }
    }
  }
  return undefined;
}

/** Every metric an SLI template may read, in words, for messages about metrics it does not. */
export function templateMetrics(): string {
  return Object.entries(sliTemplates)
    .map(([template, d]) => {
      const metrics = d.families.flatMap((f) =>
        Object.values(f.metrics).map(
          (m) =>
            `${f.source.namespace} ${m.metricName} ${m.stat === 'percentileRank' ? 'PR(:threshold)' : m.stat} by ${f.source.dimension}`
        )
      );
      return `${template}: ${[...new Set(metrics)].join(', ')}`;
    })
    .join('; ');
}
