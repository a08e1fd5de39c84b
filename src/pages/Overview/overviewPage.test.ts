import {
  CustomVariable,
  QueryVariable,
  type SceneObject,
  SceneQueryRunner,
  SceneVariableSet,
  TextBoxVariable,
  VizPanel,
  sceneGraph,
} from '@grafana/scenes';

import { recordingBackend, waitUntil } from '../../test/recordingBackend';

import { overviewScene } from './overviewPage';
import { ALL_VALUE } from '../../services/queries';

function panels() {
  const scene = overviewScene('serverless-demo');
  const found = sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[];
  return { scene, found };
}

function queriesOf(panel: VizPanel) {
  const data = sceneGraph.getData(panel);
  const runner = data instanceof SceneQueryRunner ? data : undefined;
  return runner?.state.queries ?? [];
}

describe('overview scene', () => {
  it('has the totals, the inventory, the service map and the top errors', () => {
    expect(panels().found.map((p) => p.state.title)).toEqual([
      'Invocations',
      'Errors',
      'Throttles',
      'Estimated cost',
      'Functions',
      'Service map',
      'Top errors',
    ]);
  });

  it('reads the inventory once for the totals and the table', () => {
    const { found } = panels();
    const inventoryRunners = new Set(
      found.filter((p) => queriesOf(p)[0]?.queryType === 'inventory').map((p) => sceneGraph.getData(p))
    );
    expect(inventoryRunners.size).toBe(1);
    expect(queriesOf(found[4])).toEqual([
      expect.objectContaining({ queryType: 'inventory', region: '$region', runtime: '$runtime', pattern: '$pattern' }),
    ]);
  });

  it('queries the app data source for each panel', () => {
    for (const panel of panels().found) {
      const runner = sceneGraph.getData(panel) as SceneQueryRunner;
      expect(runner.state.datasource).toEqual({ type: 'seed-serverless-datasource', uid: 'serverless-demo' });
    }
    const byTitle = Object.fromEntries(panels().found.map((p) => [p.state.title, queriesOf(p)[0]]));
    expect(byTitle['Service map']).toMatchObject({ queryType: 'topology' });
    expect(byTitle['Top errors']).toMatchObject({ queryType: 'logs', preset: 'topErrors' });
  });

  it('shows the service map as a node graph and functions worst first', () => {
    const { found } = panels();
    expect(found[5].state.pluginId).toBe('nodeGraph');
    expect(found[4].state.options).toMatchObject({ sortBy: [{ displayName: 'Error %', desc: true }] });
  });

  it('filters by region and runtime (all by default) and by function name', () => {
    const variables = sceneGraph.getVariables(panels().scene).state.variables;
    const region = variables.find((v) => v.state.name === 'region') as QueryVariable;
    expect(region).toBeInstanceOf(QueryVariable);
    expect(region.state).toMatchObject({ includeAll: true, defaultToAll: true, allValue: ALL_VALUE });
    expect(region.state.query).toMatchObject({ queryType: 'variable', variable: 'regions' });
    expect(variables.find((v) => v.state.name === 'pattern')).toBeInstanceOf(TextBoxVariable);
    const runtime = variables.find((v) => v.state.name === 'runtime') as QueryVariable;
    expect(runtime.state).toMatchObject({
      includeAll: true,
      allValue: ALL_VALUE,
      query: { variable: 'runtimes', region: '$region' },
    });
  });

  it('links a function to its page and an error to the correlate page, keeping the time range', () => {
    const { found } = panels();
    const linksOf = (panel: VizPanel, field: string) =>
      panel.state.fieldConfig.overrides
        .filter((o) => o.matcher.options === field)
        .flatMap((o) => o.properties.filter((p) => p.id === 'links').flatMap((p) => p.value));
    expect(linksOf(found[4], 'function')).toEqual([
      {
        title: 'Open the function',
        url: '/a/seed-serverless-app/function?var-function=${__value.text}&${__url_time_range}',
      },
    ]);
    expect(linksOf(found[6], 'message')[0].url).toBe(
      '/a/seed-serverless-app/correlate?var-function=${__data.fields.function}&var-search=${__value.text:percentencode}&${__url_time_range}'
    );
  });
});

describe('the overview filters', () => {
  const backend = recordingBackend();

  it('re-read the inventory for the region and runtime chosen', async () => {
    const { scene, found } = panels();
    // Stand-ins for the data-driven variables, with options to choose from.
    const region = new CustomVariable({ name: 'region', query: 'us-east-1,us-west-2', value: 'us-east-1' });
    const runtime = new CustomVariable({ name: 'runtime', query: 'nodejs20.x,python3.12', value: 'nodejs20.x' });
    scene.setState({
      $variables: new SceneVariableSet({
        variables: [region, runtime, new TextBoxVariable({ name: 'pattern', value: '' })],
      }),
    });
    const inventory = sceneGraph.getData(found.find((p) => p.state.title === 'Functions')!) as SceneQueryRunner;
    // Active from the scene down to the runner, as rendering would make them: variable changes reach
    // only active objects.
    const chain: SceneObject[] = [];
    for (let o: SceneObject | undefined = inventory; o; o = o.parent) {
      chain.unshift(o);
    }
    const deactivate = [scene.state.$variables!, ...chain].map((o) => o.activate());
    await waitUntil(() => backend.requests.length > 0);

    backend.requests = [];
    region.changeValueTo('us-west-2');
    await waitUntil(() => backend.requests.length > 0);
    const [request] = backend.requests;
    expect(request.targets).toEqual([expect.objectContaining({ queryType: 'inventory', region: '$region' })]);
    expect(sceneGraph.interpolate(inventory, '$region')).toBe('us-west-2');
    expect(sceneGraph.interpolate(inventory, '$runtime')).toBe('nodejs20.x');
    deactivate.reverse().forEach((d) => d());
  });
});
