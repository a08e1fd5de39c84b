import {
  EmbeddedScene,
  PanelBuilders,
  SceneAppPage,
  SceneControlsSpacer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneQueryRunner,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
} from '@grafana/scenes';

import { DATASOURCE_TYPE, prefixRoute, ROUTES } from '../../services/plugin';

function invocationsQuery(datasourceUid: string) {
  return new SceneQueryRunner({
    datasource: { type: DATASOURCE_TYPE, uid: datasourceUid },
    queries: [
      {
        refId: 'A',
        queryType: 'metrics',
        resourceKind: 'lambda',
        names: [],
        metric: 'Invocations',
        statistic: 'Sum',
        period: 0,
      },
    ],
  });
}

function overviewScene(datasourceUid: string) {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-6h', to: 'now' }),
    controls: [new SceneControlsSpacer(), new SceneTimePicker({}), new SceneRefreshPicker({})],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({
          minHeight: 320,
          body: PanelBuilders.timeseries()
            .setTitle('Invocations by function')
            .setData(invocationsQuery(datasourceUid))
            .build(),
        }),
      ],
    }),
  });
}

export function overviewPage(datasourceUid: string) {
  return new SceneAppPage({
    title: 'Overview',
    subTitle: 'Every serverless function at a glance',
    url: prefixRoute(ROUTES.Overview),
    routePath: `${ROUTES.Overview}/*`,
    getScene: () => overviewScene(datasourceUid),
  });
}
