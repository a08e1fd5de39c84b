import demoSlos from '../../pkg/plugin/demo_slos.json';
import type { SloSpec } from '../slo/spec';
import { type GrafanaHttp, installRules, ruleStates, statesOf } from './grafanaAlerting';
import { folderOf, providedRuleGroups } from './providedRules';
import { FakeGrafana } from '../test/fakeGrafana';

const groups = providedRuleGroups('my-ds', demoSlos as SloSpec[]);
const ruleCount = groups.flatMap((g) => g.rules).length;

describe('installing the provided rules through Grafana', () => {
  it('creates every rule and its folder the first time, and writes nothing the next', async () => {
    const grafana = new FakeGrafana();
    const first = await installRules(grafana, groups, folderOf);
    expect(first.created).toHaveLength(ruleCount);
    expect(first.updated).toEqual([]);
    expect(first.fromFiles).toEqual([]);
    expect([...grafana.folders.keys()]).toEqual(['serverless-slos', 'serverless-operations']);

    grafana.calls = [];
    const second = await installRules(grafana, groups, folderOf);
    expect(second.created).toEqual([]);
    expect(second.updated).toEqual([]);
    expect(second.unchanged).toHaveLength(ruleCount);
    expect(grafana.rules.size).toBe(ruleCount);
    expect(grafana.calls).toEqual(['GET /api/v1/provisioning/alert-rules', 'GET /api/folders']);
  });

  it('updates a rule edited in Grafana back to the provided one, and only that rule', async () => {
    const grafana = new FakeGrafana();
    await installRules(grafana, groups, folderOf);
    const edited = grafana.rules.get('ops-dlq-messages')!;
    grafana.rules.set('ops-dlq-messages', { ...edited, for: '1h', labels: { severity: 'info' } });
    const again = await installRules(grafana, groups, folderOf);
    expect(again.updated).toEqual(['ops-dlq-messages']);
    expect(again.unchanged).toHaveLength(ruleCount - 1);
    expect(grafana.rules.get('ops-dlq-messages')).toEqual(edited);
  });

  it('sends rules as the provisioning API takes them, editable in Grafana', async () => {
    const grafana = new FakeGrafana();
    await installRules(grafana, groups, folderOf);
    const page = grafana.rules.get('slo-booking-latency-1h')!;
    expect(page).toMatchObject({ folderUID: 'serverless-slos', ruleGroup: 'SLO booking-latency', orgID: 1 });
    expect(page.annotations).toMatchObject({ slo_url: '/a/seed-serverless-app/slo?var-slo=booking-latency' });
    const data = page.data as Array<{ datasourceUid: string; relativeTimeRange: unknown }>;
    expect(data.every((d) => d.relativeTimeRange !== undefined)).toBe(true);
    expect(data.filter((d) => d.datasourceUid !== '__expr__').every((d) => d.datasourceUid === 'my-ds')).toBe(true);
    expect(grafana.rules.get('ops-dlq-messages')).toMatchObject({ folderUID: 'serverless-operations' });
    expect(grafana.headers.filter(Boolean).every((h) => h?.['X-Disable-Provenance'] === 'true')).toBe(true);
  });

  it('leaves alone the rules Grafana provisions from files, which its API may not change', async () => {
    const grafana = new FakeGrafana();
    await installRules(grafana, groups, folderOf);
    grafana.rules.set('ops-dlq-messages', { ...grafana.rules.get('ops-dlq-messages'), provenance: 'file' });
    const again = await installRules(grafana, groups, folderOf);
    expect(again.fromFiles).toEqual(['ops-dlq-messages']);
    expect(again.unchanged).toHaveLength(ruleCount - 1);
    expect(grafana.calls).not.toContain('PUT /api/v1/provisioning/alert-rules/ops-dlq-messages');
  });

  it('stops at the first error Grafana answers, and says it', async () => {
    const grafana = new FakeGrafana();
    grafana.failWith = { status: 403, message: 'You do not have permission' };
    await expect(installRules(grafana, groups, folderOf)).rejects.toMatchObject({ status: 403 });
    expect(grafana.rules.size).toBe(0);
  });
});

describe('rule states', () => {
  it('reads each rule state from the rules API, with the error of a failing rule', async () => {
    const http = {
      get: jest.fn().mockResolvedValue({
        data: {
          groups: [
            {
              rules: [
                { name: 'a', state: 'firing', health: 'ok', labels: { slo: 'x' } },
                { name: 'b', state: 'inactive', health: 'error', lastError: 'data source timed out' },
              ],
            },
          ],
        },
      }),
    } as unknown as GrafanaHttp;
    const states = await ruleStates(http);
    expect(states.get('a')).toMatchObject({ state: 'firing', labels: { slo: 'x' } });
    expect(states.get('b')).toMatchObject({ state: 'error', error: 'data source timed out' });
    const provided = groups[0].rules;
    expect(statesOf(provided, states).map((s) => s.state)).toEqual(provided.map(() => 'not installed'));
  });
});
