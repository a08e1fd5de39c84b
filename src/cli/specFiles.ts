import { parseSloSpec } from '../slo/parseSpec';
import type { SloSpec } from '../slo/spec';
import { SloSpecError } from '../slo/validate';
import { readDocuments, type SourceDocument } from './files';

/**
 * SLO specs as the CLI reads them: a JSON or YAML file holding one spec, a list of specs, a
 * data source's jsonData ({ slos: [...] }) or a data source provisioning file whose data sources
 * carry jsonData.slos.
 */
export interface LocatedSpec {
  /** file:line, then where in the file and the spec's name: for messages. */
  where: string;
  raw: unknown;
}

export interface LoadedSpecs {
  valid: Array<{ spec: SloSpec; where: string }>;
  /** Every spec or file that is wrong, one line each. */
  problems: string[];
  /** How many specs were found, valid or not. */
  found: number;
}

export function loadSpecs(files: string[]): LoadedSpecs {
  const result: LoadedSpecs = { valid: [], problems: [], found: 0 };
  const seen = new Map<string, string>();
  for (const file of files) {
    const documents = readDocuments(file);
    if (documents.length === 0) {
      result.problems.push(`${file}: holds no SLO specs`);
    }
    for (const doc of documents) {
      let located: LocatedSpec[];
      try {
        located = specsOf(doc);
      } catch (e) {
        if (e instanceof NotSpecs) {
          result.problems.push(`${file}${doc.index > 1 ? ` (document ${doc.index})` : ''}: ${e.message}`);
          continue;
        }
        throw e;
      }
      for (const { where, raw } of located) {
        result.found++;
        try {
          const spec = parseSloSpec(raw);
          const first = seen.get(spec.name);
          if (first !== undefined) {
            throw new SloSpecError('name', `"${spec.name}" is already defined at ${first}`);
          }
          seen.set(spec.name, where);
          result.valid.push({ spec, where });
        } catch (e) {
          if (!(e instanceof SloSpecError)) {
            throw e;
          }
          result.problems.push(`${where}: ${e.message}`);
        }
      }
    }
  }
  return result;
}

class NotSpecs extends Error {}

function specsOf(doc: SourceDocument): LocatedSpec[] {
  const value = doc.value;
  const at = (path: Array<string | number>, raw: unknown): LocatedSpec => {
    const pointer = path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
      .join('')
      .replace(/^\./, '');
    const name = (raw as { name?: unknown } | null)?.name;
    const label = [pointer, typeof name === 'string' ? `"${name}"` : ''].filter(Boolean).join(' ');
    return { where: `${doc.file}:${doc.lineOf(path)}${label ? ` ${label}` : ''}`, raw };
  };
  const list = (items: unknown[], path: Array<string | number>) => items.map((raw, i) => at([...path, i], raw));

  if (Array.isArray(value)) {
    return list(value, []);
  }
  if (typeof value !== 'object' || value === null) {
    throw new NotSpecs('is not an SLO spec, a list of specs, jsonData with slos, or a data source provisioning file');
  }
  const record = value as Record<string, unknown>;
  if (typeof record.apiVersion === 'string' && record.apiVersion.startsWith('openslo/')) {
    throw new NotSpecs('is an OpenSLO document: convert it with `serverless-slo import` first');
  }
  if (Array.isArray(record.datasources)) {
    const specs = record.datasources.flatMap((ds, i) => {
      const slos = (ds as { jsonData?: { slos?: unknown } } | null)?.jsonData?.slos;
      return Array.isArray(slos) ? list(slos, ['datasources', i, 'jsonData', 'slos']) : [];
    });
    if (specs.length === 0) {
      throw new NotSpecs('no data source in this provisioning file has jsonData.slos');
    }
    return specs;
  }
  if (Array.isArray(record.slos)) {
    return list(record.slos, ['slos']);
  }
  return [at([], value)];
}
