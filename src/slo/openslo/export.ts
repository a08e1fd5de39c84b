import { QUEUE_SLICE_SECONDS, sliPlan } from '../cloudwatchSli';
import { type Expr, refs, render } from '../metricMath';
import type { SloSpec } from '../spec';
import { SloSpecError } from '../validate';
import {
  annotationKeys,
  type CloudWatchMetricQuery,
  type MetricSourceHolder,
  OPENSLO_API_VERSION,
  type OpenSloSlo,
} from './document';
import { exportWindow } from './timeWindow';

/** OpenSLO caps descriptions at this many characters. */
const MAX_DESCRIPTION = 1050;
const METRIC_PERIOD_SECONDS = QUEUE_SLICE_SECONDS;

/** The OpenSLO SLO of a valid spec; throws an SloSpecError for what OpenSLO cannot hold. */
export function toOpenSlo(spec: SloSpec): OpenSloSlo {
  if (spec.description !== undefined && spec.description.length > MAX_DESCRIPTION) {
    throw new SloSpecError(
      'description',
      `OpenSLO allows at most ${MAX_DESCRIPTION} characters, this one has ${spec.description.length}`
    );
  }
  const plan = sliPlan(spec.sli);
  const source = (id: 'good' | 'total', expr: Expr): MetricSourceHolder => {
    const used = refs(expr);
    const metricQueries: CloudWatchMetricQuery[] = plan.queries
      .filter((q) => used.includes(q.id))
      .map((q) => ({
        id: q.id,
        metricStat: {
          metric: {
            namespace: q.metric.namespace,
            metricName: q.metric.metricName,
            dimensions: [{ name: q.metric.dimension.name, value: q.metric.dimension.value }],
          },
          period: METRIC_PERIOD_SECONDS,
          stat: q.metric.stat,
        },
        returnData: false,
      }));
    metricQueries.push({ id, expression: render(expr) });
    return { metricSource: { type: 'CloudWatch', spec: { metricQueries } } };
  };

  const annotations: Record<string, string> = {};
  if (spec.exclusions?.length) {
    annotations[annotationKeys.exclusions] = JSON.stringify(spec.exclusions);
  }
  if (spec.alerting?.minEvents !== undefined) {
    annotations[annotationKeys.minEvents] = String(spec.alerting.minEvents);
  }
  if (spec.alerting?.runbookUrl !== undefined) {
    annotations[annotationKeys.runbookUrl] = spec.alerting.runbookUrl;
  }
  const timeslices = spec.budgeting === 'timeslices';
  return {
    apiVersion: OPENSLO_API_VERSION,
    kind: 'SLO',
    metadata: {
      name: spec.name,
      ...(spec.labels && { labels: { ...spec.labels } }),
      ...(Object.keys(annotations).length > 0 && { annotations }),
    },
    spec: {
      ...(spec.description !== undefined && { description: spec.description }),
      service: spec.service,
      indicator: {
        metadata: { name: `${spec.name.slice(0, 59)}-sli` },
        spec: { ratioMetric: { counter: false, good: source('good', plan.good), total: source('total', plan.total) } },
      },
      timeWindow: [exportWindow(spec.window)],
      budgetingMethod: timeslices ? 'Timeslices' : 'Occurrences',
      objectives: [
        {
          targetPercent: spec.objective,
          ...(timeslices && { timeSliceTarget: spec.objective / 100, timeSliceWindow: '1m' }),
        },
      ],
    },
  };
}
