import { burnRateAlerts, type BurnRateAlert } from './burnRate';
import type { SloSpec } from './spec';
import { windowMs } from './validate';
import { parseDuration } from './window';

/** A Grafana-managed alert rule as Grafana's alerting file provisioning reads it. */
export interface ProvisionedRule {
  uid: string;
  title: string;
  condition: string;
  data: Array<{
    refId: string;
    relativeTimeRange?: { from: number; to: number };
    datasourceUid: string;
    model: Record<string, unknown>;
  }>;
  noDataState: 'OK' | 'NoData' | 'Alerting';
  execErrState: 'Error' | 'Alerting' | 'OK';
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleGroup {
  orgId: number;
  name: string;
  folder: string;
  interval: string;
  rules: ProvisionedRule[];
}

const EXPRESSIONS = '__expr__';
const expressionDatasource = { type: EXPRESSIONS, uid: EXPRESSIONS };
/** Enough range for the last trailing-window value; the data source looks back the window itself. */
const LOOKBACK_SECONDS = 600;
const GRAFANA_UID_LENGTH = 40;

interface Options {
  datasourceUid: string;
  folder: string;
  /** Where the app shows the SLO, for the annotation link. */
  sloPageUrl: (name: string) => string;
}

/**
 * The multi-window, multi-burn-rate rules of one SLO, querying the data source directly. A tier
 * fires when both its long and short windows burn faster than its threshold and the long window
 * saw enough events; a ticket tier stays quiet while a page tier of the same SLO fires.
 */
export function burnRateRuleGroup(spec: SloSpec, options: Options): RuleGroup {
  const alerts = burnRateAlerts(windowMs(spec) ?? 0);
  const pages = alerts.filter((a) => a.severity === 'page');
  return {
    orgId: 1,
    name: `SLO ${spec.name}`,
    folder: options.folder,
    interval: '1m',
    rules: alerts.map((alert) => burnRateRule(spec, alert, alert.severity === 'ticket' ? pages : [], options)),
  };
}

function burnRateRule(
  spec: SloSpec,
  alert: BurnRateAlert,
  inhibitedBy: BurnRateAlert[],
  options: Options
): ProvisionedRule {
  const data: ProvisionedRule['data'] = [];
  const query = (refId: string, output: 'burnRate' | 'events', burnWindow: string) => {
    data.push({
      refId,
      relativeTimeRange: { from: LOOKBACK_SECONDS, to: 0 },
      datasourceUid: options.datasourceUid,
      model: { refId, queryType: 'slo', slo: spec.name, output, burnWindow },
    });
    const last = `${refId}_last`;
    data.push({
      refId: last,
      datasourceUid: EXPRESSIONS,
      model: { refId: last, datasource: expressionDatasource, type: 'reduce', expression: refId, reducer: 'last' },
    });
    return `$${last}`;
  };
  const burning = (a: BurnRateAlert, prefix: string) =>
    `(${query(`${prefix}long`, 'burnRate', a.longWindow)} > ${a.threshold} && ${query(`${prefix}short`, 'burnRate', a.shortWindow)} > ${a.threshold})`;

  const minEvents = spec.alerting?.minEvents ?? 0;
  const parts = [burning(alert, ''), `${query('events', 'events', alert.longWindow)} >= ${minEvents}`];
  inhibitedBy.forEach((page, i) => parts.push(`!${burning(page, `page${i}_`)}`));
  data.push({
    refId: 'firing',
    datasourceUid: EXPRESSIONS,
    model: { refId: 'firing', datasource: expressionDatasource, type: 'math', expression: parts.join(' && ') },
  });

  const labels: Record<string, string> = {
    ...spec.labels,
    slo: spec.name,
    service: spec.service,
    severity: alert.severity,
  };
  return {
    uid: ruleUid(spec.name, alert.longWindow),
    title: `${spec.name}: burning ${alert.threshold}x over ${alert.longWindow}`,
    condition: 'firing',
    data,
    noDataState: 'OK',
    execErrState: 'Error',
    for: (parseDuration(alert.shortWindow) ?? 0) >= 3_600_000 ? '15m' : '2m',
    labels,
    annotations: {
      summary: `${spec.name} (${spec.objective}% over ${'rolling' in spec.window ? spec.window.rolling : spec.window.calendar}) burns its error budget over ${alert.threshold}x over ${alert.longWindow} and ${alert.shortWindow}: a whole budget lasts ${budgetLifetime(windowMs(spec) ?? 0, alert.threshold)} at this rate`,
      description: spec.description ?? '',
      runbook_url: spec.alerting?.runbookUrl ?? '',
      slo_url: options.sloPageUrl(spec.name),
    },
  };
}

/** How long a whole budget lasts when it burns at a tier's threshold, in words. */
export function budgetLifetime(sloWindowMs: number, threshold: number): string {
  const hours = Math.round(sloWindowMs / 3_600_000 / threshold);
  return hours < 72 ? `${hours} hours` : `${Math.round(hours / 24)} days`;
}

/** Grafana rule uids are at most 40 characters; long SLO names keep a readable prefix and a hash. */
export function ruleUid(name: string, longWindow: string): string {
  const uid = `slo-${name}-${longWindow}`;
  if (uid.length <= GRAFANA_UID_LENGTH) {
    return uid;
  }
  let hash = 0;
  for (const c of name) {
    hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  }
  const suffix = `-${hash.toString(36)}-${longWindow}`;
  return `slo-${name.slice(0, GRAFANA_UID_LENGTH - 4 - suffix.length)}${suffix}`;
}
