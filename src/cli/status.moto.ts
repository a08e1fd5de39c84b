// serverless-slo status against a real CloudWatch API: moto's server, started here on a free port.
// Run with `npm run test:cli`, which installs moto into .tools/venv first (scripts/moto.sh).
import { type ChildProcess, spawn, spawnSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';

import type { SloSpec } from '../slo/spec';

const root = path.resolve(__dirname, '../..');
const motoServer = path.join(root, '.tools', 'venv', 'bin', 'moto_server');
const bin = path.join(__dirname, 'serverless-slo.js');
const STARTUP_MS = 30_000;
const SHUTDOWN_MS = 5_000;
const CLI_MS = 60_000;

jest.setTimeout(120_000);

let moto: ChildProcess | undefined;
let motoLog = '';
let endpoint = '';
let dir = '';

/** Credentials moto accepts, and none of the machine's own AWS configuration. */
const awsEnv = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: 'us-east-1',
  AWS_PROFILE: '',
  AWS_CONFIG_FILE: '/nonexistent',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function startMoto(): Promise<void> {
  if (!existsSync(motoServer)) {
    throw new Error(
      `moto_server is not at ${motoServer}: run scripts/moto.sh (it installs moto[server] into .tools/venv with python3), or npm run test:cli, which does`
    );
  }
  const port = await freePort();
  moto = spawn(motoServer, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  moto.stdout!.on('data', (d) => (motoLog += d));
  moto.stderr!.on('data', (d) => (motoLog += d));
  const deadline = Date.now() + STARTUP_MS;
  while (!(await accepts(port))) {
    if (moto.exitCode !== null || Date.now() > deadline) {
      throw new Error(`moto_server did not start on port ${port} within ${STARTUP_MS / 1000}s:\n${motoLog}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  endpoint = `http://127.0.0.1:${port}`;
}

async function stopMoto(): Promise<void> {
  const server = moto;
  if (!server || server.exitCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), SHUTDOWN_MS);
  await exited;
  clearTimeout(timer);
}

interface Datum {
  namespace: string;
  metric: string;
  dimension: [string, string];
  minutesAgo: number;
  value: number;
}

/** PutMetricData with the AWS SDK in a plain node process, as an application would publish them. */
function putMetricData(data: Datum[]): void {
  const script = `
    const { CloudWatchClient, PutMetricDataCommand } = require('@aws-sdk/client-cloudwatch');
    const [endpoint, json] = process.argv.slice(1);
    const client = new CloudWatchClient({ endpoint });
    const byNamespace = {};
    for (const d of JSON.parse(json)) {
      (byNamespace[d.namespace] ??= []).push({
        MetricName: d.metric,
        Dimensions: [{ Name: d.dimension[0], Value: d.dimension[1] }],
        Timestamp: new Date(Date.now() - d.minutesAgo * 60000),
        Value: d.value,
      });
    }
    Promise.all(Object.entries(byNamespace).map(([Namespace, MetricData]) =>
      client.send(new PutMetricDataCommand({ Namespace, MetricData }))
    )).catch((e) => { console.error(e); process.exit(1); });
  `;
  const result = spawnSync(process.execPath, ['-e', script, endpoint, JSON.stringify(data)], {
    cwd: root,
    env: awsEnv,
    encoding: 'utf8',
    timeout: CLI_MS,
  });
  if (result.status !== 0) {
    throw new Error(`PutMetricData failed: ${result.stderr}${result.error ?? ''}`);
  }
}

function cli(...args: string[]) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    env: awsEnv,
    encoding: 'utf8',
    timeout: CLI_MS,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

const lambda = (fn: string, metric: string, minutesAgo: number, value: number): Datum => ({
  namespace: 'AWS/Lambda',
  metric,
  dimension: ['FunctionName', fn],
  minutesAgo,
  value,
});

const slo = (name: string, sli: SloSpec['sli'], objective: number, window: SloSpec['window']): SloSpec => ({
  name,
  service: 'shop',
  sli,
  objective,
  window,
});

const healthy = [
  slo('checkout', { template: 'functionAvailability', resources: ['checkout-fn'] }, 99.5, { rolling: '30d' }),
  slo('booking', { template: 'apiAvailability', resources: ['booking-api'] }, 99, { rolling: '7d' }),
  slo('orders-queue', { template: 'queueFreshness', resources: ['orders'], threshold: 300 }, 80, { rolling: '7d' }),
];
const burned = slo('payments', { template: 'functionAvailability', resources: ['payments-fn'] }, 99, {
  rolling: '7d',
});

function specFile(name: string, specs: SloSpec[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(specs, null, 2));
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'serverless-slo-moto-'));
  await startMoto();
  const queueMinutes = Array.from({ length: 20 }, (_, i) => i + 2);
  putMetricData([
    lambda('checkout-fn', 'Invocations', 5 * 60, 100_000),
    lambda('checkout-fn', 'Errors', 5 * 60, 10),
    lambda('checkout-fn', 'Invocations', 10, 1000),
    lambda('payments-fn', 'Invocations', 30, 1000),
    lambda('payments-fn', 'Errors', 30, 100),
    {
      namespace: 'AWS/ApiGateway',
      metric: 'Count',
      dimension: ['ApiName', 'booking-api'],
      minutesAgo: 120,
      value: 5000,
    },
    {
      namespace: 'AWS/ApiGateway',
      metric: '5XXError',
      dimension: ['ApiName', 'booking-api'],
      minutesAgo: 120,
      value: 5,
    },
    // Twenty minutes of queue ages, one of them over the five-minute threshold.
    ...queueMinutes.map((m, i) => ({
      namespace: 'AWS/SQS',
      metric: 'ApproximateAgeOfOldestMessage',
      dimension: ['QueueName', 'orders'] as [string, string],
      minutesAgo: m,
      value: i === 7 ? 900 : 60 + i,
    })),
  ]);
});

afterAll(async () => {
  await stopMoto();
  rmSync(dir, { recursive: true, force: true });
});

describe('serverless-slo status against moto', () => {
  it('prints SLI, budget left and burn rate per SLO, and exits 2 when one is below the floor', () => {
    const file = specFile('slos.json', [...healthy, burned]);
    const result = cli('status', '--floor', '50', '--region', 'us-east-1', '--endpoint', endpoint, file);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('SLO           SLI      OBJECTIVE  BUDGET LEFT  BURN 1H  EVENTS  STATUS');
    expect(lines.slice(1, 5)).toEqual([
      'checkout      99.990%  99.5%      98.0%        0.00     101000  ok',
      'booking       99.900%  99%        90.0%        0.00     5000    ok',
      'orders-queue  95.000%  80%        75.0%        0.25     20      ok',
      'payments      90.000%  99%        -900.0%      10.00    1000    BELOW FLOOR',
    ]);
    expect(lines[5]).toBe('1 SLO below the 50% error budget floor: payments');
    expect(result.code).toBe(2);
  });

  it('exits 0 when every SLO keeps the floor', () => {
    const result = cli('status', '--floor', '50', '--endpoint', endpoint, specFile('healthy.json', healthy));
    expect(result.stdout).toContain('3 SLOs at or above the 50% error budget floor');
    expect(result.code).toBe(0);
  });

  it('exits 1, within seconds, when CloudWatch cannot be reached', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const result = cli('status', '--floor', '50', '--endpoint', closed, specFile('one.json', [burned]));
    expect(result.stderr).toContain('payments: reading CloudWatch failed:');
    expect(result.stderr).toContain('ECONNREFUSED');
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(CLI_MS);
  });
});
