import { SLO_FOLDER, sloRuleGroups } from '../services/providedRules';
import type { RuleGroup } from './rules';
import type { SloSpec } from './spec';

/** Where the burn-rate rules of the demo SLOs are provisioned from, relative to the repository. */
export const DEMO_RULES_FILE = 'provisioning/alerting/slo-burn-rates.yaml';

export interface RulesFileOptions {
  /** The uid of the data source that holds the SLOs; the rules query it. */
  datasourceUid: string;
  /** The Grafana folder the rule groups go in. */
  folder: string;
  /** Where the SLOs are defined and the command that regenerates the file, for its header. */
  source: string;
  command: string;
}

export const DEMO_RULES_OPTIONS: RulesFileOptions = {
  datasourceUid: 'serverless-demo',
  folder: SLO_FOLDER.title,
  source: 'pkg/plugin/demo_slos.json',
  command: 'npm run generate:alerts',
};

/**
 * Grafana's alerting provisioning file for these SLOs' burn-rate rules. JSON is YAML, so the file
 * is written as JSON under a YAML comment.
 */
export function alertRulesFile(specs: SloSpec[], options: RulesFileOptions = DEMO_RULES_OPTIONS): string {
  const header = `# Generated from ${options.source} by \`${options.command}\`: edit the SLOs, not this file.\n`;
  return provisioningFileText(header, sloRuleGroups(options.datasourceUid, specs, options.folder));
}

/** An alerting provisioning file: the header comment, then the groups as JSON, which is YAML. */
export function provisioningFileText(header: string, groups: RuleGroup[]): string {
  return `${header}${JSON.stringify({ apiVersion: 1, groups }, null, 2)}\n`;
}
