import { readFileSync } from 'fs';
import path from 'path';

import { queryProblem } from '../datasource/catalog';
import type { ServerlessQuery } from '../datasource/types';
import { OPERATIONAL_ALERTS, operationalRuleGroup } from './operationalRules';
import { OPERATIONAL_RULES_FILE, operationalRulesFile } from './operationalRulesFile';

const group = operationalRuleGroup({ datasourceUid: 'ds', folder: 'Ops', runbookUrl: '/a/app/overview' });

describe('operational alert rules', () => {
  it('cover every proactive alert of the product spec', () => {
    const watched = OPERATIONAL_ALERTS.map((a) => `${a.query.resourceKind} ${a.query.metric}`);
    expect(watched).toEqual([
      'sqs ApproximateNumberOfMessagesVisible',
      'lambda Errors',
      'lambda Throttles',
      'lambda Duration',
      'states ExecutionsFailed',
      'states ExecutionsTimedOut',
      'sqs ApproximateAgeOfOldestMessage',
      'sqs ApproximateNumberOfMessagesVisible',
    ]);
  });

  it('send queries the back end accepts', () => {
    for (const rule of group.rules) {
      const query = rule.data[0].model as unknown as ServerlessQuery;
      expect([rule.uid, queryProblem(query)]).toEqual([rule.uid, undefined]);
      expect(rule.data[0].datasourceUid).toBe('ds');
    }
  });

  it('fire on a threshold over one value per resource, as tickets', () => {
    for (const rule of group.rules) {
      const steps = rule.data.map((d) => (d.model as { type?: string }).type ?? 'query');
      expect([
        ['query', 'reduce', 'threshold'],
        ['query', 'reduce', 'query', 'reduce', 'math'],
      ]).toContainEqual(steps);
      expect(rule.condition).toBe('C');
      expect(rule.labels).toEqual({ severity: 'ticket', category: 'operational' });
      expect(rule.annotations.summary).toMatch(/\{\{ .*\$labels\.\w+ \}\}/);
    }
  });

  it('count errors against invocations of the same function, and only with enough of them', () => {
    const errors = group.rules.find((r) => r.uid === 'ops-function-errors')!;
    const [errorsQuery, , invocationsQuery, , condition] = errors.data.map((d) => d.model);
    expect(errorsQuery).toMatchObject({ metric: 'Errors', statistic: 'Sum', period: 900 });
    // Same statistic and period: the two series of a function carry the same labels and pair up.
    expect(invocationsQuery).toMatchObject({ metric: 'Invocations', statistic: 'Sum', period: 900 });
    expect(condition.expression).toBe('$B > 0.05 * $D && $D >= 20');
  });

  it('have unique uids Grafana accepts', () => {
    const uids = group.rules.map((r) => r.uid);
    expect(new Set(uids).size).toBe(uids.length);
    uids.forEach((uid) => expect(uid).toMatch(/^[a-z0-9-]{1,40}$/));
  });

  it('are shipped as generated (run npm run generate:alerts after changing them)', () => {
    const shipped = readFileSync(path.resolve(__dirname, '../..', OPERATIONAL_RULES_FILE), 'utf8');
    expect(shipped).toBe(operationalRulesFile());
  });
});
