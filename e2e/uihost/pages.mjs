// Opens every page of the app and both shipped dashboards in e2e/uihost, in Debian's Chromium:
// writes a 1600×1200 screenshot of each to build/gallery/ and prints how long each took to render
// (from navigation until every panel has answered), the median of --runs visits.
//   node e2e/uihost/pages.mjs [--runs 5] [--demo-functions 1000]
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, 'build/gallery');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '1' },
    'demo-functions': { type: 'string', default: '0' },
    addr: { type: 'string', default: '127.0.0.1:3002' },
  },
});

const app = '/a/seed-serverless-app';
const pages = [
  ['overview', `${app}/overview`],
  ['function', `${app}/function`],
  ['correlate', `${app}/correlate`],
  ['slos', `${app}/slos`],
  ['slo', `${app}/slo`],
  ['alerts', `${app}/alerts`],
  ['dashboard-overview', '/d/serverless-overview'],
  ['dashboard-lambda-function', '/d/serverless-lambda-function'],
];

function startHost() {
  const host = spawn(
    path.join(root, 'build/uihost/uihost'),
    [
      '-addr',
      args.addr,
      '-static',
      'build/uihost',
      '-icons',
      'node_modules/@grafana/ui/dist/public/img/icons',
      '-demo-functions',
      args['demo-functions'],
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }
  );
  return new Promise((resolve, reject) => {
    host.stdout.on('data', (chunk) => String(chunk).includes('listening') && resolve(host));
    host.on('exit', (code) => reject(new Error(`uihost exited with ${code}`)));
  });
}

/** Waits until the page shows content and no panel is loading any more. */
async function rendered(page) {
  await page.waitForSelector('[data-testid^="data-testid Panel header"], [data-testid$="-container"]', {
    timeout: 60_000,
  });
  await page.waitForFunction(
    () => document.querySelectorAll('[aria-label="Panel loading bar"]').length === 0,
    undefined,
    { timeout: 60_000, polling: 50 }
  );
  await page.waitForLoadState('networkidle');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

mkdirSync(out, { recursive: true });
const host = await startHost();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  for (const [name, url] of pages) {
    const times = [];
    for (let run = 0; run < Number(args.runs); run++) {
      const start = Date.now();
      await page.goto(`http://${args.addr}${url}`);
      await rendered(page);
      times.push(Date.now() - start);
    }
    await page.screenshot({ path: path.join(out, `${name}.png`) });
    console.log(`${name.padEnd(28)} median ${String(median(times)).padStart(6)} ms  runs ${times.join(' ')}`);
  }
  if (errors.length) {
    throw new Error(`the pages threw: ${errors.join('; ')}`);
  }
} finally {
  await browser.close();
  host.kill('SIGTERM');
}
