import { metricRole, type MetricRole, QUEUE_SLICE_SECONDS, sliTemplates, templateMetrics } from '../cloudwatchSli';
import { comparedNumbers, refs } from '../metricMath';
import type { SliSpec } from '../spec';
import { compareEvents } from './compareEvents';
import { OpenSloError } from './document';
import { record, string } from './fields';
import type { ImportContext } from './importContext';
import { metricProgram } from './metricSources';

// Infers the SLI template of an imported ratio metric from the CloudWatch metrics it reads.

export function importIndicator(spec: Record<string, unknown>, context: ImportContext): SliSpec {
  let sli: Record<string, unknown>;
  let path: string;
  if (spec.indicator !== undefined && spec.indicatorRef !== undefined) {
    throw new OpenSloError('spec.indicatorRef', 'give indicator or indicatorRef, not both');
  }
  if (spec.indicatorRef !== undefined) {
    const name = string(spec.indicatorRef, 'spec.indicatorRef');
    if (!context.slis.has(name)) {
      throw new OpenSloError('spec.indicatorRef', `no SLI named "${name}" among the imported documents`);
    }
    path = `SLI ${name}: spec`;
    sli = record(context.slis.get(name), path);
  } else {
    const indicator = record(spec.indicator, 'spec.indicator', ['metadata', 'spec']);
    path = 'spec.indicator.spec';
    sli = record(indicator.spec, path);
  }
  sli = record(sli, path, ['description', 'thresholdMetric', 'ratioMetric']);
  if (sli.description !== undefined) {
    context.warn(`${path}.description`, "dropped: a spec has one description, the SLO's");
  }
  if (sli.thresholdMetric !== undefined) {
    throw new OpenSloError(
      `${path}.thresholdMetric`,
      'threshold metrics are not supported: an SLI here is a ratio of good (or bad) to total events'
    );
  }
  const ratioPath = `${path}.ratioMetric`;
  const ratio = record(sli.ratioMetric, ratioPath, ['counter', 'good', 'bad', 'total', 'rawType', 'raw']);
  for (const field of ['raw', 'rawType']) {
    if (ratio[field] !== undefined) {
      throw new OpenSloError(
        `${ratioPath}.${field}`,
        'precomputed ratios are not supported; give good or bad, and total'
      );
    }
  }
  if ((ratio.good === undefined) === (ratio.bad === undefined)) {
    throw new OpenSloError(ratioPath, 'needs exactly one of good or bad, with total');
  }
  const numeratorName = ratio.good !== undefined ? 'good' : 'bad';
  const numeratorPath = `${ratioPath}.${numeratorName}`;
  const numerator = metricProgram(ratio[numeratorName], numeratorPath, context);
  const total = metricProgram(ratio.total, `${ratioPath}.total`, context);
  if (ratio.counter === true) {
    throw new OpenSloError(
      `${ratioPath}.counter`,
      'CloudWatch metrics are sums per period, not monotonic counters; set counter: false'
    );
  }

  const roles: Array<MetricRole & { path: string; period?: number }> = [];
  for (const program of [numerator, total]) {
    for (const id of refs(program.result)) {
      const { metric, period, path: metricPath } = program.metrics.get(id)!;
      const role = metricRole(metric);
      if (!role) {
        throw new OpenSloError(
          metricPath,
          `${metric.namespace} ${metric.metricName} ${metric.stat} by ${metric.dimension.name} is not a metric an SLI template reads (${templateMetrics()})`
        );
      }
      roles.push({ ...role, path: metricPath, period });
    }
  }
  const templates = [...new Set(roles.map((r) => r.template))];
  if (templates.length !== 1) {
    throw new OpenSloError(ratioPath, `mixes metrics of ${templates.join(' and ')}; an SLI follows one template`);
  }
  const template = templates[0];
  const resources = [...new Set(roles.map((r) => r.resource))];
  const candidate: SliSpec = { template, resources };
  if (template === 'latency') {
    const thresholds = [...new Set(roles.flatMap((r) => (r.threshold === undefined ? [] : [r.threshold])))];
    if (thresholds.length !== 1) {
      throw new OpenSloError(ratioPath, `a latency SLI uses one PR(:threshold) statistic; found ${thresholds.length}`);
    }
    candidate.threshold = thresholds[0];
  }
  if (template === 'queueFreshness') {
    const thresholds = [...new Set(comparedNumbers(numerator.result))];
    if (thresholds.length !== 1) {
      throw new OpenSloError(
        numeratorPath,
        'a queue freshness SLI compares the oldest message age with one threshold, as in IF(oldest <= 300, samples, 0)'
      );
    }
    candidate.threshold = thresholds[0];
    const coarse = roles.find((r) => r.period !== QUEUE_SLICE_SECONDS);
    if (coarse) {
      throw new OpenSloError(
        `${coarse.path}.period`,
        `queue freshness judges each minute, so its metrics are read with period ${QUEUE_SLICE_SECONDS}`
      );
    }
  }
  const mismatch = compareEvents(candidate, numeratorName, numerator, total, roles);
  if (mismatch) {
    const path = mismatch === 'total' ? `${ratioPath}.total` : numeratorPath;
    throw new OpenSloError(
      path,
      `does not count the ${mismatch === 'total' ? 'total' : numeratorName} events of a ${template} SLI over ${resources.join(', ')} (${sliTemplates[template].events})`
    );
  }
  return candidate;
}
