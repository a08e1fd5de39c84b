import type { APIRequestContext } from '@playwright/test';

import { expect, test } from './fixtures';
import { testIds } from '../src/services/testIds';

interface StoredRule {
  uid: string;
  title: string;
  updated?: string;
  id?: number;
}

/** The rules Grafana keeps, without the fields every write stamps. */
async function storedRules(request: APIRequestContext) {
  const response = await request.get('/api/v1/provisioning/alert-rules');
  expect(response.ok()).toBe(true);
  const all = (await response.json()) as StoredRule[];
  return all.map(({ updated: _updated, id: _id, ...rule }) => rule).sort((a, b) => a.uid.localeCompare(b.uid));
}

test('Alerts: installing creates the provided rules, installing again changes nothing, states show', async ({
  app,
  page,
  request,
}) => {
  await app.goto('alerts');
  const container = page.getByTestId(testIds.alerts.container);
  await expect(container).toBeVisible();
  const provided = await container.getByRole('row').count();
  expect(provided).toBeGreaterThan(1);

  await page.getByTestId(testIds.alerts.install).click();
  await expect(container).not.toContainText('not installed', { timeout: 30_000 });
  const afterFirst = await storedRules(request);
  expect(afterFirst.length).toBeGreaterThanOrEqual(provided - 1);

  await page.getByTestId(testIds.alerts.install).click();
  await expect(page.getByTestId(testIds.alerts.install)).toBeEnabled({ timeout: 30_000 });
  expect(await storedRules(request)).toEqual(afterFirst);
  await expect(container.getByRole('row').nth(1)).toContainText(/normal|inactive|firing|pending|no data/i);
});
