import { expect, rows, test } from './fixtures';
import lambdaFunction from '../src/dashboards/lambda-function.json';
import serverlessOverview from '../src/dashboards/serverless-overview.json';

for (const dashboard of [serverlessOverview, lambdaFunction]) {
  test(`dashboard ${dashboard.title}: every panel has data`, async ({ app, page, queries }) => {
    await page.goto(`/d/${dashboard.uid}`);
    for (const panel of dashboard.panels) {
      await app.panel(panel.title).loaded();
    }
    await queries.settled();
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) {
        const answers = queries.answers.filter(
          (a) => a.query.refId === target.refId && a.query.queryType === target.queryType
        );
        expect(answers.length, `${panel.title} ${target.refId} was asked`).toBeGreaterThan(0);
        const withRows = answers.at(-1)!.frames.filter((f) => rows(f).length > 0);
        expect(withRows.length, `${panel.title} ${target.refId} has data`).toBeGreaterThan(0);
      }
    }
  });
}
