import { budgetRemaining, burnRate, meetsObjective } from '../slo/burnRate';
import { type SliPlan, sliPlan } from '../slo/cloudwatchSli';
import { evaluate } from '../slo/metricMath';
import { bucketEnd, lastBucketEnd, statusReads } from '../slo/periods';
import type { SloSpec } from '../slo/spec';
import { windowMs } from '../slo/validate';
import { type Command, EXIT_BELOW_FLOOR, EXIT_ERROR, EXIT_OK, plural, requireFiles, UsageError } from './command';
import type { DataPoint, MetricReader } from './metricReader';
import { loadSpecs } from './specFiles';

export interface SloStatus {
  name: string;
  /** As a fraction, 0.995 for 99.5 %. */
  objective: number;
  start: Date;
  end: Date;
  good: number;
  total: number;
  /** Undefined without events. */
  sli?: number;
  /** 1 − (1 − SLI) / (1 − objective), as src/slo computes it. */
  budgetRemaining: number;
  /** Over the last hour, the window of the fastest alert tier. */
  burnRate1h: number;
  events1h: number;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** The window a status covers: the rolling window up to now, or the calendar week (from Monday) or month so far, UTC. */
export function statusWindow(spec: SloSpec, now: Date): { start: Date; end: Date } {
  const end = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE);
  if ('rolling' in spec.window) {
    return { start: new Date(end.getTime() - (windowMs(spec) ?? 0)), end };
  }
  const y = end.getUTCFullYear();
  const m = end.getUTCMonth();
  if (spec.window.calendar === 'month') {
    return { start: new Date(Date.UTC(y, m, 1)), end };
  }
  const sinceMonday = (end.getUTCDay() + 6) % 7;
  return { start: new Date(Date.UTC(y, m, end.getUTCDate() - sinceMonday)), end };
}

/**
 * Whether an SLI is judged period by period, so that its metrics are read at the finest period
 * CloudWatch keeps: timeslices budgeting, a queue's oldest message, and exclusions, which leave out
 * the periods they overlap.
 */
export function judgedByPeriod(spec: SloSpec): boolean {
  return (
    spec.budgeting === 'timeslices' || spec.sli.template === 'queueFreshness' || (spec.exclusions ?? []).length > 0
  );
}

export interface PeriodEvents {
  /** The period's start, ms. */
  start: number;
  good: number;
  total: number;
}

/**
 * Good and total events from the plan's datapoints, period by period (percentile ranks and the queue
 * threshold only make sense within one period). Periods that overlap an exclusion count for nothing.
 * With a timeslice objective (a fraction), each period with events is a slice, good when its own SLI
 * meets the objective, and counts one event per minute it lasts.
 */
export function periodEvents(
  plan: SliPlan,
  series: Map<string, DataPoint[]>,
  periodSeconds: number,
  exclusions: SloSpec['exclusions'] = [],
  timesliceObjective?: number
): PeriodEvents[] {
  const periods = new Map<number, Map<string, number>>();
  for (const [id, points] of series) {
    for (const p of points) {
      const t = p.timestamp.getTime();
      const values = periods.get(t) ?? new Map<string, number>();
      values.set(id, p.value);
      periods.set(t, values);
    }
  }
  const excluded = exclusions.map((e) => [Date.parse(e.start), Date.parse(e.end)]);
  const out: PeriodEvents[] = [];
  for (const [t, values] of [...periods].sort(([a], [b]) => a - b)) {
    if (excluded.some(([start, end]) => t < end && t + periodSeconds * 1000 > start)) {
      continue;
    }
    const good = evaluate(plan.good, (id) => values.get(id)) ?? 0;
    const total = evaluate(plan.total, (id) => values.get(id)) ?? 0;
    if (timesliceObjective === undefined) {
      out.push({ start: t, good, total });
    } else if (total > 0) {
      const minutes = periodSeconds / 60;
      out.push({ start: t, good: meetsObjective(good, total, timesliceObjective) ? minutes : 0, total: minutes });
    }
  }
  return out;
}

/** The good and total events of all the periods, as periodEvents counts them. */
export function countEvents(...args: Parameters<typeof periodEvents>): { good: number; total: number } {
  return periodEvents(...args).reduce((sum, p) => ({ good: sum.good + p.good, total: sum.total + p.total }), {
    good: 0,
    total: 0,
  });
}

/**
 * Where the SLO stands at now: the events of its window and of the last hour, read as the data
 * source reads them (statusReads), in buckets whose ends say which of them each sum holds.
 */
export async function sloStatus(spec: SloSpec, reader: MetricReader, now: Date): Promise<SloStatus> {
  const plan = sliPlan(spec.sli);
  const objective = spec.objective / 100;
  const { start, end } = statusWindow(spec, now);
  const span = end.getTime() - start.getTime();
  const reads = statusReads(end.getTime(), Math.max(span, HOUR), now.getTime(), judgedByPeriod(spec));
  const timeslice = spec.budgeting === 'timeslices' ? objective : undefined;
  const buckets: Array<{ end: number; good: number; total: number }> = [];
  for (const read of reads) {
    const period = read.periodMs / 1000;
    const queries = plan.queries.map((q) => ({ ...q, period }));
    const series = await reader.read(queries, new Date(read.from), new Date(read.to));
    for (const p of periodEvents(plan, series, period, spec.exclusions, timeslice)) {
      buckets.push({ end: bucketEnd(read, p.start), good: p.good, total: p.total });
    }
  }
  const last = reads.length > 0 ? lastBucketEnd(reads[reads.length - 1]) : end.getTime();
  const since = (d: number) =>
    buckets
      .filter((b) => b.end > last - d)
      .reduce((sum, b) => ({ good: sum.good + b.good, total: sum.total + b.total }), { good: 0, total: 0 });
  const window = since(span);
  const lastHour = since(HOUR);
  return {
    name: spec.name,
    objective,
    start,
    end,
    good: window.good,
    total: window.total,
    ...(window.total > 0 && { sli: window.good / window.total }),
    budgetRemaining: budgetRemaining(window.good, window.total, objective),
    burnRate1h: burnRate(lastHour.good, lastHour.total, objective),
    events1h: lastHour.total,
  };
}

const percent = (x: number, digits: number) => `${(x * 100).toFixed(digits)}%`;

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return (
    rows
      .map((r) =>
        r
          .map((cell, c) => cell.padEnd(widths[c]))
          .join('  ')
          .trimEnd()
      )
      .join('\n') + '\n'
  );
}

export const statusCommand: Command = {
  name: 'status',
  summary: 'read SLIs from CloudWatch; exit 2 when an error budget is below a floor (a deploy gate)',
  help: `Usage: serverless-slo status --floor <percent> [--region <region>] [--endpoint <url>] [--json]
                            <spec files…>

For each SLO, reads its metrics with CloudWatch GetMetricData over its window (a rolling window up
to now; a calendar week from Monday or month from the 1st, UTC, so far) and prints the SLI, the
error budget remaining, 1 − (1 − SLI) / (1 − objective), and the burn rate over the last hour.
Metrics are read as the data source reads them: at the finest period CloudWatch keeps for the
window's oldest point (minutes for 15 days, then 5 minutes, then hours), the last hour in minutes.
Periods that overlap an exclusion are left out; with timeslices budgeting each period is a slice,
good or bad as a whole, that counts one event per minute it lasts; queue freshness judges each
period by its oldest message. An SLO without events has its whole budget, as in the app.

Credentials, and the region when --region is not given, come from the AWS SDK's usual sources
(AWS_PROFILE, AWS_REGION, AWS_ACCESS_KEY_ID, ~/.aws/config, an instance role).

Options:
  --floor <percent>    the least error budget remaining to pass, 0 to 100
  --region <region>    the AWS region of the metrics
  --endpoint <url>     a CloudWatch endpoint other than the region's (a VPC endpoint, a stand-in)
  --json               print the statuses as JSON instead of a table

Exits 0 when every SLO keeps at least the floor, 2 when one is below it, 1 on invalid specs or a
failed read.

Example, in CI before a deploy:
  serverless-slo status --floor 25 --region eu-west-1 slos/*.yaml`,
  options: {
    floor: { type: 'string' },
    region: { type: 'string' },
    endpoint: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args, io, deps) {
    const floorText = args.values.floor as string | undefined;
    if (floorText === undefined) {
      throw new UsageError('--floor <percent> is required');
    }
    const floor = Number(floorText);
    if (floorText.trim() === '' || !(floor >= 0 && floor <= 100)) {
      throw new UsageError(`--floor must be a percentage from 0 to 100, not "${floorText}"`);
    }
    const files = requireFiles(args, 'spec');
    const { valid, problems } = loadSpecs(files);
    if (problems.length > 0) {
      problems.forEach((p) => io.out(`${p}\n`));
      io.out(`${plural(problems.length, 'problem')}; no SLO read\n`);
      return EXIT_ERROR;
    }
    const reader = await deps.metricReader({
      region: args.values.region as string | undefined,
      endpoint: args.values.endpoint as string | undefined,
    });
    const statuses: SloStatus[] = [];
    let failed = false;
    try {
      const now = deps.now();
      for (const { spec } of valid) {
        try {
          statuses.push(await sloStatus(spec, reader, now));
        } catch (e) {
          // The next SLO would most likely fail the same way (credentials, region, network).
          failed = true;
          io.err(`${spec.name}: reading CloudWatch failed: ${describeError(e)}\n`);
          break;
        }
      }
    } finally {
      reader.close();
    }
    const below = statuses.filter((s) => s.budgetRemaining < floor / 100);
    if (args.values.json) {
      io.out(
        `${JSON.stringify(
          statuses.map((s) => ({ ...s, belowFloor: below.includes(s) })),
          null,
          2
        )}\n`
      );
    } else if (statuses.length > 0) {
      io.out(
        table([
          ['SLO', 'SLI', 'OBJECTIVE', 'BUDGET LEFT', 'BURN 1H', 'EVENTS', 'STATUS'],
          ...statuses.map((s) => [
            s.name,
            s.sli === undefined ? '-' : percent(s.sli, 3),
            `${Number((s.objective * 100).toPrecision(12))}%`,
            percent(s.budgetRemaining, 1),
            s.burnRate1h.toFixed(2),
            String(Math.round(s.total)),
            below.includes(s) ? 'BELOW FLOOR' : s.total === 0 ? 'no events' : 'ok',
          ]),
        ])
      );
    }
    statuses
      .filter((s) => s.total === 0)
      .forEach((s) => io.err(`${s.name}: no events in its window: check the resource names and the region\n`));
    if (failed) {
      return EXIT_ERROR;
    }
    if (below.length > 0) {
      io.out(
        `${plural(below.length, 'SLO')} below the ${floor}% error budget floor: ${below.map((s) => s.name).join(', ')}\n`
      );
      return EXIT_BELOW_FLOOR;
    }
    io.out(`${plural(statuses.length, 'SLO')} at or above the ${floor}% error budget floor\n`);
    return EXIT_OK;
  },
};

function describeError(e: unknown): string {
  const error = e as Error;
  if (/region is missing/i.test(error.message)) {
    return 'no AWS region: pass --region or set AWS_REGION';
  }
  return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
}
