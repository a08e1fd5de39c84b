/**
 * SLO specs to and from OpenSLO v1: an SLO with its SLI inline, a ratio of CloudWatch metric math
 * (metricQueries in the shape of GetMetricData's queries), one objective and one time window. What a
 * spec has and OpenSLO has not (exclusions, the alerting guard, the runbook) travels in annotations;
 * what OpenSLO can say and a spec cannot is refused with the path of the field.
 */

export { annotationKeys, OPENSLO_API_VERSION, OpenSloError, type OpenSloSlo } from './document';
export { toOpenSlo } from './export';
export { fromOpenSlo, type ImportResult, type OpenSloInput } from './import';
