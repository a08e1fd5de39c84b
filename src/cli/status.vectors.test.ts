import periods from '../../testdata/slo/periods.json';
import templates from '../../testdata/slo/sli-templates.json';
import timeslices from '../../testdata/slo/timeslices.json';
import windows from '../../testdata/slo/windows.json';
import { statusReads } from '../slo/periods';
import type { SloSpec } from '../slo/spec';
import type { DataPoint, MetricQuery, MetricReader } from './metricReader';
import { judgedByPeriod, sloStatus, statusWindow } from './status';

// testdata/slo/{windows,timeslices,periods}.json are shared with the Go SLO evaluator
// (pkg/slo/evaluator/vectors_test.go): `serverless-slo status` must say where an SLO stands as the data
// source's summary does, from the same data.

const MINUTE = 60_000;
const HOUR = 3_600_000;

interface StatusVector {
  name: string;
  spec: SloSpec;
  at: string;
  /** "<kind> <resource> <metric> <statistic>" to runs [from, minutes, value]. */
  data: Record<string, Array<[string, number, number]>>;
  expected: { events: number; sli: number | null; budgetRemaining: number; burnRate1h: number };
}

interface Run {
  from: number;
  minutes: number;
  value: number;
}

const covers = (r: Run, minute: number) => minute >= r.from && minute < r.from + r.minutes * MINUTE;

/** The series key of a query: its kind after its namespace and dimension, its resource, metric and statistic. */
function seriesKey(q: MetricQuery): string {
  const kind = Object.entries(templates.kinds).find(
    ([, k]) => k.namespace === q.metric.namespace && k.dimension === q.metric.dimension.name
  )?.[0];
  return `${kind} ${q.metric.dimension.value} ${q.metric.metricName} ${q.metric.stat}`;
}

/**
 * GetMetricData over minute runs, as CloudWatch answers it: periods from start's minute (on the
 * period grid when start is, as the status reads it), each of its minutes up to end, and none where
 * there is no data. Sums and sample counts add up,
 * maxima take the largest, and a percentile rank is weighted by the sample count of its minutes.
 */
function minuteReader(data: StatusVector['data'], calls: Array<{ start: number; end: number; period: number }> = []) {
  const runs = new Map(
    Object.entries(data).map(([key, items]) => [
      key,
      items.map(([from, minutes, value]) => ({ from: Date.parse(from), minutes, value })),
    ])
  );
  const reader: MetricReader = {
    async read(queries, start, end) {
      calls.push({ start: start.getTime(), end: end.getTime(), period: queries[0].period });
      const out = new Map<string, DataPoint[]>();
      for (const q of queries) {
        const key = seriesKey(q);
        const own = runs.get(key) ?? [];
        const samples = runs.get(key.replace(/ \S+$/, ' SampleCount')) ?? [];
        const period = q.period * 1000;
        const last = Math.ceil(end.getTime() / MINUTE) * MINUTE;
        const points: DataPoint[] = [];
        for (let t = Math.floor(start.getTime() / MINUTE) * MINUTE; t < end.getTime(); t += period) {
          let value: number | undefined;
          let weight = 0;
          for (let m = t; m < t + period && m < last; m += MINUTE) {
            for (const r of own.filter((run) => covers(run, m))) {
              if (q.metric.stat === 'Maximum') {
                value = Math.max(value ?? r.value, r.value);
              } else if (q.metric.stat.startsWith('PR(')) {
                const n = samples.filter((s) => covers(s, m)).reduce((sum, s) => sum + s.value, 0);
                value = (value ?? 0) + r.value * n;
                weight += n;
              } else {
                value = (value ?? 0) + r.value;
              }
            }
          }
          if (value !== undefined) {
            points.push({ timestamp: new Date(t), value: weight > 0 ? value / weight : value });
          }
        }
        out.set(q.id, points);
      }
      return out;
    },
    close: () => {},
  };
  return reader;
}

describe('the window a status covers, as the Go evaluator has it', () => {
  it.each(windows.windows.map((c) => [c.name, c]))('%s', (_, c) => {
    const spec = { window: c.window } as SloSpec;
    expect(statusWindow(spec, new Date(c.at))).toEqual({ start: new Date(c.start), end: new Date(c.end) });
  });
});

describe.each([
  ['windows', windows.status as unknown as StatusVector[]],
  ['timeslices', timeslices.status as unknown as StatusVector[]],
])('where an SLO stands (%s), as the Go evaluator says', (_, cases) => {
  it.each(cases.map((c) => [c.name, c]))('%s', async (_, c) => {
    const status = await sloStatus(c.spec, minuteReader(c.data), new Date(c.at));
    expect(status.total).toBe(c.expected.events);
    if (c.expected.sli === null) {
      expect(status.sli).toBeUndefined();
    } else {
      expect(status.sli).toBeCloseTo(c.expected.sli, 9);
    }
    expect(status.budgetRemaining).toBeCloseTo(c.expected.budgetRemaining, 9);
    expect(status.burnRate1h).toBeCloseTo(c.expected.burnRate1h, 9);
  });
});

describe('the periods a status reads, as the Go evaluator reads them', () => {
  const text = (seconds: number, from: number, to: number) =>
    `${seconds}s ${new Date(from).toISOString()}-${new Date(to).toISOString()}`;

  it.each(periods.statusReads.map((c) => [c.name, c]))('%s', async (_, c) => {
    const spec: SloSpec = {
      name: 'reads',
      service: 'shop',
      sli: { template: 'functionAvailability', resources: ['checkout'] },
      objective: 99,
      window: c.window as SloSpec['window'],
      budgeting: c.budgeting as SloSpec['budgeting'],
    };
    const want = c.reads.map((r) => text(r.seconds, Date.parse(r.from), Date.parse(r.to))).sort();
    const { start, end } = statusWindow(spec, new Date(c.at));
    const span = Math.max(end.getTime() - start.getTime(), HOUR);
    const reads = statusReads(end.getTime(), span, Date.parse(c.now), judgedByPeriod(spec));
    expect(reads.map((r) => text(r.periodMs / 1000, r.from, r.to)).sort()).toEqual(want);
    if (c.now === c.at) {
      // The CLI's status is always now: these are the reads it makes.
      const calls: Array<{ start: number; end: number; period: number }> = [];
      await sloStatus(spec, minuteReader({}, calls), new Date(c.at));
      expect(calls.map((r) => text(r.period, r.start, r.end)).sort()).toEqual(want);
    }
  });
});
