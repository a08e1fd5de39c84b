import {
  dataLayers,
  QueryVariable,
  SceneQueryRunner,
  SceneTimeRangeCompare,
  VizPanel,
  sceneGraph,
} from '@grafana/scenes';

import { functionScene } from './functionPage';

describe('function scene', () => {
  const scene = functionScene('serverless-demo');
  const panels = sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[];
  const queriesOf = (p: VizPanel) => (sceneGraph.getData(p) as SceneQueryRunner).state.queries;

  it('shows golden signals, durations, concurrency against throttles and recent errors', () => {
    expect(panels.map((p) => p.state.title)).toEqual([
      'Invocations and errors',
      'Duration against last week',
      'Concurrency and throttles',
      'Error rate',
      'Recent errors',
    ]);
  });

  it('reads every metric of the chosen function', () => {
    for (const panel of panels.slice(0, 4)) {
      for (const q of queriesOf(panel)) {
        expect(q).toMatchObject({ queryType: 'metrics', resourceKind: 'lambda', names: ['$function'] });
      }
    }
    expect(queriesOf(panels[1]).map((q) => q.statistic)).toEqual(['p50', 'p95', 'p99']);
    expect(queriesOf(panels[1]).map((q) => q.refId)).toEqual(['A', 'B', 'C']);
  });

  it('lists the function errors from its logs', () => {
    expect(panels[4].state.pluginId).toBe('logs');
    expect(queriesOf(panels[4])).toEqual([
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
    const compare = panels[1].state.headerActions as SceneTimeRangeCompare[];
    expect(compare[0]).toBeInstanceOf(SceneTimeRangeCompare);
    expect(compare[0].state.compareWith).toBe('1w');
    expect(panels[0].state.headerActions).toEqual([]);
  });
});
