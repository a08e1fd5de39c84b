import { readFileSync } from 'fs';
import path from 'path';
import { parse } from 'yaml';

const read = (file: string) => parse(readFileSync(path.resolve(__dirname, '../..', file), 'utf8'));

interface Route {
  receiver: string;
  object_matchers?: Array<[string, string, string]>;
}

// Every alert the app provisions must reach a person: each severity label is routed to a contact
// point that exists and has somewhere to send to, through an SMTP server Grafana is told about.
describe('alert notifications', () => {
  const notifications = read('provisioning/alerting/notifications.yaml');
  const rules = read('provisioning/alerting/slo-burn-rates.yaml');
  const contactPoints = new Map<string, Array<{ type: string; settings: { addresses?: string } }>>(
    notifications.contactPoints.map((c: { name: string; receivers: [] }) => [c.name, c.receivers])
  );
  const root = notifications.policies[0];

  it('routes every severity the rules use to an e-mail contact point', () => {
    const severities = new Set<string>(
      rules.groups.flatMap((g: { rules: Array<{ labels: { severity: string } }> }) =>
        g.rules.map((r) => r.labels.severity)
      )
    );
    expect([...severities].sort()).toEqual(['page', 'ticket']);
    for (const severity of severities) {
      const route = (root.routes as Route[]).find((r) =>
        r.object_matchers?.some(([label, op, value]) => label === 'severity' && op === '=' && value === severity)
      );
      expect(route).toBeDefined();
      const receivers = contactPoints.get(route!.receiver);
      expect(receivers).toBeDefined();
      expect(receivers!.every((r) => r.type === 'email' && (r.settings.addresses ?? '').includes('@'))).toBe(true);
    }
    expect(contactPoints.has(root.receiver)).toBe(true);
  });

  it('pages again sooner than it repeats tickets', () => {
    const interval = (severity: string) =>
      (root.routes as Array<Route & { repeat_interval: string }>).find((r) => r.object_matchers?.[0][2] === severity)!
        .repeat_interval;
    expect([interval('page'), interval('ticket')]).toEqual(['1h', '12h']);
  });

  it('gives Grafana an SMTP server to send through', () => {
    const compose = read('docker-compose.yaml');
    const env = compose.services.grafana.environment;
    expect(env.GF_SMTP_ENABLED).toBe('true');
    const [host] = String(env.GF_SMTP_HOST).split(':');
    expect(Object.keys(compose.services)).toContain(host);
  });
});
