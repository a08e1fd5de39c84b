import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, SceneQueryRunner, SceneTimeRange } from '@grafana/scenes';
import type { DataSourceRef } from '@grafana/schema';

import { SloListScene } from '../../scenes/SloListScene';
import { DATASOURCE_TYPE, ROUTES } from '../../services/plugin';
import { queries } from '../../services/queries';
import { appPage, pageControls } from '../appPage';

/** Every SLO at a glance, the most burnt budget first; each links to its own page. */
export function slosScene(datasourceUid: string) {
  const datasource: DataSourceRef = { type: DATASOURCE_TYPE, uid: datasourceUid };
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-1h', to: 'now' }),
    controls: pageControls(),
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({
          $data: new SceneQueryRunner({ datasource, queries: [queries.sloSummary()] }),
          body: new SloListScene(),
        }),
      ],
    }),
  });
}

export function slosPage(datasourceUid: string) {
  return appPage(ROUTES.Slos, 'SLOs', 'Error budgets of every SLO, as they stand at the end of the time range', () =>
    slosScene(datasourceUid)
  );
}
