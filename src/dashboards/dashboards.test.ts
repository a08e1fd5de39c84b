import { queryProblem } from '../datasource/catalog';
import type { ServerlessQuery } from '../datasource/types';
import appManifest from '../plugin.json';
import lambdaFunction from './lambda-function.json';
import serverlessOverview from './serverless-overview.json';

const DATASOURCE = { type: 'seed-serverless-datasource', uid: '${datasource}' };

interface Dashboard {
  uid: string;
  templating: { list: Array<{ name: string; type: string; query: unknown; datasource?: unknown }> };
  annotations: { list: Array<{ datasource: unknown; target: ServerlessQuery }> };
  panels: Array<{ title: string; datasource: unknown; targets: ServerlessQuery[] }>;
}

const dashboards: Array<[string, Dashboard]> = [
  ['dashboards/serverless-overview.json', serverlessOverview as unknown as Dashboard],
  ['dashboards/lambda-function.json', lambdaFunction as unknown as Dashboard],
];

describe.each(dashboards)('%s', (path, dashboard) => {
  it('is shipped in the app, so Grafana imports it when the app is enabled', () => {
    expect(appManifest.includes).toContainEqual(expect.objectContaining({ type: 'dashboard', path }));
  });

  it('reads our data source through a data source variable, whatever its uid', () => {
    expect(dashboard.templating.list[0]).toMatchObject({
      name: 'datasource',
      type: 'datasource',
      query: 'seed-serverless-datasource',
    });
    for (const panel of dashboard.panels) {
      expect(panel.datasource).toEqual(DATASOURCE);
      for (const target of panel.targets) {
        expect((target as unknown as { datasource: unknown }).datasource).toEqual(DATASOURCE);
      }
    }
  });

  it.each(dashboard.panels.map((p) => [p.title, p]))(
    'panel "%s" runs only queries the back end accepts',
    (_, panel) => {
      const { targets } = panel as Dashboard['panels'][number];
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets) {
        expect(queryProblem(target)).toBeUndefined();
      }
    }
  );

  it('uses only variables it defines', () => {
    const defined = new Set(dashboard.templating.list.map((v) => v.name));
    const used =
      JSON.stringify([dashboard.panels, dashboard.annotations, dashboard.templating]).match(/\$(\w+)/g) ?? [];
    for (const variable of used) {
      expect(defined).toContain(variable.slice(1));
    }
  });

  it('marks deployments', () => {
    expect(dashboard.annotations.list[0].target).toMatchObject({ queryType: 'annotations' });
  });
});

it('gives every dashboard its own stable uid', () => {
  const uids = dashboards.map(([, d]) => d.uid);
  expect(new Set(uids).size).toBe(uids.length);
  expect(uids).toEqual(['serverless-overview', 'serverless-lambda-function']);
});
