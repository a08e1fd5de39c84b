import {
  EmbeddedScene,
  PanelBuilders,
  SceneFlexItem,
  SceneFlexLayout,
  SceneQueryRunner,
  SceneTimeRange,
  SceneVariableSet,
} from '@grafana/scenes';
import type { DataSourceRef } from '@grafana/schema';

import { inventoryTable, totalsStrip } from '../../scenes/inventoryPanels';
import { functionPatternVariable, regionVariable, runtimeVariable } from '../../scenes/variables';
import { DATASOURCE_TYPE, ROUTES } from '../../services/plugin';
import { appPage, pageControls } from '../appPage';
import { links } from '../../services/links';
import { queries } from '../../services/queries';

/** The overview: totals, the inventory of every function, the service map and the top errors. */
export function overviewScene(datasourceUid: string) {
  const datasource: DataSourceRef = { type: DATASOURCE_TYPE, uid: datasourceUid };
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-24h', to: 'now' }),
    $variables: new SceneVariableSet({
      variables: [regionVariable(datasource), runtimeVariable(datasource), functionPatternVariable()],
    }),
    controls: pageControls(),
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        // One inventory query feeds the totals and the table.
        new SceneFlexLayout({
          direction: 'column',
          $data: new SceneQueryRunner({ datasource, queries: [queries.inventory()] }),
          children: [totalsStrip(), new SceneFlexItem({ minHeight: 420, body: inventoryTable() })],
        }),
        new SceneFlexLayout({
          direction: 'row',
          minHeight: 460,
          children: [
            new SceneFlexItem({
              body: PanelBuilders.nodegraph()
                .setTitle('Service map')
                .setDescription('Calls and messages between resources; nodes ringed by health')
                .setData(new SceneQueryRunner({ datasource, queries: [queries.topology()] }))
                .build(),
            }),
            new SceneFlexItem({
              width: '40%',
              body: PanelBuilders.table()
                .setTitle('Top errors')
                .setDescription('Error messages from function logs, most frequent first')
                .setData(new SceneQueryRunner({ datasource, queries: [queries.topErrors()] }))
                .setOverrides((b) =>
                  b
                    .matchFieldsWithName('message')
                    .overrideLinks([{ title: 'Show these errors next to the metrics', url: links.correlateError }])
                    .matchFieldsWithName('function')
                    .overrideLinks([{ title: 'Open the function', url: links.functionPage }])
                )
                .build(),
            }),
          ],
        }),
      ],
    }),
  });
}

export function overviewPage(datasourceUid: string) {
  return appPage(ROUTES.Overview, 'Overview', 'Every serverless function at a glance', () =>
    overviewScene(datasourceUid)
  );
}
