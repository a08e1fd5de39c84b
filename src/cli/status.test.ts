import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';

import vectors from '../../testdata/slo/vectors.json';
import { budgetRemaining, burnRate } from '../slo/burnRate';
import { sliPlan } from '../slo/cloudwatchSli';
import type { SloSpec } from '../slo/spec';
import type { Dependencies } from './command';
import { run } from './main';
import type { DataPoint, MetricQuery, MetricReader } from './metricReader';
import { countEvents, sloStatus, statusWindow } from './status';

const NOW = new Date('2026-11-25T10:23:45Z'); // a Wednesday
const HOUR = 3_600_000;

/** A metric's datapoints as CloudWatch would store them, by "dimension value metric statistic". */
type Store = Record<string, Array<[Date, number]>>;

/** Answers GetMetricData from a store: datapoints in [start, end) summed (or maxed) per period from start. */
function fakeReader(store: Store, calls: Array<{ start: Date; end: Date; period: number }> = []): MetricReader {
  return {
    async read(queries: MetricQuery[], start: Date, end: Date) {
      calls.push({ start, end, period: queries[0].period });
      const series = new Map<string, DataPoint[]>();
      for (const q of queries) {
        const key = `${q.metric.dimension.value} ${q.metric.metricName} ${q.metric.stat}`;
        const buckets = new Map<number, number>();
        for (const [t, v] of store[key] ?? []) {
          if (t >= start && t < end) {
            const bucket =
              start.getTime() + Math.floor((t.getTime() - start.getTime()) / (q.period * 1000)) * q.period * 1000;
            const before = buckets.get(bucket);
            buckets.set(
              bucket,
              before === undefined ? v : q.metric.stat === 'Maximum' ? Math.max(before, v) : before + v
            );
          }
        }
        series.set(
          q.id,
          [...buckets].sort(([a], [b]) => a - b).map(([t, value]) => ({ timestamp: new Date(t), value }))
        );
      }
      return series;
    },
    close: () => {},
  };
}

const ago = (ms: number) => new Date(NOW.getTime() - ms);

const functionSlo = (name: string, resource: string, objective = 99): SloSpec => ({
  name,
  service: 'payments',
  sli: { template: 'functionAvailability', resources: [resource] },
  objective,
  window: { rolling: '7d' },
});

describe('the window a status covers', () => {
  const spec = functionSlo('a', 'f');
  it('ends at the last whole minute and reaches back the rolling window', () => {
    expect(statusWindow({ ...spec, window: { rolling: '30d' } }, NOW)).toEqual({
      start: new Date('2026-10-26T10:23:00Z'),
      end: new Date('2026-11-25T10:23:00Z'),
    });
  });

  it('starts a calendar week on Monday and a month on the 1st, UTC', () => {
    expect(statusWindow({ ...spec, window: { calendar: 'week' } }, NOW).start).toEqual(
      new Date('2026-11-23T00:00:00Z')
    );
    const sunday = new Date('2026-11-29T23:59:00Z');
    expect(statusWindow({ ...spec, window: { calendar: 'week' } }, sunday).start).toEqual(
      new Date('2026-11-23T00:00:00Z')
    );
    expect(statusWindow({ ...spec, window: { calendar: 'month' } }, NOW).start).toEqual(
      new Date('2026-11-01T00:00:00Z')
    );
  });

  it('reads minutes while CloudWatch keeps them for the whole window, else its oldest period and the last hour in minutes', async () => {
    // testdata/slo/periods.json holds every case, shared with the data source.
    const reads = async (window: SloSpec['window']) => {
      const calls: Array<{ start: Date; end: Date; period: number }> = [];
      await sloStatus({ ...spec, window }, fakeReader({}, calls), NOW);
      return calls.map((c) => [c.period, c.end.getTime() - c.start.getTime()]);
    };
    expect(await reads({ rolling: '7d' })).toEqual([[60, 7 * 24 * HOUR]]);
    expect(await reads({ rolling: '30d' })).toEqual([
      [300, 30 * 24 * HOUR - HOUR], // from 10:20, the 5 minutes that hold the window's start, 30 days back
      [60, HOUR + 3 * 60_000],
    ]);
  });
});

describe('counting events from datapoints', () => {
  const plan = sliPlan({ template: 'functionAvailability', resources: ['f'] });
  const at = (iso: string, value: number) => ({ timestamp: new Date(iso), value });
  const series = new Map([
    [
      'invocations_0',
      [at('2026-11-01T00:00:00Z', 100), at('2026-11-01T01:00:00Z', 100), at('2026-11-01T02:00:00Z', 100)],
    ],
    ['errors_0', [at('2026-11-01T01:00:00Z', 40)]],
  ]);

  it('sums good and total period by period, missing metrics counting as zero', () => {
    expect(countEvents(plan, series, 3600)).toEqual({ good: 260, total: 300 });
  });

  it('leaves out periods that overlap an exclusion', () => {
    const exclusions = [{ start: '2026-11-01T01:30:00Z', end: '2026-11-01T01:45:00Z' }];
    expect(countEvents(plan, series, 3600, exclusions)).toEqual({ good: 200, total: 200 });
  });

  it('with timeslices, judges each period whole, good when its own SLI meets the objective, one event a minute', () => {
    // 100%, 60% and 100% of calls good: two good hour-long slices of three at a 99% objective.
    expect(countEvents(plan, series, 3600, [], 0.99)).toEqual({ good: 120, total: 180 });
    expect(countEvents(plan, series, 3600, [], 0.5)).toEqual({ good: 180, total: 180 });
    expect(countEvents(plan, series, 3600, [], 0.6)).toEqual({ good: 180, total: 180 });
  });
});

describe('an SLO status', () => {
  it.each(vectors.arithmetic.map((v) => [v.name, v]))(
    'computes the shared vector "%s" as src/slo does',
    async (_, v) => {
      const spec = functionSlo('v', 'f', v.objective * 100);
      const store: Store = {
        'f Invocations Sum': [[ago(2 * HOUR), v.total]],
        'f Errors Sum': [[ago(2 * HOUR), v.total - v.good]],
      };
      const status = await sloStatus(spec, fakeReader(store), NOW);
      expect(status.budgetRemaining).toBeCloseTo(v.budgetRemaining, 9);
      expect(status.budgetRemaining).toBeCloseTo(budgetRemaining(v.good, v.total, v.objective), 9);
      expect(status.sli).toBe(v.total > 0 ? v.good / v.total : undefined);
    }
  );

  it('reads the window in minutes while CloudWatch keeps them, the last hour for the burn rate in the same read', async () => {
    const calls: Array<{ start: Date; end: Date; period: number }> = [];
    const store: Store = {
      'f Invocations Sum': [
        [ago(3 * 24 * HOUR), 9000],
        [ago(HOUR / 2), 1000],
      ],
      'f Errors Sum': [[ago(HOUR / 2), 50]],
      'f Throttles Sum': [[ago(3 * 24 * HOUR), 10]],
    };
    const status = await sloStatus(functionSlo('a', 'f', 99), fakeReader(store, calls), NOW);
    const end = new Date('2026-11-25T10:23:00Z');
    expect(calls).toEqual([{ start: new Date(end.getTime() - 7 * 24 * HOUR), end, period: 60 }]);
    expect(status).toMatchObject({ good: 9950, total: 10010, events1h: 1000 });
    expect(status.burnRate1h).toBeCloseTo(burnRate(950, 1000, 0.99), 9);
    expect(status.budgetRemaining).toBeCloseTo(budgetRemaining(9950, 10010, 0.99), 9);
  });

  it('judges queue minutes by their oldest message', async () => {
    const spec: SloSpec = {
      ...functionSlo('q', 'orders'),
      sli: { template: 'queueFreshness', resources: ['orders'], threshold: 300 },
    };
    const minutes = [120, 240, 400, 290].map((age, i) => [ago((i + 2) * 60_000), age] as [Date, number]);
    const store: Store = {
      'orders ApproximateAgeOfOldestMessage Maximum': minutes,
      'orders ApproximateAgeOfOldestMessage SampleCount': minutes.map(([t]) => [t, 1]),
    };
    expect(await sloStatus(spec, fakeReader(store), NOW)).toMatchObject({ good: 3, total: 4, events1h: 4 });
  });
});

describe('serverless-slo status', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'serverless-slo-status-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const store: Store = {
    'healthy-fn Invocations Sum': [[ago(5 * HOUR), 100_000]],
    'healthy-fn Errors Sum': [[ago(5 * HOUR), 10]],
    'burned-fn Invocations Sum': [[ago(HOUR / 2), 1000]],
    'burned-fn Errors Sum': [[ago(HOUR / 2), 100]],
  };

  async function status(specs: SloSpec[], ...options: string[]) {
    const file = path.join(dir, 'slos.json');
    writeFileSync(file, JSON.stringify(specs));
    let stdout = '';
    let stderr = '';
    const readerOptions: unknown[] = [];
    const deps: Dependencies = {
      now: () => NOW,
      metricReader: async (o) => {
        readerOptions.push(o);
        return fakeReader(store);
      },
    };
    const code = await run(
      ['status', ...options, file],
      { out: (t) => (stdout += t), err: (t) => (stderr += t) },
      deps
    );
    return { code, stdout, stderr, readerOptions };
  }

  const healthy = functionSlo('healthy', 'healthy-fn', 99.5);
  const burned = functionSlo('burned', 'burned-fn', 99);

  it('prints each SLO and exits 2 when one is below the floor', async () => {
    const result = await status([healthy, burned], '--floor', '50', '--region', 'eu-west-1', '--endpoint', 'http://x');
    expect(result.readerOptions).toEqual([{ region: 'eu-west-1', endpoint: 'http://x' }]);
    expect(result.stdout.split('\n')).toEqual([
      'SLO      SLI      OBJECTIVE  BUDGET LEFT  BURN 1H  EVENTS  STATUS',
      'healthy  99.990%  99.5%      98.0%        0.00     100000  ok',
      'burned   90.000%  99%        -900.0%      10.00    1000    BELOW FLOOR',
      '1 SLO below the 50% error budget floor: burned',
      '',
    ]);
    expect(result.code).toBe(2);
  });

  it('exits 0 when every SLO keeps the floor, and prints JSON on request', async () => {
    const result = await status([healthy], '--floor', '50', '--json');
    expect(result.code).toBe(0);
    const [json] = JSON.parse(result.stdout.slice(0, result.stdout.lastIndexOf(']') + 1));
    expect(json).toMatchObject({ name: 'healthy', good: 99_990, total: 100_000, belowFloor: false });
    expect(result.stdout).toContain('1 SLO at or above the 50% error budget floor');
  });

  it('warns about SLOs without events, which keep their whole budget', async () => {
    const result = await status([functionSlo('quiet', 'nothing-here')], '--floor', '99');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('quiet  -    99%        100.0%       0.00     0       no events');
    expect(result.stderr).toBe('quiet: no events in its window: check the resource names and the region\n');
  });

  it('exits 1 when CloudWatch cannot be read, or the floor is missing or wrong', async () => {
    const file = path.join(dir, 'slos.json');
    writeFileSync(file, JSON.stringify([healthy]));
    let stderr = '';
    const failing: Dependencies = {
      now: () => NOW,
      metricReader: async () => ({
        read: () =>
          Promise.reject(Object.assign(new Error('The security token is invalid'), { name: 'InvalidClientTokenId' })),
        close: () => {},
      }),
    };
    const code = await run(['status', '--floor', '10', file], { out: () => {}, err: (t) => (stderr += t) }, failing);
    expect(code).toBe(1);
    expect(stderr).toBe('healthy: reading CloudWatch failed: InvalidClientTokenId: The security token is invalid\n');

    expect(await status([healthy])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--floor <percent> is required'),
    });
    expect(await status([healthy], '--floor', 'lots')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--floor must be a percentage from 0 to 100, not "lots"'),
    });
    expect(await status([{ ...healthy, objective: 100 }], '--floor', '10')).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('objective: 100 must be a percentage'),
    });
  });
});
