import { OpenSloError } from './document';

// Readers of an OpenSLO document's untyped fields: each returns the field as its type or throws an
// OpenSloError with the field's path.

export function record(raw: unknown, path: string, fields?: string[]): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new OpenSloError(path || 'document', raw === undefined ? 'is required' : 'must be a mapping');
  }
  const r = raw as Record<string, unknown>;
  if (fields) {
    const unknown = Object.keys(r).find((k) => !fields.includes(k));
    if (unknown !== undefined) {
      throw new OpenSloError(
        path ? `${path}.${unknown}` : unknown,
        `is not supported here (supported: ${fields.join(', ')})`
      );
    }
  }
  return r;
}

export function array(raw: unknown, path: string): unknown[] {
  if (!Array.isArray(raw)) {
    throw new OpenSloError(path, raw === undefined ? 'is required' : 'must be a list');
  }
  return raw;
}

export function string(raw: unknown, path: string): string {
  if (typeof raw !== 'string') {
    throw new OpenSloError(path, raw === undefined ? 'is required' : `must be a string, not ${JSON.stringify(raw)}`);
  }
  return raw;
}

export function number(raw: unknown, path: string): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    throw new OpenSloError(path, raw === undefined ? 'is required' : `must be a number, not ${JSON.stringify(raw)}`);
  }
  return raw;
}
