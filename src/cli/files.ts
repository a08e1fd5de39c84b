import { readFileSync } from 'fs';
import { type Document, LineCounter, parseAllDocuments } from 'yaml';

/** A problem the user must fix; the CLI prints its message and exits 1. */
export class CliError extends Error {}

/** One document of a JSON or YAML file (YAML may hold several, separated by ---). */
export interface SourceDocument {
  file: string;
  /** 1-based, for messages about files with several documents. */
  index: number;
  value: unknown;
  /** The line a value at this path starts on. */
  lineOf: (path: Array<string | number>) => number;
}

/** Reads every document of a file; JSON is read as the YAML it also is, so both report lines. */
export function readDocuments(file: string): SourceDocument[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`${file}: cannot read: ${(e as Error).message}`);
  }
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter });
  if (!Array.isArray(docs)) {
    return [];
  }
  return docs.flatMap((doc: Document.Parsed, i) => {
    const error = doc.errors[0];
    if (error) {
      throw new CliError(`${file}: ${error.message}`);
    }
    const value = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) {
      return [];
    }
    return [
      {
        file,
        index: i + 1,
        value,
        lineOf: (path) => {
          const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
          return lineCounter.linePos(node?.range?.[0] ?? doc.contents?.range[0] ?? 0).line;
        },
      },
    ];
  });
}
