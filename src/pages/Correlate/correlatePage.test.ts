import {
  CustomVariable,
  SceneQueryRunner,
  SceneVariableSet,
  TextBoxVariable,
  VizPanel,
  sceneGraph,
} from '@grafana/scenes';

import { ExploreSplitButton } from '../../scenes/ExploreSplitButton';
import { correlateScene } from './correlatePage';

describe('correlate scene', () => {
  it('puts metrics on the left and the logs of the same function on the right', () => {
    const scene = correlateScene('serverless-demo');
    const panels = sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[];
    expect(panels.map((p) => [p.state.title, p.state.pluginId])).toEqual([
      ['Errors', 'timeseries'],
      ['Duration p99', 'timeseries'],
      ['Logs', 'logs'],
    ]);
    const logs = (sceneGraph.getData(panels[2]) as SceneQueryRunner).state.queries[0];
    expect(logs).toMatchObject({ queryType: 'logs', names: ['$function'], search: '$search' });
    // One time range for both sides: zooming into a spike narrows the logs.
    expect(new Set(panels.map((p) => sceneGraph.getTimeRange(p))).size).toBe(1);
  });

  it('opens Explore in split view with the function and search filled in', () => {
    const scene = correlateScene('serverless-demo');
    const button = sceneGraph.findObject(scene, (o) => o instanceof ExploreSplitButton) as ExploreSplitButton;
    // Stand-ins for the page's variables, with values chosen.
    scene.setState({
      $variables: new SceneVariableSet({
        variables: [
          new CustomVariable({
            name: 'function',
            query: 'payment-finalizer',
            value: 'payment-finalizer',
            text: 'payment-finalizer',
          }),
          new TextBoxVariable({ name: 'search', value: 'timed out' }),
        ],
      }),
    });
    const panes = JSON.parse(decodeURIComponent(button.url().split('panes=')[1]));
    expect(panes.metrics.queries.map((q: { names: string[] }) => q.names)).toEqual([
      ['payment-finalizer'],
      ['payment-finalizer'],
    ]);
    expect(panes.logs.queries[0]).toMatchObject({ names: ['payment-finalizer'], search: 'timed out' });
    expect(panes.logs.range).toEqual({ from: 'now-3h', to: 'now' });
  });
});
