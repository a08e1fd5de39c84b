import {
  dataLayers,
  QueryVariable,
  SceneDataLayerSet,
  SceneDataTransformer,
  SceneQueryRunner,
  SceneTimeRangeCompare,
  VizPanel,
  sceneGraph,
} from '@grafana/scenes';

import { functionScene } from './functionPage';

describe('function scene', () => {
  const scene = functionScene('serverless-demo');
  const panels = sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[];
  const queriesOf = (p: VizPanel) => {
    const data = sceneGraph.getData(p);
    const runner = data instanceof SceneDataTransformer ? data.state.$data : data;
    return (runner as SceneQueryRunner).state.queries;
  };

  const panel = (title: string) => panels.find((p) => p.state.title === title)!;

  it('shows every signal of the function, errors from its logs last', () => {
    expect(panels.map((p) => p.state.title)).toEqual([
      'Invocations and errors',
      'Error rate',
      'Duration against the timeout',
      'p95 duration against last week',
      'Invocations against last week',
      'Concurrency and throttles',
      'Memory used, % of configured (Lambda Insights)',
      'Cold starts: API latency, integration latency and duration',
      'Requests against invocations',
      'Async sources: event age, dead letters and dropped events',
      'Recent errors',
    ]);
  });

  it('shows the error rate in percent, though the data source gives Errors the unit of a count', () => {
    expect(panel('Error rate').state.fieldConfig.overrides).toContainEqual({
      matcher: { id: 'byType', options: 'number' },
      properties: [{ id: 'unit', value: 'percentunit' }],
    });
  });

  it('reads the metrics of the chosen function, or of the API in front of it', () => {
    for (const p of panels.filter((p) => p.state.pluginId !== 'logs')) {
      for (const q of queriesOf(p).filter((q) => q.queryType === 'metrics')) {
        expect(q.names?.[0] === '$function' || q.upstreamOf === '$function').toBe(true);
      }
    }
    const api = queriesOf(panel('Cold starts: API latency, integration latency and duration'));
    expect(api.filter((q) => q.upstreamOf).map((q) => [q.resourceKind, q.metric])).toEqual([
      ['apigateway', 'Latency'],
      ['apigateway', 'IntegrationLatency'],
      ['apigatewayv2', 'Latency'],
      ['apigatewayv2', 'IntegrationLatency'],
    ]);
  });

  it('draws the configured timeout as a line across the duration percentiles', () => {
    const duration = panel('Duration against the timeout');
    expect(queriesOf(duration).map((q) => [q.refId, q.statistic ?? q.queryType])).toEqual([
      ['A', 'p50'],
      ['B', 'p95'],
      ['C', 'p99'],
      ['config', 'inventory'],
    ]);
    const transformer = duration.state.$data as SceneDataTransformer;
    expect(transformer.state.transformations).toEqual([
      {
        id: 'configFromData',
        options: { configRefId: 'config', mappings: [{ fieldName: 'Timeout', handlerKey: 'threshold1' }] },
      },
    ]);
    expect(duration.state.fieldConfig.defaults.custom).toMatchObject({ thresholdsStyle: { mode: 'line' } });
  });

  it('says how far the function is from its baseline, in percent', () => {
    const stat = panel('p95 duration against last week');
    expect(stat.state.pluginId).toBe('stat');
    expect(stat.state.fieldConfig.defaults.unit).toBe('percent');
    expect(queriesOf(stat)).toEqual([
      expect.objectContaining({ metric: 'Duration', statistic: 'p95', baseline: 'lastWeek', names: ['$function'] }),
    ]);
  });

  it('marks cold starts on the cold-start chart only', () => {
    const layersOf = (p: VizPanel) =>
      sceneGraph
        .getDataLayers(sceneGraph.getData(p))
        .flatMap((set) => (set as SceneDataLayerSet).state.layers)
        .map((l) => l.state.name);
    expect(layersOf(panel('Cold starts: API latency, integration latency and duration'))).toEqual([
      'Cold starts',
      'Deployments',
    ]);
    expect(layersOf(panel('Requests against invocations'))).toEqual(['Deployments']);
  });

  it('lists the function errors from its logs', () => {
    expect(panel('Recent errors').state.pluginId).toBe('logs');
    expect(queriesOf(panel('Recent errors'))).toEqual([
      expect.objectContaining({ queryType: 'logs', names: ['$function'], preset: 'errors' }),
    ]);
  });

  it('picks the function from a variable, one at a time', () => {
    const fn = sceneGraph.lookupVariable('function', scene) as QueryVariable;
    expect(fn).toBeInstanceOf(QueryVariable);
    expect(fn.state.isMulti).toBeFalsy();
    expect(fn.state.query).toMatchObject({ queryType: 'variable', variable: 'functions', region: '$region' });
  });

  it('marks deployments on every chart and compares durations with the same hours last week', () => {
    const layer = sceneGraph.findObject(
      scene,
      (o) => o instanceof dataLayers.AnnotationsDataLayer
    ) as dataLayers.AnnotationsDataLayer;
    expect(layer.state.query).toMatchObject({
      enable: true,
      target: { queryType: 'annotations', names: ['$function'] },
    });
    const compare = panel('Duration against the timeout').state.headerActions as SceneTimeRangeCompare[];
    expect(compare[0]).toBeInstanceOf(SceneTimeRangeCompare);
    expect(compare[0].state.compareWith).toBe('1w');
    expect(panels[0].state.headerActions).toEqual([]);
  });
});
