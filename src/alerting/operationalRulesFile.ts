import { links } from '../services/links';
import { operationalRuleGroup } from './operationalRules';

/** Where the operational rules are provisioned from, relative to the repository. */
export const OPERATIONAL_RULES_FILE = 'provisioning/alerting/operational.yaml';

/**
 * Grafana's alerting provisioning file for the operational rules, on the demo data source. JSON is
 * YAML, so the file is written as JSON under a YAML comment.
 */
export function operationalRulesFile(datasourceUid = 'serverless-demo'): string {
  const group = operationalRuleGroup({
    datasourceUid,
    folder: 'Serverless operations',
    runbookUrl: links.overview,
  });
  const header =
    '# Generated from src/alerting/operationalRules.ts by `npm run generate:alerts`: edit that, not this file.\n';
  return `${header}${JSON.stringify({ apiVersion: 1, groups: [group] }, null, 2)}\n`;
}
