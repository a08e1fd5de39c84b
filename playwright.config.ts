import type { PluginOptions } from '@grafana/plugin-e2e';
import { defineConfig } from '@playwright/test';
import { dirname } from 'node:path';

/**
 * One suite, two hosts. With GRAFANA_URL the specs run against a real Grafana (`docker compose up`),
 * logged in by @grafana/plugin-e2e's auth project; without it they run against e2e/uihost, the
 * Grafana-shaped host that serves the built app and forwards data source calls to the built plugin
 * binary over the plugin protocol (`npm run e2e:host`).
 */
const grafanaUrl = process.env.GRAFANA_URL;
const uihostAddr = process.env.UIHOST_ADDR ?? '127.0.0.1:3001';

// Debian's Chromium: never a downloaded browser.
const chromium = {
  viewport: { width: 1600, height: 1200 },
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  },
};

export default defineConfig<PluginOptions>({
  testDir: './tests',
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Two cores here: one page at a time keeps render times honest.
  workers: grafanaUrl ? undefined : 1,
  // Generous: a loaded two-core machine renders slowly. Render times are measured, and reported,
  // by e2e/uihost/pages.mjs, not asserted here.
  timeout: 180_000,
  expect: { timeout: 45_000 },
  reporter: [['list']],
  use: { baseURL: grafanaUrl ?? `http://${uihostAddr}`, trace: 'retain-on-failure', ...chromium },
  webServer: grafanaUrl
    ? undefined
    : {
        command: `build/uihost/uihost -addr ${uihostAddr} -static build/uihost -icons node_modules/@grafana/ui/dist/public/img/icons -demo-functions ${process.env.DEMO_FUNCTIONS ?? 0}`,
        url: `http://${uihostAddr}/api/health`,
        reuseExistingServer: !process.env.CI,
        stdout: 'ignore',
        stderr: 'pipe',
        timeout: 60_000,
      },
  projects: grafanaUrl
    ? [
        { name: 'auth', testDir: `${dirname(require.resolve('@grafana/plugin-e2e'))}/auth`, testMatch: [/.*\.js/] },
        {
          name: 'grafana',
          use: { ...chromium, storageState: 'playwright/.auth/admin.json' },
          dependencies: ['auth'],
        },
      ]
    : [{ name: 'uihost', use: chromium }],
});
