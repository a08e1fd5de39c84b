import { operationalRuleGroup } from '../alerting/operationalRules';
import { burnRateRuleGroup, type RuleGroup } from '../slo/rules';
import type { SloSpec } from '../slo/spec';
import type { Folder } from './grafanaAlerting';
import { links } from './links';

export const SLO_FOLDER: Folder = { uid: 'serverless-slos', title: 'Serverless SLOs' };
export const OPERATIONS_FOLDER: Folder = { uid: 'serverless-operations', title: 'Serverless operations' };

/** Every rule group the app provides for a data source: burn rates of its SLOs, then operations. */
export function providedRuleGroups(datasourceUid: string, specs: SloSpec[]): RuleGroup[] {
  return [
    ...specs.map((spec) =>
      burnRateRuleGroup(spec, { datasourceUid, folder: SLO_FOLDER.title, sloPageUrl: links.sloPage })
    ),
    operationalRuleGroup({ datasourceUid, folder: OPERATIONS_FOLDER.title, runbookUrl: links.overview }),
  ];
}

export function folderOf(group: RuleGroup): Folder {
  return group.folder === SLO_FOLDER.title ? SLO_FOLDER : OPERATIONS_FOLDER;
}
