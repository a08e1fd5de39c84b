import periods from '../../testdata/slo/periods.json';
import templates from '../../testdata/slo/sli-templates.json';
import windows from '../../testdata/slo/windows.json';
import { sliPlan, type SliQuery } from './cloudwatchSli';
import { evaluate } from './metricMath';
import { retainedPeriodMs } from './periods';
import type { SliSpec, SloSpec } from './spec';
import { windowMs } from './validate';

// testdata/slo/{sli-templates,periods,windows}.json are shared with the Go SLO evaluator
// (pkg/slo/evaluator/vectors_test.go): both engines must give these answers. The status vectors are
// checked in src/cli/status.vectors.test.ts.

type Kind = keyof typeof templates.kinds;

interface TemplateVector {
  name: string;
  sli: SliSpec;
  kinds: Record<string, Kind>;
  reads: Record<string, string[]>;
  periods: Array<{ values: Record<string, number>; good: number; total: number }>;
}

/** Whether a query reads the resource's own kind: the families of other kinds have no data for it. */
function readsOwnKind(q: SliQuery, kinds: Record<string, Kind>): boolean {
  const kind = templates.kinds[kinds[q.metric.dimension.value]];
  return q.metric.namespace === kind.namespace && q.metric.dimension.name === kind.dimension;
}

describe('SLI templates, as the Go evaluator reads them', () => {
  const cases = templates.templates as unknown as TemplateVector[];

  it.each(cases.map((c) => [c.name, c]))('%s', (_, c) => {
    const plan = sliPlan(c.sli);
    const own = plan.queries.filter((q) => readsOwnKind(q, c.kinds));
    for (const resource of c.sli.resources) {
      const reads = own.filter((q) => q.metric.dimension.value === resource);
      expect(reads.map((q) => `${q.metric.metricName} ${q.metric.stat}`).sort()).toEqual([...c.reads[resource]].sort());
    }
    const periodEvents = c.periods.map(({ values }) => {
      const lookup = (id: string) => {
        const q = own.find((query) => query.id === id);
        return q && values[`${q.metric.dimension.value} ${q.metric.metricName} ${q.metric.stat}`];
      };
      return { good: evaluate(plan.good, lookup), total: evaluate(plan.total, lookup) };
    });
    periodEvents.forEach((events, i) => {
      expect(events.good).toBeCloseTo(c.periods[i].good, 9);
      expect(events.total).toBeCloseTo(c.periods[i].total, 9);
    });
  });
});

describe('the periods CloudWatch keeps, as the Go evaluator reads them', () => {
  it.each(periods.retained.map((c) => [c.name, c]))('%s', (_, c) => {
    expect(retainedPeriodMs(Date.parse(c.from), Date.parse(c.to), Date.parse(c.now))).toBe(c.seconds * 1000);
  });
});

describe('window lengths, as the Go evaluator measures them', () => {
  it.each(windows.lengths.map((c) => [JSON.stringify(c.window), c]))('%s', (_, c) => {
    expect(windowMs({ window: c.window as SloSpec['window'] })).toBe(c.ms);
  });
});
