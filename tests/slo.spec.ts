import { type WireFrame, expect, rows, test } from './fixtures';
import { testIds } from '../src/services/testIds';

const summary = { refId: 'summary', queryType: 'slo', output: 'summary' };
const percent = (value: unknown, decimals: number) => `${(Number(value) * 100).toFixed(decimals)}%`;

/** The number a stat shows, in percent or as a plain figure. */
const shown = (text: string) => Number(text.replace(/[^0-9.\-]/g, ''));

test('SLOs: every SLO shows the SLI and budget left the data source answers', async ({ app, page, queries }) => {
  await app.goto('slos');
  const list = page.getByTestId(testIds.slos.container);
  await expect(list).toBeVisible();
  await queries.settled();
  const [answer] = queries.matching(summary);
  const slos = rows(answer.frames[0] as WireFrame);
  expect(slos.length).toBeGreaterThan(0);
  for (const slo of slos) {
    const row = list.getByRole('row').filter({ has: page.getByRole('link', { name: String(slo.slo), exact: true }) });
    await expect(row).toContainText(percent(slo.sli, 3));
    await expect(row).toContainText(percent(slo.budgetRemaining, 1));
    await expect(row).toContainText(`${Number(slo.burnRate1h).toFixed(2)}x`);
  }
});

test('SLO: the status strip equals the data source answer for that SLO', async ({ app, page, queries }) => {
  await app.goto('slos');
  await expect(page.getByTestId(testIds.slos.container)).toBeVisible();
  await queries.settled();
  const [first] = rows(queries.matching(summary)[0].frames[0]);
  queries.clear();
  await app.goto('slo', { 'var-slo': String(first.slo) });
  const sli = await app.panel('SLI over the window').loaded();
  const budget = await app.panel('Error budget left').loaded();
  await queries.settled();
  const answer = queries.answers.find((a) => a.query.queryType === 'slo' && a.query.output === 'summary')!;
  const [status] = rows(answer.frames[0]);
  expect(shown(await sli.root.innerText())).toBeCloseTo(Number(status.sli) * 100, 1);
  expect(shown(await budget.root.innerText())).toBeCloseTo(Number(status.budgetRemaining) * 100, 0);
});
