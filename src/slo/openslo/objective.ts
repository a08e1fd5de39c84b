import { OpenSloError } from './document';
import { array, number, record } from './fields';
import type { ImportContext } from './importContext';

// An OpenSLO SLO's objective and budgeting method: a spec's objective, and whether it counts timeslices.

export function importObjective(spec: Record<string, unknown>, context: ImportContext): [number, boolean] {
  const budgeting = spec.budgetingMethod;
  if (budgeting !== 'Occurrences' && budgeting !== 'Timeslices') {
    throw new OpenSloError('spec.budgetingMethod', `${JSON.stringify(budgeting)} is not Occurrences or Timeslices`);
  }
  const objectives = array(spec.objectives, 'spec.objectives');
  if (objectives.length === 0) {
    throw new OpenSloError('spec.objectives', 'needs one objective');
  }
  if (objectives.length > 1) {
    throw new OpenSloError('spec.objectives[1]', 'only one objective per SLO is supported');
  }
  const path = 'spec.objectives[0]';
  const o = record(objectives[0], path, [
    'displayName',
    'op',
    'value',
    'target',
    'targetPercent',
    'timeSliceTarget',
    'timeSliceWindow',
  ]);
  if (o.displayName !== undefined) {
    context.warn(`${path}.displayName`, 'dropped: a spec has one objective, unnamed');
  }
  for (const field of ['op', 'value']) {
    if (o[field] !== undefined) {
      throw new OpenSloError(`${path}.${field}`, 'thresholds belong to thresholdMetric SLIs, which are not supported');
    }
  }
  if ((o.target === undefined) === (o.targetPercent === undefined)) {
    throw new OpenSloError(path, 'needs exactly one of target or targetPercent');
  }
  const objective =
    o.targetPercent !== undefined
      ? number(o.targetPercent, `${path}.targetPercent`)
      : Number((number(o.target, `${path}.target`) * 100).toPrecision(12));
  const timeslices = budgeting === 'Timeslices';
  if (!timeslices) {
    for (const field of ['timeSliceTarget', 'timeSliceWindow']) {
      if (o[field] !== undefined) {
        throw new OpenSloError(`${path}.${field}`, 'is only used with budgetingMethod: Timeslices');
      }
    }
    return [objective, false];
  }
  if (o.timeSliceWindow !== '1m' && o.timeSliceWindow !== 1) {
    throw new OpenSloError(
      `${path}.timeSliceWindow`,
      `${JSON.stringify(o.timeSliceWindow)}: time slices are one minute long here; use 1m`
    );
  }
  const sliceTarget = number(o.timeSliceTarget, `${path}.timeSliceTarget`);
  if (Math.abs(sliceTarget - objective / 100) > 1e-9) {
    throw new OpenSloError(
      `${path}.timeSliceTarget`,
      `${sliceTarget} must equal the objective (${objective / 100}): a minute is good when its own SLI meets the objective`
    );
  }
  return [objective, true];
}
