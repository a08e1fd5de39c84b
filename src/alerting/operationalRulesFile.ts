import { operationsRuleGroup } from '../services/providedRules';
import { provisioningFileText } from '../slo/alertRulesFile';

/** Where the operational rules are provisioned from, relative to the repository. */
export const OPERATIONAL_RULES_FILE = 'provisioning/alerting/operational.yaml';

/**
 * Grafana's alerting provisioning file for the operational rules, on the demo data source. JSON is
 * YAML, so the file is written as JSON under a YAML comment.
 */
export function operationalRulesFile(datasourceUid = 'serverless-demo'): string {
  const header =
    '# Generated from src/alerting/operationalRules.ts by `npm run generate:alerts`: edit that, not this file.\n';
  return provisioningFileText(header, [operationsRuleGroup(datasourceUid)]);
}
