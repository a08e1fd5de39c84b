import specs from '../../testdata/slo/specs.json';
import vectors from '../../testdata/slo/vectors.json';
import { budgetRemaining, burnRate, burnRateAlerts } from './burnRate';
import type { SloSpec } from './spec';
import { SloSpecError, validateSlo } from './validate';

const DAY_MS = 86_400_000;

// testdata/slo/vectors.json is shared with the Go tests (pkg/slo): both sides compute the same numbers.
// Its exhaustion vectors are Go's alone: the data source computes the time to exhaustion, the app only shows it.
describe('burn-rate alert tiers', () => {
  it.each(vectors.burnRateAlerts.map((v) => [v.windowDays, v.alerts]))('for a %i-day window', (days, alerts) => {
    expect(burnRateAlerts((days as number) * DAY_MS)).toEqual(alerts);
  });
});

describe('SLO arithmetic', () => {
  it.each(vectors.arithmetic.map((v) => [v.name, v]))('%s', (_, v) => {
    const { good, total, objective } = v as (typeof vectors.arithmetic)[number];
    expect(burnRate(good, total, objective)).toBeCloseTo(v.burnRate, 9);
    expect(budgetRemaining(good, total, objective)).toBeCloseTo(v.budgetRemaining, 9);
  });
});

describe('validateSlo', () => {
  it.each(specs.valid.map((s) => [s.name, s]))('accepts %s', (_, spec) => {
    expect(() => validateSlo(spec as SloSpec)).not.toThrow();
  });

  it.each(specs.invalid.map((c) => [c.field, c.spec]))('rejects a spec naming the wrong field: %s', (field, spec) => {
    let error: unknown;
    try {
      validateSlo(spec as unknown as SloSpec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SloSpecError);
    expect((error as SloSpecError).field).toBe(field);
    expect((error as SloSpecError).message.startsWith(`${field}: `)).toBe(true);
  });
});
