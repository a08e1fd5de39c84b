import { dateTime } from '@grafana/data';
import {
  CustomVariable,
  SceneQueryRunner,
  SceneVariableSet,
  TextBoxVariable,
  VizPanel,
  sceneGraph,
} from '@grafana/scenes';

import { ExploreSplitButton } from '../../scenes/ExploreSplitButton';
import { recordingBackend, waitUntil } from '../../test/recordingBackend';
import { correlateScene } from './correlatePage';

const backend = recordingBackend();

/** The function and search variables with values chosen, in place of the page's data-driven ones. */
function withChosenFunction(scene: ReturnType<typeof correlateScene>) {
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
}

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
    withChosenFunction(scene);
    const panes = JSON.parse(decodeURIComponent(button.url().split('panes=')[1]));
    expect(panes.metrics.queries.map((q: { names: string[] }) => q.names)).toEqual([
      ['payment-finalizer'],
      ['payment-finalizer'],
    ]);
    expect(panes.logs.queries[0]).toMatchObject({ names: ['payment-finalizer'], search: 'timed out' });
    expect(panes.logs.range).toEqual({ from: 'now-3h', to: 'now' });
  });
});

describe('selecting a spike on a metric chart', () => {
  it('narrows the logs to the selected range', async () => {
    const scene = correlateScene('serverless-demo');
    withChosenFunction(scene);
    const deactivate = [scene.activate(), scene.state.$variables!.activate(), scene.state.$timeRange!.activate()];
    const panels = sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[];
    const logsRunner = sceneGraph.getData(panels[2]) as SceneQueryRunner;
    deactivate.push(logsRunner.activate());
    await waitUntil(() => backend.requests.length > 0);

    const from = dateTime('2026-11-18T02:40:00Z');
    const to = dateTime('2026-11-18T03:00:00Z');
    backend.requests = [];
    panels[0].onTimeRangeChange({ from: from.valueOf(), to: to.valueOf() });
    await waitUntil(() => backend.requests.some((r) => r.targets[0].queryType === 'logs'));

    const logs = backend.requests.find((r) => r.targets[0].queryType === 'logs')!;
    expect(logs.range.from.toISOString()).toBe('2026-11-18T02:40:00.000Z');
    expect(logs.range.to.toISOString()).toBe('2026-11-18T03:00:00.000Z');
    expect(logs.targets[0]).toMatchObject({ names: ['$function'], search: '$search' });
    expect(logs.scopedVars?.__sceneObject).toBeDefined();
    deactivate.reverse().forEach((d) => d());
  });
});
