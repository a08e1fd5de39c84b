import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { parse, parseAllDocuments } from 'yaml';

import demoSlos from '../../pkg/plugin/demo_slos.json';
import { alertRulesFile } from '../slo/alertRulesFile';
import type { SloSpec } from '../slo/spec';
import type { Dependencies } from './command';
import { run } from './main';

const fixture = (name: string) => path.join(__dirname, 'testdata', name);
const demoFile = path.resolve(__dirname, '../../pkg/plugin/demo_slos.json');

const noAws: Dependencies = {
  now: () => new Date(),
  metricReader: () => Promise.reject(new Error('these tests read no metrics')),
};

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { out: (t) => (stdout += t), err: (t) => (stderr += t) }, noAws);
  return { code, stdout, stderr };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'serverless-slo-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('serverless-slo', () => {
  it('explains itself and each command', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    for (const command of ['validate', 'generate', 'import', 'export', 'status']) {
      expect(help.stdout).toContain(`  ${command} `);
      const own = await cli(command, '--help');
      expect(own.code).toBe(0);
      expect(own.stdout).toMatch(new RegExp(`^Usage: serverless-slo ${command} `));
    }
    expect((await cli()).code).toBe(1);
  });

  it('refuses unknown commands and options, pointing at the usage', async () => {
    expect(await cli('lint')).toMatchObject({ code: 1, stderr: expect.stringContaining('"lint" is not a command') });
    expect(await cli('validate', '--strict', 'x.yaml')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("Unknown option '--strict'"),
    });
    expect(await cli('validate')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('give at least one spec file'),
    });
  });
});

describe('validate', () => {
  it('accepts specs in JSON, YAML lists and documents, and data source provisioning files', async () => {
    const result = await cli('validate', demoFile, fixture('datasource.yaml'));
    expect(result).toEqual({ code: 0, stdout: '5 SLO specs valid in 2 files\n', stderr: '' });
    expect(await cli('validate', fixture('slos.yaml'))).toEqual({
      code: 0,
      stdout: '3 SLO specs valid in 1 file\n',
      stderr: '',
    });
  });

  it('reports every invalid spec with its file, line, place, name and field', async () => {
    const file = fixture('invalid.yaml');
    const result = await cli('validate', file);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      `${file}:1 [0] "checkout-availability": objective: 100 must be a percentage strictly between 0 and 100`,
      `${file}:6 [1] "booking-latency": sli.threshold: a latency SLI needs a positive threshold`,
      `${file}:11 [2] "orders-api": exclusion: is not a field of an SLO spec (fields here: name, service, description, sli, objective, window, budgeting, exclusions, labels, alerting)`,
      `${file}:22 [4] "orders-api": name: "orders-api" is already defined at ${file}:17 [3] "orders-api"`,
      '4 problems; 1 of 5 SLO specs valid',
      '',
    ]);
  });

  it('counts a name defined in two files once too often', async () => {
    const result = await cli('validate', fixture('slos.yaml'), demoFile);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `${demoFile}:2 [0] "checkout-availability": name: "checkout-availability" is already defined at ${fixture('slos.yaml')}:2 [0] "checkout-availability"`
    );
  });

  it('says what is wrong with files that hold no specs', async () => {
    const broken = path.join(dir, 'broken.yaml');
    writeFileSync(broken, 'name: [unclosed\n');
    const result = await cli('validate', broken);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^serverless-slo validate: .*broken\.yaml: .* at line \d+, column \d+/);

    const empty = path.join(dir, 'empty.yaml');
    writeFileSync(empty, '# nothing yet\n');
    expect(await cli('validate', empty)).toMatchObject({
      code: 1,
      stdout: `${empty}: holds no SLO specs\n1 problem; 0 of 0 SLO specs valid\n`,
    });

    const missing = await cli('validate', path.join(dir, 'missing.yaml'));
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('missing.yaml: cannot read: ENOENT') });

    const openslo = await cli('validate', fixture('openslo-sli.yaml'));
    expect(openslo).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('is an OpenSLO document: convert it with `serverless-slo import` first'),
    });
  });
});

describe('generate', () => {
  it('writes the burn-rate rules as the demo generator does, for the given data source', async () => {
    const out = path.join(dir, 'provisioning');
    const result = await cli(
      'generate',
      '--out',
      out,
      '--datasource-uid',
      'serverless-prod',
      '--folder',
      'SLOs',
      demoFile
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('4 SLOs, 16 rules');
    const written = readFileSync(path.join(out, 'alerting', 'slo-burn-rates.yaml'), 'utf8');
    expect(written).toBe(
      alertRulesFile(demoSlos as SloSpec[], {
        datasourceUid: 'serverless-prod',
        folder: 'SLOs',
        source: demoFile,
        command: 'serverless-slo generate',
      })
    );
    const rules = parse(written);
    expect(rules.groups).toHaveLength(4);
    expect(rules.groups[0].rules[0].data[0].datasourceUid).toBe('serverless-prod');
  });

  it('sets the SLOs of a provisioned data source, keeping its comments, and uses its uid', async () => {
    const out = path.join(dir, 'provisioning');
    const result = await cli(
      'generate',
      '--out',
      out,
      '--datasource',
      fixture('datasource.yaml'),
      fixture('slos.yaml')
    );
    expect(result.code).toBe(0);
    const text = readFileSync(path.join(out, 'datasources', 'datasource.yaml'), 'utf8');
    expect(text).toContain('# The Serverless data source reads AWS; its SLOs are provisioned with it.');
    const provisioned = parse(text);
    expect(provisioned.datasources[0]).toEqual({ name: 'CloudWatch', type: 'cloudwatch', uid: 'cw' });
    expect(provisioned.datasources[1].jsonData.mode).toBe('aws');
    expect(provisioned.datasources[1].jsonData.slos.map((s: SloSpec) => s.name)).toEqual([
      'checkout-availability',
      'booking-latency',
      'notifications-freshness',
    ]);
    const rules = parse(readFileSync(path.join(out, 'alerting', 'slo-burn-rates.yaml'), 'utf8'));
    expect(rules.groups[0].rules[0].data[0].datasourceUid).toBe('serverless-prod');
    expect((await cli('validate', path.join(out, 'datasources', 'datasource.yaml'))).code).toBe(0);
  });

  it('writes nothing when a spec is invalid, and needs its options', async () => {
    const out = path.join(dir, 'provisioning');
    const result = await cli('generate', '--out', out, '--datasource-uid', 'x', fixture('invalid.yaml'));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('4 problems; nothing written');
    expect(existsSync(out)).toBe(false);

    expect(await cli('generate', '--datasource-uid', 'x', demoFile)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--out <dir> is required'),
    });
    expect(await cli('generate', '--out', out, demoFile)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('give --datasource-uid <uid> or --datasource <file>'),
    });
    expect(
      await cli(
        'generate',
        '--out',
        out,
        '--datasource',
        fixture('datasource.yaml'),
        '--datasource-uid',
        'cw',
        demoFile
      )
    ).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        'needs exactly one data source that is a seed-serverless-datasource with uid "cw"'
      ),
    });
  });
});

describe('export and import', () => {
  it('gives back the specs after export and import through files', async () => {
    const openslo = path.join(dir, 'slos.openslo.yaml');
    expect(await cli('export', '--out', openslo, fixture('slos.yaml'))).toMatchObject({
      code: 0,
      stdout: `3 SLOs exported to ${openslo}\n`,
    });
    const documents = parseAllDocuments(readFileSync(openslo, 'utf8')) as Array<{ toJS: () => any }>;
    expect(documents.map((d) => [d.toJS().apiVersion, d.toJS().kind, d.toJS().metadata.name])).toEqual([
      ['openslo/v1', 'SLO', 'checkout-availability'],
      ['openslo/v1', 'SLO', 'booking-latency'],
      ['openslo/v1', 'SLO', 'notifications-freshness'],
    ]);

    const back = path.join(dir, 'back.yaml');
    expect(await cli('import', '--out', back, openslo)).toMatchObject({ code: 0, stderr: '' });
    const original = parseAllDocuments(readFileSync(fixture('slos.yaml'), 'utf8')).flatMap((d: any) => d.toJS());
    expect(parse(readFileSync(back, 'utf8'))).toStrictEqual(original);
  });

  it('writes JSON to stdout unless told otherwise', async () => {
    const exported = await cli('export', demoFile);
    const openslo = path.join(dir, 'demo.openslo.yaml');
    writeFileSync(openslo, exported.stdout);
    const imported = await cli('import', openslo);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toStrictEqual(demoSlos);
    expect((await cli('import', '--format', 'yaml', openslo)).stdout).toMatch(/^- name: checkout-availability\n/);
    expect(await cli('import', '--format', 'toml', openslo)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--format must be json or yaml, not "toml"'),
    });
  });

  it('imports OpenSLO lists, references across files and bad/total ratios', async () => {
    const result = await cli('import', fixture('openslo.yaml'), fixture('openslo-sli.yaml'));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toStrictEqual([
      {
        name: 'booking-availability',
        service: 'booking',
        sli: { template: 'apiAvailability', resources: ['booking-http-api'] },
        objective: 99.9,
        window: { rolling: '28d' },
        labels: { team: 'booking' },
      },
    ]);
  });

  it('refuses what specs cannot express and writes nothing', async () => {
    const file = fixture('openslo-unsupported.yaml');
    const out = path.join(dir, 'specs.json');
    const result = await cli('import', '--out', out, file, fixture('openslo-sli.yaml'));
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      `${file}:1: SLO two-objectives: spec.objectives[1]: only one objective per SLO is supported`,
      `${file}:16: SLO prometheus-latency: spec.indicator.spec.ratioMetric.good.metricSource.type: "Prometheus" is not CloudWatch, the only metric source here`,
      '2 problems; nothing written',
      '',
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to export invalid specs', async () => {
    const result = await cli('export', fixture('invalid.yaml'));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('4 problems; nothing written');
  });
});

describe('the bin', () => {
  const bin = path.resolve(__dirname, 'serverless-slo.js');

  it('is what package.json declares, with an npm script', () => {
    const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
    expect(pkg.bin['serverless-slo']).toBe(path.relative(path.resolve(__dirname, '../..'), bin));
    expect(pkg.scripts.slo).toBe(`node ${pkg.bin['serverless-slo']}`);
  });

  it('runs the TypeScript CLI in a fresh node process and exits with its code', () => {
    const valid = spawnSync(process.execPath, [bin, 'validate', demoFile], { encoding: 'utf8', timeout: 60_000 });
    expect(valid.stdout).toBe('4 SLO specs valid in 1 file\n');
    expect(valid.status).toBe(0);
    const invalid = spawnSync(process.execPath, [bin, 'validate', fixture('invalid.yaml')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(invalid.stdout).toContain('4 problems; 1 of 5 SLO specs valid');
    expect(invalid.status).toBe(1);
  });
});
