import { metricRole, type MetricRole, type MetricStat, sliPlan } from '../cloudwatchSli';
import { evaluate } from '../metricMath';
import type { SliSpec } from '../spec';
import type { MetricProgram } from './metricSources';

/**
 * Checks that the imported metric math counts the same events as the template's own, by evaluating
 * both on random metric values (a family the file does not read counts as absent, as FILL makes it).
 * Returns which side differs, or undefined.
 */
export function compareEvents(
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
