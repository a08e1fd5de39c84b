import { type EmbeddedScene, SceneQueryRunner, sceneGraph } from '@grafana/scenes';

import { correlateScene } from './Correlate/correlatePage';
import { functionScene } from './Function/functionPage';
import { overviewScene } from './Overview/overviewPage';
import { sloScene } from './Slo/sloPage';
import { slosScene } from './Slos/slosPage';

// CloudWatch bills each metric requested: one refresh of a page must ask the back end for each
// distinct query once, however many panels show it.
describe.each<[string, (uid: string) => EmbeddedScene]>([
  ['overview', overviewScene],
  ['function', functionScene],
  ['correlate', correlateScene],
  ['SLO list', slosScene],
  ['SLO', sloScene],
])('one refresh of the %s page', (_, build) => {
  it('sends each distinct query once', () => {
    const runners = sceneGraph.findAllObjects(
      build('serverless-demo'),
      (o) => o instanceof SceneQueryRunner
    ) as SceneQueryRunner[];
    const sent = runners.flatMap((r) => r.state.queries.map(({ refId, ...query }) => JSON.stringify(query)));
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent).size).toBe(sent.length);
  });
});
