// Renders the component gallery in Debian's Chromium and saves a screenshot: npm run screenshots.
import { chromium } from 'playwright-core';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '../../build/gallery');
mkdirSync(out, { recursive: true });
copyFileSync(path.join(here, 'index.html'), path.join(out, 'index.html'));

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`file://${path.join(out, 'index.html')}`);
  await page.waitForSelector('text=Data source settings, AWS mode', { timeout: 15000 });
  await page.screenshot({ path: path.join(out, 'components.png'), fullPage: true });
  if (errors.length) {
    throw new Error(`the page threw: ${errors.join('; ')}`);
  }
  console.log(path.join(out, 'components.png'));
} finally {
  await browser.close();
}
