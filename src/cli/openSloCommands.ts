import { mkdirSync, writeFileSync } from 'fs';
import path from 'path';
import { stringify } from 'yaml';

import { fromOpenSlo, type OpenSloInput, toOpenSlo } from '../slo/openslo';
import { SloSpecError } from '../slo/validate';
import { type Command, EXIT_ERROR, EXIT_OK, type Io, plural, requireFiles, UsageError } from './command';
import { readDocuments } from './files';
import { loadSpecs } from './specFiles';

const MAPPING = `Mapping: each SLO has its SLI inline, a ratioMetric of good and total events whose metric
sources are type CloudWatch with metricQueries: one metricStat per resource and metric (namespace,
metricName, dimensions, period 60, stat) and one metric math expression (FILL, IF, + - * /)
returning the events. functionAvailability reads AWS/Lambda Invocations, Errors and Throttles by
FunctionName; apiAvailability AWS/ApiGateway Count and 5XXError by ApiName, or Count and 5xx by
ApiId; latency PR(:threshold) and SampleCount of AWS/Lambda Duration (FunctionName) or
AWS/ApiGateway Latency (ApiName or ApiId); queueFreshness the Maximum and SampleCount of AWS/SQS
ApproximateAgeOfOldestMessage by QueueName, per minute. The objective is targetPercent; rolling
windows keep their duration; calendar windows are 1w (from Monday) or 1M, UTC. Timeslices budgeting
uses one-minute slices whose target is the objective. Exclusions, alerting.minEvents and
alerting.runbookUrl travel as seed-serverless-app/* annotations.`;

export const importCommand: Command = {
  name: 'import',
  summary: 'convert OpenSLO v1 files to SLO specs',
  help: `Usage: serverless-slo import [--out <file>] [--format json|yaml] <openslo files…>

Reads OpenSLO v1 documents (apiVersion openslo/v1; kinds SLO, SLI, DataSource and Service; YAML
streams or lists) and writes the SLOs as a list of specs, validated. An SLO's indicator may be
inline or an indicatorRef to an SLI in any of the files. A good or bad and a total metric source
may be one CloudWatch metric (namespace, metricName, stat, dimensions) or metricQueries; the
metrics decide the SLI template, and their arithmetic must count the template's events.

What a spec cannot express is refused, naming the field: more than one objective, thresholdMetric
or raw ratios, alert policies, non-CloudWatch sources, metrics no template reads, calendar windows
other than a UTC week or month. Display names and other tools' annotations are dropped with a
warning on stderr.

Options:
  --out <file>          write the specs here instead of to stdout
  --format json|yaml    the output format (default: from --out's extension, else json)

Exits 0 when every SLO converts, 1 otherwise (and writes nothing).

${MAPPING}`,
  options: { out: { type: 'string' }, format: { type: 'string' } },
  async run(args, io) {
    const files = requireFiles(args, 'OpenSLO');
    const out = args.values.out as string | undefined;
    const format = (args.values.format as string | undefined) ?? (out && /\.ya?ml$/.test(out) ? 'yaml' : 'json');
    if (format !== 'json' && format !== 'yaml') {
      throw new UsageError(`--format must be json or yaml, not "${format}"`);
    }
    const inputs: OpenSloInput[] = files.flatMap((file) =>
      readDocuments(file).flatMap((doc) => {
        const where = `${file}:${doc.lineOf([])}`;
        return Array.isArray(doc.value)
          ? doc.value.map((document, i) => ({ document, where: `${file}:${doc.lineOf([i])}` }))
          : [{ document: doc.value, where }];
      })
    );
    const { specs, warnings, errors } = fromOpenSlo(inputs);
    warnings.forEach((w) => io.err(`warning: ${w}\n`));
    const seen = new Map<string, string>();
    for (const { spec, where } of specs) {
      const first = seen.get(spec.name);
      if (first !== undefined) {
        errors.push(`${where}: SLO ${spec.name}: metadata.name: "${spec.name}" is already defined at ${first}`);
      }
      seen.set(spec.name, where);
    }
    if (errors.length > 0) {
      errors.forEach((e) => io.out(`${e}\n`));
      io.out(`${plural(errors.length, 'problem')}; nothing written\n`);
      return EXIT_ERROR;
    }
    if (specs.length === 0) {
      io.out('no SLO documents found; nothing written\n');
      return EXIT_ERROR;
    }
    const list = specs.map((s) => s.spec);
    const text = format === 'yaml' ? stringify(list, { lineWidth: 0 }) : `${JSON.stringify(list, null, 2)}\n`;
    emit(text, out, io, `${plural(list.length, 'SLO')} imported`);
    return EXIT_OK;
  },
};

export const exportCommand: Command = {
  name: 'export',
  summary: 'convert SLO specs to OpenSLO v1',
  help: `Usage: serverless-slo export [--out <file>] <spec files…>

Validates the specs (as validate does) and writes them as OpenSLO v1 SLO documents, one YAML
document each. import reads them back to the same specs.

Options:
  --out <file>   write here instead of to stdout

${MAPPING}`,
  options: { out: { type: 'string' } },
  async run(args, io) {
    const files = requireFiles(args, 'spec');
    const { valid, problems } = loadSpecs(files);
    const documents: string[] = [];
    for (const { spec, where } of valid) {
      try {
        documents.push(`---\n${stringify(toOpenSlo(spec), { lineWidth: 0 })}`);
      } catch (e) {
        if (!(e instanceof SloSpecError)) {
          throw e;
        }
        problems.push(`${where}: ${e.message}`);
      }
    }
    if (problems.length > 0) {
      problems.forEach((p) => io.out(`${p}\n`));
      io.out(`${plural(problems.length, 'problem')}; nothing written\n`);
      return EXIT_ERROR;
    }
    emit(documents.join(''), args.values.out as string | undefined, io, `${plural(documents.length, 'SLO')} exported`);
    return EXIT_OK;
  },
};

function emit(text: string, out: string | undefined, io: Io, summary: string): void {
  if (out === undefined) {
    io.out(text);
    return;
  }
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  writeFileSync(out, text);
  io.out(`${summary} to ${out}\n`);
}
