import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import path from 'path';
import { isMap, isSeq, parseDocument } from 'yaml';

import { alertRulesFile, type RulesFileOptions } from '../slo/alertRulesFile';
import { tiers } from '../slo/burnRate';
import type { SloSpec } from '../slo/spec';
import { type Command, EXIT_ERROR, EXIT_OK, plural, requireFiles, UsageError } from './command';
import { CliError } from './files';
import { loadSpecs } from './specFiles';

const DATASOURCE_TYPE = 'seed-serverless-datasource';
/** The rules file's name under <out>/alerting, as the demo provisioning names it. */
export const RULES_FILE_NAME = 'slo-burn-rates.yaml';

/** Writes the burn-rate rules file, creating its folder; npm run generate:alerts shares it. */
export function writeAlertRules(target: string, specs: SloSpec[], options: RulesFileOptions): void {
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, alertRulesFile(specs, options));
}

export const generateCommand: Command = {
  name: 'generate',
  summary: 'write Grafana alerting (and data source) provisioning files from SLO specs',
  help: `Usage: serverless-slo generate --out <dir> [--datasource-uid <uid> | --datasource <file>]
                              [--folder <name>] <spec files…>

Validates the specs (as validate does; nothing is written when one is invalid) and writes
<dir>/alerting/${RULES_FILE_NAME}: Grafana-managed multi-window, multi-burn-rate alert rules, one
group per SLO, querying the data source that holds the SLOs.

Options:
  --out <dir>              the provisioning folder to write into (created if missing)
  --datasource-uid <uid>   the uid of the ${DATASOURCE_TYPE} that holds these SLOs
  --datasource <file>      a data source provisioning file: its ${DATASOURCE_TYPE} (the one with
                           --datasource-uid, if several) gets jsonData.slos set to the specs, and is
                           written to <dir>/datasources/<file name>, comments kept; its uid is used
                           for the rules
  --folder <name>          the Grafana folder of the rules (default "Serverless SLOs")

Example:
  serverless-slo generate --out provisioning --datasource provisioning/datasources/serverless.yaml slos/*.yaml`,
  options: {
    out: { type: 'string' },
    'datasource-uid': { type: 'string' },
    datasource: { type: 'string' },
    folder: { type: 'string' },
  },
  async run(args, io) {
    const out = args.values.out as string | undefined;
    if (!out) {
      throw new UsageError('--out <dir> is required');
    }
    const datasourceFile = args.values.datasource as string | undefined;
    let uid = args.values['datasource-uid'] as string | undefined;
    if (!uid && !datasourceFile) {
      throw new UsageError(
        'give --datasource-uid <uid> or --datasource <file>: the rules query the data source holding the SLOs'
      );
    }
    const files = requireFiles(args, 'spec');
    const { valid, problems } = loadSpecs(files);
    if (problems.length > 0) {
      problems.forEach((p) => io.out(`${p}\n`));
      io.out(`${plural(problems.length, 'problem')}; nothing written\n`);
      return EXIT_ERROR;
    }
    const specs = valid.map((v) => v.spec);
    if (datasourceFile) {
      const target = path.join(out, 'datasources', path.basename(datasourceFile));
      uid = writeDatasourceFile(datasourceFile, target, specs, uid);
      io.out(`${target}\n`);
    }
    const rules = path.join(out, 'alerting', RULES_FILE_NAME);
    writeAlertRules(rules, specs, {
      datasourceUid: uid!,
      folder: (args.values.folder as string | undefined) ?? 'Serverless SLOs',
      source: files.join(', '),
      command: 'serverless-slo generate',
    });
    io.out(`${rules}\n${plural(specs.length, 'SLO')}, ${plural(specs.length * tiers.length, 'rule')}\n`);
    return EXIT_OK;
  },
};

/** Sets jsonData.slos of the file's data source of our type and writes it; returns its uid. */
function writeDatasourceFile(source: string, target: string, specs: SloSpec[], uid: string | undefined): string {
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (e) {
    throw new CliError(`${source}: cannot read: ${(e as Error).message}`);
  }
  const doc = parseDocument(text);
  if (doc.errors[0]) {
    throw new CliError(`${source}: ${doc.errors[0].message}`);
  }
  const datasources = doc.get('datasources');
  const candidates = isSeq(datasources)
    ? datasources.items.flatMap((item, i) =>
        isMap(item) && item.get('type') === DATASOURCE_TYPE && (uid === undefined || item.get('uid') === uid)
          ? [{ i, uid: item.get('uid') }]
          : []
      )
    : [];
  const wanted = uid === undefined ? `a ${DATASOURCE_TYPE}` : `a ${DATASOURCE_TYPE} with uid "${uid}"`;
  if (candidates.length !== 1) {
    throw new CliError(
      `${source}: needs exactly one data source that is ${wanted} under datasources; found ${candidates.length}${uid === undefined && candidates.length > 1 ? ' (pick one with --datasource-uid)' : ''}`
    );
  }
  const [{ i, uid: found }] = candidates;
  if (typeof found !== 'string' || found === '') {
    throw new CliError(`${source}: datasources[${i}] needs a uid for the alert rules to query it`);
  }
  doc.setIn(['datasources', i, 'jsonData', 'slos'], doc.createNode(specs));
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, doc.toString({ lineWidth: 0 }));
  return found;
}
