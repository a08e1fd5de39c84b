import { readFileSync } from 'fs';
import path from 'path';

import demoSlos from '../../pkg/plugin/demo_slos.json';
import { alertRulesFile, DEMO_RULES_FILE } from './alertRulesFile';
import { budgetLifetime, burnRateRuleGroup, ruleUid } from './rules';
import type { SloSpec } from './spec';

const options = {
  datasourceUid: 'serverless-demo',
  folder: 'SLOs',
  sloPageUrl: (n: string) => `/a/seed-serverless-app/slos/${n}`,
};
const checkout = (demoSlos as SloSpec[]).find((s) => s.name === 'checkout-availability')!;

describe('burn-rate rules of an SLO', () => {
  const group = burnRateRuleGroup(checkout, options);

  it('has the four tiers with thresholds for its 30-day window', () => {
    expect(group.rules.map((r) => [r.labels.severity, r.title])).toEqual([
      ['page', 'checkout-availability: burning 14.4x over 1h'],
      ['page', 'checkout-availability: burning 6x over 6h'],
      ['ticket', 'checkout-availability: burning 3x over 1d'],
      ['ticket', 'checkout-availability: burning 1x over 3d'],
    ]);
  });

  it('queries the data source for both windows and the events, then decides with one expression', () => {
    const page = group.rules[0];
    const queries = page.data.filter((d) => d.datasourceUid === 'serverless-demo').map((d) => d.model);
    expect(queries).toEqual([
      { refId: 'long', queryType: 'slo', slo: 'checkout-availability', output: 'burnRate', burnWindow: '1h' },
      { refId: 'short', queryType: 'slo', slo: 'checkout-availability', output: 'burnRate', burnWindow: '5m' },
      { refId: 'events', queryType: 'slo', slo: 'checkout-availability', output: 'events', burnWindow: '1h' },
    ]);
    expect(page.condition).toBe('firing');
    expect(page.data.at(-1)!.model).toEqual({
      refId: 'firing',
      datasource: { type: '__expr__', uid: '__expr__' },
      type: 'math',
      expression: '($long_last > 14.4 && $short_last > 14.4) && $events_last >= 50',
    });
  });

  it('keeps a ticket quiet while a page of the same SLO fires', () => {
    const ticket = group.rules[2];
    const expression = ticket.data.at(-1)!.model.expression as string;
    expect(expression).toBe(
      '($long_last > 3 && $short_last > 3) && $events_last >= 50' +
        ' && !($page0_long_last > 14.4 && $page0_short_last > 14.4)' +
        ' && !($page1_long_last > 6 && $page1_short_last > 6)'
    );
  });

  it('labels and annotates what on-call needs', () => {
    expect(group.rules[0].labels).toEqual({ slo: 'checkout-availability', service: 'payments', severity: 'page' });
    expect(group.rules[0].annotations.summary).toContain('a whole budget lasts 50 hours at this rate');
    expect(group.rules[0].annotations.slo_url).toBe('/a/seed-serverless-app/slos/checkout-availability');
  });

  it('gives every rule a stable uid Grafana accepts', () => {
    expect(group.rules.map((r) => r.uid)).toEqual([
      'slo-checkout-availability-1h',
      'slo-checkout-availability-6h',
      'slo-checkout-availability-1d',
      'slo-checkout-availability-3d',
    ]);
    const long = ruleUid('a-very-long-service-level-objective-name-for-payments', '3d');
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long).toBe(ruleUid('a-very-long-service-level-objective-name-for-payments', '3d'));
    expect(long).not.toBe(ruleUid('a-very-long-service-level-objective-name-for-wallets', '3d'));
  });

  it('says how long a budget lasts at a threshold', () => {
    expect(budgetLifetime(30 * 86_400_000, 14.4)).toBe('50 hours');
    expect(budgetLifetime(30 * 86_400_000, 1)).toBe('30 days');
  });
});

it('ships provisioning rules generated from the demo SLOs, up to date (npm run generate:alerts)', () => {
  const shipped = readFileSync(path.resolve(__dirname, '../..', DEMO_RULES_FILE), 'utf8');
  expect(shipped).toBe(alertRulesFile(demoSlos as SloSpec[]));
});
