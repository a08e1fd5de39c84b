import demoSlos from '../../pkg/plugin/demo_slos.json';
import type { GrafanaHttp, RuleState } from '../services/grafanaAlerting';

/**
 * An in-memory Grafana for the app's alerting calls: the data source's SLOs, folders, provisioned
 * rules and their evaluation states, answering 404 as Grafana does.
 */
export class FakeGrafana implements GrafanaHttp {
  slos: unknown[] = demoSlos;
  /** Evaluation state of installed rules, by title; inactive when unset. */
  states = new Map<string, RuleState>();
  folders = new Map<string, unknown>();
  rules = new Map<string, Record<string, unknown>>();
  calls: string[] = [];
  headers: Array<Record<string, string> | undefined> = [];
  failWith?: { status: number; message: string };

  async get<T>(url: string): Promise<T> {
    this.calls.push(`GET ${url}`);
    this.fail();
    if (url.endsWith('/resources/slos')) {
      return { slos: this.slos } as T;
    }
    if (url === '/api/prometheus/grafana/api/v1/rules') {
      const rules = [...this.rules.values()].map((r) => ({
        name: r.title,
        state: this.states.get(r.title as string) ?? 'inactive',
        health: 'ok',
        labels: r.labels,
      }));
      return { data: { groups: [{ rules }] } } as T;
    }
    if (url === '/api/v1/provisioning/alert-rules') {
      return [...this.rules.values()] as T;
    }
    if (url === '/api/folders') {
      return [...this.folders.values()] as T;
    }
    const [, kind, uid] = url.match(/^\/api\/(?:v1\/provisioning\/)?(alert-rules|folders)\/(.+)$/) ?? [];
    const found = kind === 'folders' ? this.folders.get(uid) : this.rules.get(uid);
    if (!found) {
      throw { status: 404, data: { message: 'not found' } };
    }
    return found as T;
  }

  async post<T>(url: string, body: Record<string, unknown>, options?: { headers: Record<string, string> }): Promise<T> {
    this.calls.push(`POST ${url}`);
    this.headers.push(options?.headers);
    this.fail();
    if (url === '/api/folders') {
      this.folders.set(body.uid as string, body);
    } else {
      if (this.rules.has(body.uid as string)) {
        throw { status: 409, data: { message: 'a rule with this uid exists' } };
      }
      this.rules.set(body.uid as string, body);
    }
    return body as T;
  }

  async put<T>(url: string, body: Record<string, unknown>, options?: { headers: Record<string, string> }): Promise<T> {
    this.calls.push(`PUT ${url}`);
    this.headers.push(options?.headers);
    this.fail();
    this.rules.set(body.uid as string, body);
    return body as T;
  }

  private fail() {
    if (this.failWith) {
      throw this.failWith;
    }
  }
}
