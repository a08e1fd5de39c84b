import {
  metricRole,
  type MetricRole,
  type MetricStat,
  QUEUE_SLICE_SECONDS,
  sliPlan,
  sliTemplates,
  templateMetrics,
} from './cloudwatchSli';
import { comparedNumbers, evaluate, type Expr, MetricMathError, parse, ref, refs, render } from './metricMath';
import { parseSloSpec } from './parseSpec';
import type { SliSpec, SloSpec, WindowSpec } from './spec';
import { SloSpecError } from './validate';
import { parseDuration } from './window';

/**
 * SLO specs to and from OpenSLO v1: an SLO with its SLI inline, a ratio of CloudWatch metric math
 * (metricQueries in the shape of GetMetricData's queries), one objective and one time window. What a
 * spec has and OpenSLO has not (exclusions, the alerting guard, the runbook) travels in annotations;
 * what OpenSLO can say and a spec cannot is refused with the path of the field.
 */
export const OPENSLO_API_VERSION = 'openslo/v1';

const PREFIX = 'seed-serverless-app/';
export const annotationKeys = {
  exclusions: `${PREFIX}exclusions`,
  minEvents: `${PREFIX}min-events`,
  runbookUrl: `${PREFIX}runbook-url`,
} as const;

/** OpenSLO caps descriptions at this many characters. */
const MAX_DESCRIPTION = 1050;
/** Calendar windows start at midnight UTC: weeks on Monday (ISO 8601), months on the 1st. */
const CALENDAR_START = '2024-01-01 00:00:00';
const CALENDAR_ZONES = ['UTC', 'Etc/UTC'];
const METRIC_PERIOD_SECONDS = QUEUE_SLICE_SECONDS;

export class OpenSloError extends Error {
  constructor(
    readonly path: string,
    message: string
  ) {
    super(`${path}: ${message}`);
  }
}

interface CloudWatchMetricQuery {
  id: string;
  metricStat?: {
    metric: { namespace: string; metricName: string; dimensions: Array<{ name: string; value: string }> };
    period: number;
    stat: string;
  };
  expression?: string;
  returnData?: boolean;
}

interface MetricSourceHolder {
  metricSource: { type: 'CloudWatch'; spec: { metricQueries: CloudWatchMetricQuery[] } };
}

export interface OpenSloSlo {
  apiVersion: typeof OPENSLO_API_VERSION;
  kind: 'SLO';
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    description?: string;
    service: string;
    indicator: {
      metadata: { name: string };
      spec: { ratioMetric: { counter: false; good: MetricSourceHolder; total: MetricSourceHolder } };
    };
    timeWindow: Array<{ duration: string; isRolling: boolean; calendar?: { startTime: string; timeZone: string } }>;
    budgetingMethod: 'Occurrences' | 'Timeslices';
    objectives: Array<{ targetPercent: number; timeSliceTarget?: number; timeSliceWindow?: string }>;
  };
}

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

function exportWindow(window: WindowSpec): OpenSloSlo['spec']['timeWindow'][number] {
  if ('rolling' in window) {
    return { duration: window.rolling, isRolling: true };
  }
  return {
    duration: window.calendar === 'week' ? '1w' : '1M',
    isRolling: false,
    calendar: { startTime: CALENDAR_START, timeZone: 'UTC' },
  };
}

/** One parsed OpenSLO document and where it came from, for messages. */
export interface OpenSloInput {
  document: unknown;
  where: string;
}

export interface ImportResult {
  specs: Array<{ spec: SloSpec; where: string }>;
  /** Things dropped on the way that change nothing a spec can express. */
  warnings: string[];
  /** One per SLO or document that cannot be imported. */
  errors: string[];
}

/** The specs of the SLO documents among these; SLI and DataSource documents serve references. */
export function fromOpenSlo(inputs: OpenSloInput[]): ImportResult {
  const result: ImportResult = { specs: [], warnings: [], errors: [] };
  const slis = new Map<string, unknown>();
  const dataSources = new Map<string, unknown>();
  const slos: OpenSloInput[] = [];
  for (const input of inputs) {
    try {
      const doc = record(input.document, '');
      if (doc.apiVersion !== OPENSLO_API_VERSION) {
        throw new OpenSloError(
          'apiVersion',
          `${JSON.stringify(doc.apiVersion)} is not supported; use ${OPENSLO_API_VERSION}`
        );
      }
      const name = (doc.metadata as { name?: unknown } | undefined)?.name;
      switch (doc.kind) {
        case 'SLO':
          slos.push(input);
          break;
        case 'SLI':
          slis.set(String(name), doc.spec);
          break;
        case 'DataSource':
          dataSources.set(String(name), doc.spec);
          break;
        case 'Service':
          break;
        case 'AlertPolicy':
        case 'AlertCondition':
        case 'AlertNotificationTarget':
          result.warnings.push(
            `${input.where}: ${doc.kind} ${String(name)} is not imported: burn-rate alert rules are generated from each SLO (serverless-slo generate)`
          );
          break;
        default:
          throw new OpenSloError('kind', `${JSON.stringify(doc.kind)} is not an OpenSLO v1 kind`);
      }
    } catch (e) {
      result.errors.push(`${input.where}: ${message(e)}`);
    }
  }
  for (const input of slos) {
    const name = String((input.document as { metadata?: { name?: unknown } }).metadata?.name ?? '(unnamed)');
    const context: ImportContext = {
      slis,
      dataSources,
      warn: (path, text) => result.warnings.push(`${input.where}: SLO ${name}: ${path}: ${text}`),
    };
    try {
      result.specs.push({ spec: importSlo(input.document, context), where: input.where });
    } catch (e) {
      result.errors.push(`${input.where}: SLO ${name}: ${message(e)}`);
    }
  }
  return result;
}

function message(e: unknown): string {
  if (e instanceof OpenSloError || e instanceof SloSpecError) {
    return e.message;
  }
  throw e;
}

interface ImportContext {
  slis: Map<string, unknown>;
  dataSources: Map<string, unknown>;
  warn: (path: string, message: string) => void;
}

function importSlo(raw: unknown, context: ImportContext): SloSpec {
  const doc = record(raw, '', ['apiVersion', 'kind', 'metadata', 'spec']);
  const metadata = record(doc.metadata, 'metadata', ['name', 'displayName', 'labels', 'annotations']);
  const spec = record(doc.spec, 'spec', [
    'description',
    'service',
    'indicator',
    'indicatorRef',
    'timeWindow',
    'budgetingMethod',
    'objectives',
    'alertPolicies',
  ]);
  const name = string(metadata.name, 'metadata.name');
  if (metadata.displayName !== undefined) {
    context.warn('metadata.displayName', 'dropped: a spec is known by its name');
  }
  if (Array.isArray(spec.alertPolicies) && spec.alertPolicies.length > 0) {
    throw new OpenSloError(
      'spec.alertPolicies',
      'alert policies are not supported: burn-rate alert rules are generated from the SLO (serverless-slo generate)'
    );
  }
  const [objective, timeslices] = importObjective(spec, context);
  const { exclusions, alerting } = importAnnotations(metadata.annotations, context);
  const sloSpec = {
    name,
    service: string(spec.service, 'spec.service'),
    ...(spec.description !== undefined && { description: string(spec.description, 'spec.description') }),
    sli: importIndicator(spec, context),
    objective,
    window: importWindow(spec.timeWindow),
    ...(timeslices && { budgeting: 'timeslices' }),
    ...(exclusions !== undefined && { exclusions }),
    ...(metadata.labels !== undefined && { labels: importLabels(metadata.labels) }),
    ...(alerting !== undefined && { alerting }),
  };
  try {
    return parseSloSpec(sloSpec);
  } catch (e) {
    if (e instanceof SloSpecError) {
      throw new OpenSloError(openSloPath(e.field), e.message);
    }
    throw e;
  }
}

/** Where in an OpenSLO SLO a spec field came from. */
function openSloPath(field: string): string {
  const [head] = field.split(/[.[]/);
  const paths: Record<string, string> = {
    name: 'metadata.name',
    service: 'spec.service',
    description: 'spec.description',
    sli: 'spec.indicator',
    objective: 'spec.objectives[0]',
    window: 'spec.timeWindow[0]',
    budgeting: 'spec.budgetingMethod',
    exclusions: `metadata.annotations.${annotationKeys.exclusions}`,
    labels: 'metadata.labels',
    alerting: field.endsWith('runbookUrl')
      ? `metadata.annotations.${annotationKeys.runbookUrl}`
      : `metadata.annotations.${annotationKeys.minEvents}`,
  };
  return paths[head] ?? head;
}

function importLabels(raw: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(record(raw, 'metadata.labels'))) {
    const path = `metadata.labels.${key}`;
    if (Array.isArray(value)) {
      if (value.length !== 1) {
        throw new OpenSloError(path, `a label has exactly one value here; this one has ${value.length}`);
      }
      labels[key] = string(value[0], `${path}[0]`);
    } else {
      labels[key] = string(value, path);
    }
  }
  return labels;
}

function importAnnotations(raw: unknown, context: ImportContext): Partial<SloSpec> {
  if (raw === undefined) {
    return {};
  }
  const result: Partial<SloSpec> = {};
  const alerting: NonNullable<SloSpec['alerting']> = {};
  for (const [key, value] of Object.entries(record(raw, 'metadata.annotations'))) {
    const path = `metadata.annotations.${key}`;
    switch (key) {
      case annotationKeys.exclusions:
        try {
          result.exclusions = JSON.parse(string(value, path));
        } catch (e) {
          if (e instanceof SyntaxError) {
            throw new OpenSloError(path, `is not JSON: ${e.message}`);
          }
          throw e;
        }
        break;
      case annotationKeys.minEvents: {
        const minEvents = Number(string(value, path));
        if (!Number.isFinite(minEvents)) {
          throw new OpenSloError(path, `${JSON.stringify(value)} is not a number`);
        }
        alerting.minEvents = minEvents;
        break;
      }
      case annotationKeys.runbookUrl:
        alerting.runbookUrl = string(value, path);
        break;
      default:
        context.warn(path, 'dropped: specs keep no annotations of other tools');
    }
  }
  if (Object.keys(alerting).length > 0) {
    result.alerting = alerting;
  }
  return result;
}

function importObjective(spec: Record<string, unknown>, context: ImportContext): [number, boolean] {
  const budgeting = spec.budgetingMethod;
  if (budgeting !== 'Occurrences' && budgeting !== 'Timeslices') {
    throw new OpenSloError('spec.budgetingMethod', `${JSON.stringify(budgeting)} is not Occurrences or Timeslices`);
  }
  const objectives = array(spec.objectives, 'spec.objectives');
  if (objectives.length === 0) {
    throw new OpenSloError('spec.objectives', 'needs one objective');
  }
  if (objectives.length > 1) {
    throw new OpenSloError('spec.objectives[1]', 'only one objective per SLO is supported');
  }
  const path = 'spec.objectives[0]';
  const o = record(objectives[0], path, [
    'displayName',
    'op',
    'value',
    'target',
    'targetPercent',
    'timeSliceTarget',
    'timeSliceWindow',
  ]);
  if (o.displayName !== undefined) {
    context.warn(`${path}.displayName`, 'dropped: a spec has one objective, unnamed');
  }
  for (const field of ['op', 'value']) {
    if (o[field] !== undefined) {
      throw new OpenSloError(`${path}.${field}`, 'thresholds belong to thresholdMetric SLIs, which are not supported');
    }
  }
  if ((o.target === undefined) === (o.targetPercent === undefined)) {
    throw new OpenSloError(path, 'needs exactly one of target or targetPercent');
  }
  const objective =
    o.targetPercent !== undefined
      ? number(o.targetPercent, `${path}.targetPercent`)
      : Number((number(o.target, `${path}.target`) * 100).toPrecision(12));
  const timeslices = budgeting === 'Timeslices';
  if (!timeslices) {
    for (const field of ['timeSliceTarget', 'timeSliceWindow']) {
      if (o[field] !== undefined) {
        throw new OpenSloError(`${path}.${field}`, 'is only used with budgetingMethod: Timeslices');
      }
    }
    return [objective, false];
  }
  if (o.timeSliceWindow !== '1m' && o.timeSliceWindow !== 1) {
    throw new OpenSloError(
      `${path}.timeSliceWindow`,
      `${JSON.stringify(o.timeSliceWindow)}: time slices are one minute long here; use 1m`
    );
  }
  const sliceTarget = number(o.timeSliceTarget, `${path}.timeSliceTarget`);
  if (Math.abs(sliceTarget - objective / 100) > 1e-9) {
    throw new OpenSloError(
      `${path}.timeSliceTarget`,
      `${sliceTarget} must equal the objective (${objective / 100}): a minute is good when its own SLI meets the objective`
    );
  }
  return [objective, true];
}

function importWindow(raw: unknown): WindowSpec {
  const windows = array(raw, 'spec.timeWindow');
  if (windows.length !== 1) {
    throw new OpenSloError('spec.timeWindow', `needs exactly one time window; this has ${windows.length}`);
  }
  const path = 'spec.timeWindow[0]';
  const w = record(windows[0], path, ['duration', 'isRolling', 'calendar']);
  const duration = string(w.duration, `${path}.duration`);
  if (w.isRolling !== undefined && typeof w.isRolling !== 'boolean') {
    throw new OpenSloError(`${path}.isRolling`, `must be true or false, not ${JSON.stringify(w.isRolling)}`);
  }
  const rolling = w.isRolling ?? w.calendar === undefined;
  if (rolling === true) {
    if (w.calendar !== undefined) {
      throw new OpenSloError(`${path}.calendar`, 'a rolling window has no calendar');
    }
    const weeks = /^(\d+)w$/.exec(duration);
    const days = weeks ? `${Number(weeks[1]) * 7}d` : duration;
    if (parseDuration(days) === undefined) {
      throw new OpenSloError(
        `${path}.duration`,
        `"${duration}": rolling windows are counted in minutes, hours, days or weeks (m, h, d, w)`
      );
    }
    return { rolling: days };
  }
  const calendar = ({ '1w': 'week', '1M': 'month' } as const)[duration];
  if (calendar === undefined) {
    throw new OpenSloError(`${path}.duration`, `"${duration}": calendar windows are one week (1w) or one month (1M)`);
  }
  const c = record(w.calendar ?? {}, `${path}.calendar`, ['startTime', 'timeZone']);
  if (c.timeZone !== undefined && !CALENDAR_ZONES.includes(string(c.timeZone, `${path}.calendar.timeZone`))) {
    throw new OpenSloError(`${path}.calendar.timeZone`, `"${c.timeZone}": calendar windows follow UTC`);
  }
  if (c.startTime !== undefined) {
    const start = string(c.startTime, `${path}.calendar.startTime`);
    const m = /^(\d{4})-(\d{2})-(\d{2})[ T]00:00(:00)?$/.exec(start);
    const date = m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    const aligned = date && (calendar === 'week' ? date.getUTCDay() === 1 : date.getUTCDate() === 1);
    if (!aligned) {
      throw new OpenSloError(
        `${path}.calendar.startTime`,
        `"${start}": ${calendar === 'week' ? 'weeks start on a Monday' : 'months start on the 1st'} at 00:00:00`
      );
    }
  }
  return { calendar };
}

/** A metric source's queries, with the expression whose value it returns over metric ids alone. */
interface MetricProgram {
  result: Expr;
  metrics: Map<string, { metric: MetricStat; period?: number; path: string }>;
}

function importIndicator(spec: Record<string, unknown>, context: ImportContext): SliSpec {
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

/**
 * Checks that the imported metric math counts the same events as the template's own, by evaluating
 * both on random metric values (a family the file does not read counts as absent, as FILL makes it).
 * Returns which side differs, or undefined.
 */
function compareEvents(
  sli: SliSpec,
  numeratorName: 'good' | 'bad',
  numerator: MetricProgram,
  total: MetricProgram,
  roles: MetricRole[]
): 'good' | 'total' | undefined {
  const plan = sliPlan(sli);
  const present = new Set(roles.map((r) => `${r.family}|${r.resource}`));
  const random = seededRandom(sli.resources.join(','));
  for (let trial = 0; trial < 24; trial++) {
    const values = new Map<string, number>();
    const valueOf = (metric: MetricStat): number | undefined => {
      const role = metricRole(metric);
      if (!role || !present.has(`${role.family}|${role.resource}`)) {
        return undefined;
      }
      const key = metricKey(metric);
      if (!values.has(key)) {
        const threshold = sli.threshold ?? 1;
        const value = metric.stat.startsWith('PR(')
          ? random() * 100
          : metric.stat === 'Maximum'
            ? random() * 2 * threshold
            : Math.floor(random() * 1000) + 1;
        values.set(key, value);
      }
      return values.get(key);
    };
    const run = (program: MetricProgram) =>
      evaluate(program.result, (id) => valueOf(program.metrics.get(id)!.metric)) ?? NaN;
    const expectedGood = evaluate(plan.good, (id) => valueOf(plan.queries.find((q) => q.id === id)!.metric)) ?? 0;
    const expectedTotal = evaluate(plan.total, (id) => valueOf(plan.queries.find((q) => q.id === id)!.metric)) ?? 0;
    const totalValue = run(total);
    const goodValue = numeratorName === 'good' ? run(numerator) : totalValue - run(numerator);
    if (!close(totalValue, expectedTotal)) {
      return 'total';
    }
    if (!close(goodValue, expectedGood)) {
      return 'good';
    }
  }
  return undefined;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function metricKey(m: MetricStat): string {
  return [m.namespace, m.metricName, m.dimension.name, m.dimension.value, m.stat].join('|');
}

/** A small deterministic generator, so an import decides the same way every time. */
function seededRandom(seed: string): () => number {
  let state = 0x9e3779b9;
  for (const c of seed) {
    state = Math.imul(state ^ c.charCodeAt(0), 0x85ebca6b) >>> 0;
  }
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const queryIdPattern = /^[a-z][a-zA-Z0-9_]*$/;

/** Reads a good, bad or total metric source: one CloudWatch metric, or metricQueries with metric math. */
function metricProgram(raw: unknown, path: string, context: ImportContext): MetricProgram {
  const holder = record(raw, path, ['metricSource']);
  const sourcePath = `${path}.metricSource`;
  const source = record(holder.metricSource, sourcePath, ['metricSourceRef', 'type', 'spec']);
  let type = source.type;
  if (type === undefined && source.metricSourceRef !== undefined) {
    const dataSource = context.dataSources.get(string(source.metricSourceRef, `${sourcePath}.metricSourceRef`));
    type = (dataSource as { type?: unknown } | undefined)?.type;
  }
  if (typeof type !== 'string' || type.toLowerCase() !== 'cloudwatch') {
    throw new OpenSloError(
      `${sourcePath}.type`,
      `${JSON.stringify(type)} is not CloudWatch, the only metric source here`
    );
  }
  const specPath = `${sourcePath}.spec`;
  const spec = record(source.spec, specPath, [
    'region',
    'accountId',
    'namespace',
    'metricName',
    'stat',
    'dimensions',
    'period',
    'metricQueries',
    'sql',
    'json',
  ]);
  for (const field of ['sql', 'json']) {
    if (spec[field] !== undefined) {
      throw new OpenSloError(
        `${specPath}.${field}`,
        'is not supported; give namespace, metricName, stat and dimensions, or metricQueries'
      );
    }
  }
  if (spec.accountId !== undefined) {
    throw new OpenSloError(
      `${specPath}.accountId`,
      "cross-account metrics are not supported; the data source's account is read"
    );
  }
  if (spec.metricQueries === undefined) {
    const metric = metricStat(spec, specPath);
    return {
      result: ref('m'),
      metrics: new Map([['m', { metric, period: optionalPeriod(spec.period, `${specPath}.period`), path: specPath }]]),
    };
  }
  for (const field of ['namespace', 'metricName', 'stat', 'dimensions', 'period']) {
    if (spec[field] !== undefined) {
      throw new OpenSloError(`${specPath}.${field}`, 'give either metricQueries or a single metric, not both');
    }
  }
  const queriesPath = `${specPath}.metricQueries`;
  const metrics: MetricProgram['metrics'] = new Map();
  const expressions = new Map<string, { expr: Expr; path: string }>();
  const returned: string[] = [];
  array(spec.metricQueries, queriesPath).forEach((item, i) => {
    const itemPath = `${queriesPath}[${i}]`;
    const q = record(item, itemPath, ['id', 'metricStat', 'expression', 'returnData', 'label', 'period']);
    const id = string(q.id, `${itemPath}.id`);
    if (!queryIdPattern.test(id)) {
      throw new OpenSloError(
        `${itemPath}.id`,
        `"${id}" must start with a lower-case letter, then letters, digits or _`
      );
    }
    if (metrics.has(id) || expressions.has(id)) {
      throw new OpenSloError(`${itemPath}.id`, `"${id}" is used by another query`);
    }
    if ((q.metricStat === undefined) === (q.expression === undefined)) {
      throw new OpenSloError(itemPath, 'needs exactly one of metricStat or expression');
    }
    if (q.metricStat !== undefined) {
      const statPath = `${itemPath}.metricStat`;
      const stat = record(q.metricStat, statPath, ['metric', 'stat', 'period', 'unit']);
      if (stat.unit !== undefined) {
        throw new OpenSloError(`${statPath}.unit`, 'is not supported: SLIs read every unit of their metrics');
      }
      const metric = record(stat.metric, `${statPath}.metric`, ['namespace', 'metricName', 'dimensions']);
      metrics.set(id, {
        metric: metricStat({ ...metric, stat: stat.stat }, statPath),
        period: optionalPeriod(stat.period, `${statPath}.period`),
        path: statPath,
      });
    } else {
      const expressionPath = `${itemPath}.expression`;
      try {
        expressions.set(id, { expr: parse(string(q.expression, expressionPath)), path: expressionPath });
      } catch (e) {
        if (e instanceof MetricMathError) {
          throw new OpenSloError(expressionPath, e.message);
        }
        throw e;
      }
    }
    if (q.returnData !== false) {
      returned.push(id);
    }
  });
  if (returned.length !== 1) {
    throw new OpenSloError(
      queriesPath,
      `exactly one query returns the events (set returnData: false on the others); ${returned.length} do`
    );
  }
  return { result: inline(ref(returned[0]), metrics, expressions, []), metrics };
}

/** Replaces references to expression queries by their expressions, so only metric ids remain. */
function inline(
  expr: Expr,
  metrics: MetricProgram['metrics'],
  expressions: Map<string, { expr: Expr; path: string }>,
  visiting: string[]
): Expr {
  const visit = (e: Expr): Expr => {
    switch (e.kind) {
      case 'ref': {
        if (metrics.has(e.id)) {
          return e;
        }
        const target = expressions.get(e.id);
        if (!target) {
          throw new OpenSloError(
            visiting.length ? expressions.get(visiting[visiting.length - 1])!.path : 'metricQueries',
            `"${e.id}" is not the id of a query`
          );
        }
        if (visiting.includes(e.id)) {
          throw new OpenSloError(target.path, `"${e.id}" refers to itself through ${visiting.join(' → ')}`);
        }
        return inline(target.expr, metrics, expressions, [...visiting, e.id]);
      }
      case 'binary':
        return { ...e, left: visit(e.left), right: visit(e.right) };
      case 'negate':
      case 'fill':
        return { ...e, arg: visit(e.arg) };
      case 'if':
        return {
          ...e,
          condition: { ...e.condition, left: visit(e.condition.left), right: visit(e.condition.right) },
          then: visit(e.then),
          else: visit(e.else),
        };
      default:
        return e;
    }
  };
  return visit(expr);
}

function metricStat(raw: Record<string, unknown>, path: string): MetricStat {
  const dimensions = array(raw.dimensions, `${path}.dimensions`);
  if (dimensions.length !== 1) {
    throw new OpenSloError(
      `${path}.dimensions`,
      `an SLI metric has one dimension, its resource (FunctionName, ApiName, ApiId or QueueName); this has ${dimensions.length}`
    );
  }
  const dimension = record(dimensions[0], `${path}.dimensions[0]`, ['name', 'value']);
  return {
    namespace: string(raw.namespace, `${path}.namespace`),
    metricName: string(raw.metricName, `${path}.metricName`),
    dimension: {
      name: string(dimension.name, `${path}.dimensions[0].name`),
      value: string(dimension.value, `${path}.dimensions[0].value`),
    },
    stat: string(raw.stat, `${path}.stat`),
  };
}

function optionalPeriod(raw: unknown, path: string): number | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const period = number(raw, path);
  if (!(Number.isInteger(period) && period > 0 && period % 60 === 0)) {
    throw new OpenSloError(path, `${period} must be a whole number of minutes, in seconds (60, 300, …)`);
  }
  return period;
}

function record(raw: unknown, path: string, fields?: string[]): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new OpenSloError(path || 'document', raw === undefined ? 'is required' : 'must be a mapping');
  }
  const r = raw as Record<string, unknown>;
  if (fields) {
    const unknown = Object.keys(r).find((k) => !fields.includes(k));
    if (unknown !== undefined) {
      throw new OpenSloError(
        path ? `${path}.${unknown}` : unknown,
        `is not supported here (supported: ${fields.join(', ')})`
      );
    }
  }
  return r;
}

function array(raw: unknown, path: string): unknown[] {
  if (!Array.isArray(raw)) {
    throw new OpenSloError(path, raw === undefined ? 'is required' : 'must be a list');
  }
  return raw;
}

function string(raw: unknown, path: string): string {
  if (typeof raw !== 'string') {
    throw new OpenSloError(path, raw === undefined ? 'is required' : `must be a string, not ${JSON.stringify(raw)}`);
  }
  return raw;
}

function number(raw: unknown, path: string): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    throw new OpenSloError(path, raw === undefined ? 'is required' : `must be a number, not ${JSON.stringify(raw)}`);
  }
  return raw;
}
