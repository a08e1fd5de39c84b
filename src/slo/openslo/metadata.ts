import type { SloSpec } from '../spec';
import { annotationKeys, OpenSloError } from './document';
import { record, string } from './fields';
import type { ImportContext } from './importContext';

// An OpenSLO SLO's labels and the annotations that carry a spec's exclusions and alerting guard.

export function importLabels(raw: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(record(raw, 'metadata.labels'))) {
    const path = `metadata.labels.${key}`;
    if (Array.isArray(value)) {
      if (value.length !== 1) {
        throw new OpenSloError(path, `a label has exactly one value here; this one has ${value.length}`);
      }
      labels[key] = string(value[0], `${path}[0]`);
    } else {
      labels[key] = string(value, path);
    }
  }
  return labels;
}

export function importAnnotations(raw: unknown, context: ImportContext): Partial<SloSpec> {
  if (raw === undefined) {
    return {};
  }
  const result: Partial<SloSpec> = {};
  const alerting: NonNullable<SloSpec['alerting']> = {};
  for (const [key, value] of Object.entries(record(raw, 'metadata.annotations'))) {
    const path = `metadata.annotations.${key}`;
    switch (key) {
      case annotationKeys.exclusions:
        try {
          result.exclusions = JSON.parse(string(value, path));
        } catch (e) {
          if (e instanceof SyntaxError) {
            throw new OpenSloError(path, `is not JSON: ${e.message}`);
          }
          throw e;
        }
        break;
      case annotationKeys.minEvents: {
        const minEvents = Number(string(value, path));
        if (!Number.isFinite(minEvents)) {
          throw new OpenSloError(path, `${JSON.stringify(value)} is not a number`);
        }
        alerting.minEvents = minEvents;
        break;
      }
      case annotationKeys.runbookUrl:
        alerting.runbookUrl = string(value, path);
        break;
      default:
        context.warn(path, 'dropped: specs keep no annotations of other tools');
    }
  }
  if (Object.keys(alerting).length > 0) {
    result.alerting = alerting;
  }
  return result;
}
