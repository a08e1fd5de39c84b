import { selectors } from '@grafana/e2e-selectors';

import { type QueryAnswer, expect, rows, test, variableValues } from './fixtures';
import { testIds } from '../src/services/testIds';

/** The names of the functions a metrics answer's series belong to. */
function seriesFunctions(answers: QueryAnswer[]): string[] {
  return answers
    .filter((a) => a.query.queryType === 'metrics' && a.query.resourceKind === 'lambda')
    .flatMap((a) =>
      a.frames.flatMap((f) => f.schema.fields.map((field) => field.labels?.FunctionName ?? field.labels?.function))
    )
    .filter((name): name is string => name !== undefined);
}

for (const route of ['function', 'correlate']) {
  test.describe(`${route} page`, () => {
    test('with every region choice, the picker has a function and every series belongs to it', async ({
      app,
      page,
      queries,
      request,
    }) => {
      // All, and a region whose functions are not the first ones of All.
      const regions = await variableValues(request, { variable: 'regions' });
      for (const region of ['*', regions.at(-1)!]) {
        queries.clear();
        await app.goto(route, region === '*' ? {} : { 'var-region': region });
        await app.panel(route === 'function' ? 'Invocations and errors' : 'Errors').loaded();
        await expect.poll(() => app.param('var-function') ?? '').not.toBe('');
        const chosen = app.param('var-function')!;
        const offered = await variableValues(request, { variable: 'functions', region: region === '*' ? '' : region });
        expect(offered).toContain(chosen);
        await expect(
          page.getByTestId(selectors.pages.Dashboard.SubMenu.submenuItemLabels('Function')).locator('..')
        ).toContainText(chosen);
        await queries.settled();
        const names = seriesFunctions(queries.answers);
        expect(names.length, `series on the ${route} page for region ${region}`).toBeGreaterThan(0);
        expect(new Set(names)).toEqual(new Set([chosen]));
      }
    });
  });
}

test('Correlate: selecting a range on a chart narrows the logs to it', async ({ app, page, queries }) => {
  await app.goto('correlate');
  const chart = await app.panel('Errors').loaded();
  await app.panel('Logs').loaded();
  await queries.settled();
  queries.clear();

  const box = (await chart.plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();

  await expect.poll(() => queries.matching({ refId: 'logs', queryType: 'logs' }).length).toBeGreaterThan(0);
  // Scenes writes an absolute range as epoch milliseconds or as an ISO time.
  const instant = (value: string | null) => (/^\d+$/.test(value ?? '') ? Number(value) : Date.parse(value ?? ''));
  const from = instant(app.param('from'));
  const to = instant(app.param('to'));
  expect(to - from).toBeGreaterThan(0);
  expect(to - from).toBeLessThan(3 * 3600 * 1000 * 0.3);
  await queries.settled();
  const [logs] = queries.matching({ refId: 'logs', queryType: 'logs' });
  const times = logs.frames.flatMap((f) => rows(f).map((r) => Number(r.timestamp ?? r.time ?? r.Time)));
  expect(times.every((t) => Number.isNaN(t) || (t >= from && t <= to))).toBe(true);
});

test('Correlate: Open in Explore carries the metrics and the logs queries', async ({ app, page }) => {
  await app.goto('correlate');
  await app.panel('Errors').loaded();
  const chosen = app.param('var-function')!;
  const href = await page.getByTestId(testIds.correlate.openInExplore).getAttribute('href');
  const panes = JSON.parse(new URL(href!, page.url()).searchParams.get('panes')!);
  expect(panes.metrics.queries.map((q: { metric: string }) => q.metric)).toEqual(['Errors', 'Duration']);
  expect(panes.logs.queries[0]).toMatchObject({ queryType: 'logs', names: [chosen] });
  for (const q of panes.metrics.queries) {
    expect(q.names).toEqual([chosen]);
  }
});
