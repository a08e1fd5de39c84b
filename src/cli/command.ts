import { parseArgs, type ParseArgsConfig } from 'util';

import type { MetricReader, ReaderOptions } from './metricReader';

/** Where a command writes; the real process, or a buffer in tests. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** What commands get from outside, replaceable in tests. */
export interface Dependencies {
  now: () => Date;
  metricReader: (options: ReaderOptions) => Promise<MetricReader>;
}

export interface Command {
  name: string;
  summary: string;
  /** The whole --help text. */
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run: (args: ParsedArgs, io: Io, deps: Dependencies) => Promise<number>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export const EXIT_OK = 0;
/** Invalid input, a failed read, a usage mistake. */
export const EXIT_ERROR = 1;
/** status only: an SLO's remaining budget is below the floor. */
export const EXIT_BELOW_FLOOR = 2;

export class UsageError extends Error {}

export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The files a command reads: at least one. */
export function requireFiles(args: ParsedArgs, what: string): string[] {
  if (args.positionals.length === 0) {
    throw new UsageError(`give at least one ${what} file`);
  }
  return args.positionals;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
