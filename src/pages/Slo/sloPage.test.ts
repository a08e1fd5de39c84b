import { getActiveThreshold } from '@grafana/data';
import {
  dataLayers,
  QueryVariable,
  SceneDataTransformer,
  SceneQueryRunner,
  VizPanel,
  sceneGraph,
} from '@grafana/scenes';

import { AlertRulesScene } from '../../scenes/AlertRulesScene';
import { objectiveAsThreshold, sloScene } from './sloPage';

describe('SLO scene', () => {
  const scene = sloScene('serverless-demo');
  const panels = sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[];
  const panel = (title: string) => panels.find((p) => p.state.title === title)!;
  const runnerOf = (p: VizPanel) => {
    const data = sceneGraph.getData(p);
    // A transformer without its own $data reads the data of the panel's ancestors.
    const source = data instanceof SceneDataTransformer ? (data.state.$data ?? sceneGraph.getData(p.parent!)) : data;
    return source as SceneQueryRunner;
  };

  it('answers the alarm: where the SLO stands, its SLI and budget, burn rates, the worst slice', () => {
    expect(panels.map((p) => p.state.title)).toEqual([
      'SLI over the window',
      'Error budget left',
      'Burn rate (1h)',
      'Budget runs out in',
      'SLI against its objective',
      'Error budget burn-down',
      'Burn rate over 1h and 6h',
      'Burn rate per alert window',
      'Breakdown: worst resource first',
    ]);
  });

  it('colours the time to exhaustion by how soon the budget runs out, not red whenever it is set', () => {
    const steps = panel('Budget runs out in').state.fieldConfig.defaults.thresholds!.steps;
    const colourIn = (seconds: number) => getActiveThreshold(seconds, steps).color;
    expect(colourIn(4 * 7 * 86400)).toBe('green');
    expect(colourIn(2 * 86400)).toBe('orange');
    expect(colourIn(3600)).toBe('red');
  });

  it('reads where the SLO stands and its SLI with one query, shared by the strip and the chart', () => {
    const shared = runnerOf(panel('SLI over the window'));
    expect(runnerOf(panel('SLI against its objective'))).toBe(shared);
    expect(runnerOf(panel('Budget runs out in'))).toBe(shared);
    expect(shared.state.queries).toEqual([
      expect.objectContaining({ queryType: 'slo', slo: '$slo', output: 'sli' }),
      expect.objectContaining({ queryType: 'slo', slo: '$slo', output: 'summary', refId: 'summary' }),
    ]);
  });

  it('draws the objective from the SLO itself and shades the shortfall', () => {
    const chart = panel('SLI against its objective');
    expect((sceneGraph.getData(chart) as SceneDataTransformer).state.transformations).toEqual([objectiveAsThreshold]);
    expect(objectiveAsThreshold.options).toMatchObject({ configRefId: 'summary' });
    expect(chart.state.fieldConfig.defaults.custom).toMatchObject({ thresholdsStyle: { mode: 'line+area' } });
  });

  it('asks for each alert tier, the breakdown and the burn rates of the chosen SLO', () => {
    const outputs = (title: string) => runnerOf(panel(title)).state.queries.map((q) => [q.output, q.burnWindow]);
    expect(outputs('Burn rate per alert window')).toEqual([['alertWindows', undefined]]);
    expect(outputs('Breakdown: worst resource first')).toEqual([['breakdown', undefined]]);
    expect(outputs('Burn rate over 1h and 6h')).toEqual([
      ['burnRate', '1h'],
      ['burnRate', '6h'],
    ]);
  });

  it('picks the SLO from a variable, marks deployments and shows its alert rules', () => {
    const slo = sceneGraph.lookupVariable('slo', scene) as QueryVariable;
    expect(slo.state.query).toMatchObject({ queryType: 'variable', variable: 'slos' });
    const layer = sceneGraph.findObject(scene, (o) => o instanceof dataLayers.AnnotationsDataLayer);
    expect((layer as dataLayers.AnnotationsDataLayer).state.query.target).toMatchObject({ queryType: 'annotations' });
    const rules = sceneGraph.findObject(scene, (o) => o instanceof AlertRulesScene) as AlertRulesScene;
    expect(rules.state).toMatchObject({ datasourceUid: 'serverless-demo', slo: '$slo' });
  });
});
