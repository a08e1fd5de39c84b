import type { SloSpec } from './spec';
import { SloSpecError, validateSlo } from './validate';

/**
 * Reads an SLO spec from parsed JSON or YAML: checks each field's type and refuses fields a spec
 * does not have (a misspelt "exclusion" would otherwise be ignored), then validates it. Throws an
 * SloSpecError naming the first field that is wrong.
 */
export function parseSloSpec(raw: unknown): SloSpec {
  const spec = object(raw, '', {
    name: 'string',
    service: 'string',
    description: 'string',
    sli: 'object',
    objective: 'number',
    window: 'object',
    budgeting: 'string',
    exclusions: 'array',
    labels: 'object',
    alerting: 'object',
  });
  for (const field of ['name', 'service', 'sli', 'objective', 'window']) {
    if (spec[field] === undefined) {
      throw new SloSpecError(field, 'is required');
    }
  }
  object(spec.sli, 'sli', { template: 'string', resources: 'array', threshold: 'number' });
  (spec.sli as { resources?: unknown[] }).resources?.forEach((r, i) => expectType(r, `sli.resources[${i}]`, 'string'));
  object(spec.window, 'window', { rolling: 'string', calendar: 'string' });
  (spec.exclusions as unknown[] | undefined)?.forEach((e, i) =>
    object(e, `exclusions[${i}]`, { start: 'string', end: 'string', reason: 'string' })
  );
  if (spec.labels !== undefined) {
    for (const [key, value] of Object.entries(spec.labels as object)) {
      expectType(value, `labels.${key}`, 'string');
    }
  }
  object(spec.alerting, 'alerting', { minEvents: 'number', runbookUrl: 'string' });
  const window = spec.window as { rolling?: string; calendar?: string } | undefined;
  if (window && (window.rolling === undefined) === (window.calendar === undefined)) {
    throw new SloSpecError('window', 'needs exactly one of rolling or calendar');
  }
  validateSlo(spec as unknown as SloSpec);
  return spec as unknown as SloSpec;
}

type FieldType = 'string' | 'number' | 'object' | 'array';

function object(raw: unknown, path: string, fields: Record<string, FieldType>): Record<string, unknown> {
  if (raw === undefined && path !== '') {
    return {};
  }
  expectType(raw, path || 'spec', 'object');
  const record = raw as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    const field = path ? `${path}.${key}` : key;
    if (!(key in fields)) {
      throw new SloSpecError(field, `is not a field of an SLO spec (fields here: ${Object.keys(fields).join(', ')})`);
    }
    expectType(value, field, fields[key]);
  }
  return record;
}

function expectType(value: unknown, field: string, type: FieldType): void {
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (actual !== type) {
    throw new SloSpecError(
      field,
      `must be ${type === 'array' || type === 'object' ? 'an' : 'a'} ${type}, not ${actual}`
    );
  }
}
