import { burnRateRuleGroup } from './rules';
import type { SloSpec } from './spec';

/** Where the burn-rate rules of the demo SLOs are provisioned from, relative to the repository. */
export const DEMO_RULES_FILE = 'provisioning/alerting/slo-burn-rates.yaml';

/**
 * Grafana's alerting provisioning file for these SLOs' burn-rate rules. JSON is YAML, so the file
 * is written as JSON under a YAML comment.
 */
export function alertRulesFile(specs: SloSpec[]): string {
  const groups = specs.map((spec) =>
    burnRateRuleGroup(spec, {
      datasourceUid: 'serverless-demo',
      folder: 'Serverless SLOs',
      sloPageUrl: (name) => `/a/seed-serverless-app/slos?var-slo=${name}`,
    })
  );
  const header =
    '# Generated from pkg/plugin/demo_slos.json by `npm run generate:alerts`: edit the SLOs, not this file.\n';
  return `${header}${JSON.stringify({ apiVersion: 1, groups }, null, 2)}\n`;
}
