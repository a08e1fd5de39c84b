import type { ProvisionedRule, RuleGroup } from '../slo/rules';

/** The part of Grafana's BackendSrv the alerting calls need; tests pass a fake Grafana. */
export interface GrafanaHttp {
  get<T>(url: string): Promise<T>;
  post<T>(url: string, body: unknown, options?: { headers: Record<string, string> }): Promise<T>;
  put<T>(url: string, body: unknown, options?: { headers: Record<string, string> }): Promise<T>;
}

/** A rule's state as Grafana's rule evaluation reports it. */
export type RuleState = 'firing' | 'pending' | 'inactive' | 'recovering' | 'nodata' | 'error' | 'not installed';

export interface RuleStatus {
  title: string;
  state: RuleState;
  labels: Record<string, string>;
  /** Why the last evaluation failed, when it did. */
  error?: string;
}

interface PromRulesResponse {
  data?: {
    groups?: Array<{
      rules?: Array<{
        name: string;
        state?: string;
        health?: string;
        lastError?: string;
        labels?: Record<string, string>;
      }>;
    }>;
  };
}

/** Every Grafana-managed rule's state, by title, from Grafana's Prometheus-compatible rules API. */
export async function ruleStates(http: GrafanaHttp): Promise<Map<string, RuleStatus>> {
  const response = await http.get<PromRulesResponse>('/api/prometheus/grafana/api/v1/rules');
  const states = new Map<string, RuleStatus>();
  for (const group of response.data?.groups ?? []) {
    for (const rule of group.rules ?? []) {
      const failed = rule.health === 'error';
      states.set(rule.name, {
        title: rule.name,
        state: failed ? 'error' : ((rule.state ?? 'inactive') as RuleState),
        labels: rule.labels ?? {},
        error: failed ? rule.lastError : undefined,
      });
    }
  }
  return states;
}

/** The state of each rule the app provides: "not installed" for those Grafana does not have. */
export function statesOf(provided: ProvisionedRule[], states: Map<string, RuleStatus>): RuleStatus[] {
  return provided.map(
    (rule) => states.get(rule.title) ?? { title: rule.title, state: 'not installed', labels: rule.labels }
  );
}

/** Where each folder of rule groups lives: the folder's title and the uid the app gives it. */
export interface Folder {
  uid: string;
  title: string;
}

// Installed rules stay editable in Grafana's UI; installing again overwrites edits.
const EDITABLE = { headers: { 'X-Disable-Provenance': 'true' } };

export interface InstallResult {
  created: string[];
  updated: string[];
  /** Rules Grafana already has exactly as provided: nothing is written. */
  unchanged: string[];
  /** Rules Grafana provisions from files: the API may not change them, so they are left alone. */
  fromFiles: string[];
}

type StoredRule = Record<string, unknown> & { uid: string; provenance?: string };

/** True when Grafana's copy has every field of the wanted rule with the same value. */
function sameAs(stored: unknown, wanted: unknown): boolean {
  if (wanted === null || typeof wanted !== 'object') {
    return stored === wanted;
  }
  if (stored === null || typeof stored !== 'object' || Array.isArray(stored) !== Array.isArray(wanted)) {
    return false;
  }
  if (Array.isArray(wanted) && (stored as unknown[]).length !== wanted.length) {
    return false;
  }
  return Object.entries(wanted).every(([key, value]) => sameAs((stored as Record<string, unknown>)[key], value));
}

/**
 * Installs the rule groups through Grafana's alerting provisioning API, creating each group's folder
 * if missing. Idempotent by rule uid: a new rule is created, a changed one updated, and one Grafana
 * already has as provided is left untouched. Grafana's rules and folders are read once, up front.
 */
export async function installRules(
  http: GrafanaHttp,
  groups: RuleGroup[],
  folderOf: (group: RuleGroup) => Folder
): Promise<InstallResult> {
  const result: InstallResult = { created: [], updated: [], unchanged: [], fromFiles: [] };
  const [stored, folders] = await Promise.all([
    http.get<StoredRule[]>('/api/v1/provisioning/alert-rules'),
    http.get<Folder[]>('/api/folders'),
  ]);
  const rules = new Map(stored.map((rule) => [rule.uid, rule]));
  const folderUids = new Set(folders.map((folder) => folder.uid));
  for (const group of groups) {
    const folder = folderOf(group);
    if (!folderUids.has(folder.uid)) {
      await http.post('/api/folders', { uid: folder.uid, title: folder.title });
      folderUids.add(folder.uid);
    }
    for (const rule of group.rules) {
      const body = apiRule(rule, group, folder.uid);
      const current = rules.get(rule.uid);
      if (current?.provenance === 'file') {
        result.fromFiles.push(rule.uid);
      } else if (current && sameAs(current, body)) {
        result.unchanged.push(rule.uid);
      } else if (current) {
        await http.put(`/api/v1/provisioning/alert-rules/${encodeURIComponent(rule.uid)}`, body, EDITABLE);
        result.updated.push(rule.uid);
      } else {
        await http.post('/api/v1/provisioning/alert-rules', body, EDITABLE);
        result.created.push(rule.uid);
      }
    }
  }
  return result;
}

/** A rule as the provisioning API takes it: the file format plus where it goes. */
function apiRule(rule: ProvisionedRule, group: RuleGroup, folderUID: string) {
  return {
    ...rule,
    orgID: group.orgId,
    folderUID,
    ruleGroup: group.name,
    // The API wants a time range on every item; expressions read none.
    data: rule.data.map((item) => ({ relativeTimeRange: { from: 0, to: 0 }, ...item })),
  };
}
