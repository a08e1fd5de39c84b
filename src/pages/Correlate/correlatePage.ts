import {
  behaviors,
  EmbeddedScene,
  SceneFlexItem,
  SceneFlexLayout,
  SceneTimeRange,
  SceneVariableSet,
} from '@grafana/scenes';
import { DashboardCursorSync, type DataSourceRef } from '@grafana/schema';

import { ExploreSplitButton } from '../../scenes/ExploreSplitButton';
import { functionLogsPanel, functionMetricsPanel } from '../../scenes/functionPanels';
import { functionVariable, logSearchVariable, regionVariable } from '../../scenes/variables';
import { DATASOURCE_TYPE, ROUTES } from '../../services/plugin';
import { appPage, pageControls } from '../appPage';
import { queries } from '../../services/queries';

/**
 * Metrics on the left, logs on the right, for one function and one time range. Zooming into a
 * spike on a chart changes the shared time range, which narrows the logs to it.
 */
export function correlateScene(datasourceUid: string) {
  const datasource: DataSourceRef = { type: DATASOURCE_TYPE, uid: datasourceUid };
  const metrics = [queries.functionMetric('A', 'Errors', 'Sum'), queries.functionMetric('B', 'Duration', 'p99')];
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-3h', to: 'now' }),
    $variables: new SceneVariableSet({
      variables: [regionVariable(datasource), functionVariable(datasource), logSearchVariable()],
    }),
    $behaviors: [new behaviors.CursorSync({ sync: DashboardCursorSync.Crosshair })],
    controls: pageControls({
      beforeTime: [new ExploreSplitButton({ datasource, metrics, logs: [queries.functionLogs()] })],
    }),
    body: new SceneFlexLayout({
      direction: 'row',
      children: [
        new SceneFlexLayout({
          direction: 'column',
          width: '50%',
          children: [
            new SceneFlexItem({ body: functionMetricsPanel(datasource, 'Errors', 'short', [['Errors', 'Sum']]) }),
            new SceneFlexItem({ body: functionMetricsPanel(datasource, 'Duration p99', 'ms', [['Duration', 'p99']]) }),
          ],
        }),
        new SceneFlexItem({ width: '50%', minHeight: 600, body: functionLogsPanel(datasource, 'Logs') }),
      ],
    }),
  });
}

export function correlatePage(datasourceUid: string) {
  return appPage(ROUTES.Correlate, 'Correlate', 'Metrics and logs of one function, side by side', () =>
    correlateScene(datasourceUid)
  );
}
