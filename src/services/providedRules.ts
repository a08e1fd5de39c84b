import { operationalRuleGroup } from '../alerting/operationalRules';
import { burnRateRuleGroup, type RuleGroup } from '../slo/rules';
import type { SloSpec } from '../slo/spec';
import type { Folder } from './grafanaAlerting';
import { links } from './links';

export const SLO_FOLDER: Folder = { uid: 'serverless-slos', title: 'Serverless SLOs' };
export const OPERATIONS_FOLDER: Folder = { uid: 'serverless-operations', title: 'Serverless operations' };

/** The burn-rate rule groups of some SLOs, one group per SLO, linking to the SLO page. */
export function sloRuleGroups(datasourceUid: string, specs: SloSpec[], folder = SLO_FOLDER.title): RuleGroup[] {
  return specs.map((spec) => burnRateRuleGroup(spec, { datasourceUid, folder, sloPageUrl: links.sloPage }));
}

/** The operational rules, in their own folder, linking to the overview. */
export function operationsRuleGroup(datasourceUid: string): RuleGroup {
  return operationalRuleGroup({ datasourceUid, folder: OPERATIONS_FOLDER.title, runbookUrl: links.overview });
}

/** Every rule group the app provides for a data source: burn rates of its SLOs, then operations. */
export function providedRuleGroups(datasourceUid: string, specs: SloSpec[]): RuleGroup[] {
  return [...sloRuleGroups(datasourceUid, specs), operationsRuleGroup(datasourceUid)];
}

export function folderOf(group: RuleGroup): Folder {
  return group.folder === SLO_FOLDER.title ? SLO_FOLDER : OPERATIONS_FOLDER;
}
