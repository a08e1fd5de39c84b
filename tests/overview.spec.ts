import { expect, rows, test, variableValues } from './fixtures';

const inventory = { refId: 'inventory', queryType: 'inventory' };

test.describe('Overview', () => {
  test('shows every function, worst error rate first, with non-zero totals', async ({ app, queries, request }) => {
    const functions = await variableValues(request, { variable: 'functions' });
    await app.goto('overview');
    const table = await app.panel('Functions').loaded();
    await queries.settled();

    const [answer] = queries.matching(inventory);
    const inventoryRows = rows(answer.frames[0]);
    expect(inventoryRows.map((r) => r.function).sort()).toEqual([...functions].sort());
    await expect(table.tableRows.first()).toBeVisible();

    const worst = inventoryRows.reduce((a, b) => (Number(b.errorRate) > Number(a.errorRate) ? b : a));
    await expect(table.tableRows.first()).toContainText(String(worst.function));

    for (const title of ['Invocations', 'Errors', 'Estimated cost']) {
      const stat = await app.panel(title).loaded();
      await expect(stat.root).not.toHaveText(/(^|\s)(0|\$0\.00)\s*$/);
      await expect(stat.root).toContainText(/[1-9]/);
    }
  });

  test('Region, Runtime and Function name narrow the rows to exactly the matching functions', async ({
    app,
    queries,
    request,
  }) => {
    const [region] = await variableValues(request, { variable: 'regions' });
    const inRegion = await variableValues(request, { variable: 'functions', region });
    const [runtime] = await variableValues(request, { variable: 'runtimes', region });

    await app.goto('overview');
    await app.panel('Functions').loaded();
    queries.clear();
    await app.chooseVariable('Region', region);
    await app.panel('Functions').loaded();
    await expect.poll(() => queries.matching({ ...inventory, region }).length).toBeGreaterThan(0);
    await queries.settled();
    const byRegion = rows(queries.matching({ ...inventory, region }).at(-1)!.frames[0]);
    expect(byRegion.map((r) => r.function).sort()).toEqual([...inRegion].sort());

    await app.chooseVariable('Runtime', runtime);
    await expect.poll(() => queries.matching({ ...inventory, region, runtime }).length).toBeGreaterThan(0);
    await queries.settled();
    const byRuntime = rows(queries.matching({ ...inventory, region, runtime }).at(-1)!.frames[0]);
    expect(byRuntime.length).toBeGreaterThan(0);
    expect(byRuntime.every((r) => r.region === region && r.runtime === runtime)).toBe(true);

    const name = String(byRuntime[0].function);
    const pattern = `^${name}$`;
    await app.typeVariable('Function name', pattern);
    const table = await app.panel('Functions').loaded();
    await expect.poll(() => queries.matching({ ...inventory, region, runtime, pattern }).length).toBeGreaterThan(0);
    await queries.settled();
    const byName = rows(queries.matching({ ...inventory, region, runtime, pattern }).at(-1)!.frames[0]);
    expect(byName.map((r) => [r.function, r.region])).toEqual([[name, region]]);
    await expect(table.tableRows).toHaveCount(1);
    await expect(table.tableRows.first()).toContainText(name);
  });

  test('a function links to its page, an error message to Correlate searching for it', async ({ app, page }) => {
    await app.goto('overview');
    const table = await app.panel('Functions').loaded();
    const name = (await table.tableRows.first().getByRole('link').first().textContent())!.trim();
    await table.tableRows.first().getByRole('link', { name }).click();
    await expect(page).toHaveURL(/\/function\?/);
    expect(app.param('var-function')).toBe(name);

    await app.goto('overview');
    const errors = await app.panel('Top errors').loaded();
    // The function's name comes first in a row, then the message.
    const messageLink = errors.tableRows.first().getByRole('link').nth(1);
    const message = (await messageLink.textContent())!.trim();
    // The message cell is cut short; its link is what a user follows.
    await page.goto((await messageLink.getAttribute('href'))!);
    await expect(page).toHaveURL(/\/correlate\?/);
    expect(app.param('var-search')).toBe(message);
  });
});
