import {
  dataLayers,
  EmbeddedScene,
  SceneDataLayerControls,
  SceneDataLayerSet,
  SceneFlexItem,
  SceneFlexLayout,
  SceneTimeRange,
  SceneVariableSet,
  type VizPanel,
} from '@grafana/scenes';
import type { DataSourceRef } from '@grafana/schema';

import { functionLogsPanel, functionMetricsPanel } from '../../scenes/functionPanels';
import { functionVariable, logSearchVariable, regionVariable } from '../../scenes/variables';
import { DATASOURCE_TYPE, ROUTES } from '../../services/plugin';
import { appPage, pageControls } from '../appPage';
import { queries } from '../../services/queries';

function row(height: number, ...panels: VizPanel[]) {
  return new SceneFlexLayout({ direction: 'row', height, children: panels.map((body) => new SceneFlexItem({ body })) });
}

/** One function's golden signals, duration percentiles, concurrency against throttles, and its errors. */
export function functionScene(datasourceUid: string) {
  const datasource: DataSourceRef = { type: DATASOURCE_TYPE, uid: datasourceUid };
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-6h', to: 'now' }),
    // Deployments and configuration changes, marked on every chart of the page.
    $data: new SceneDataLayerSet({
      layers: [
        new dataLayers.AnnotationsDataLayer({
          name: 'Deployments',
          isEnabled: true,
          query: { name: 'Deployments', enable: true, iconColor: 'purple', datasource, target: queries.deployments() },
        }),
      ],
    }),
    $variables: new SceneVariableSet({
      variables: [regionVariable(datasource), functionVariable(datasource), logSearchVariable()],
    }),
    controls: pageControls({ afterVariables: [new SceneDataLayerControls()] }),
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        row(
          260,
          functionMetricsPanel(datasource, 'Invocations and errors', 'short', [
            ['Invocations', 'Sum'],
            ['Errors', 'Sum'],
          ]),
          functionMetricsPanel(
            datasource,
            'Duration against last week',
            'ms',
            [
              ['Duration', 'p50'],
              ['Duration', 'p95'],
              ['Duration', 'p99'],
            ],
            'lastWeek'
          )
        ),
        row(
          260,
          functionMetricsPanel(datasource, 'Concurrency and throttles', 'short', [
            ['ConcurrentExecutions', 'Maximum'],
            ['Throttles', 'Sum'],
          ]),
          functionMetricsPanel(datasource, 'Error rate', 'percentunit', [['Errors', 'Average']])
        ),
        new SceneFlexItem({ minHeight: 360, body: functionLogsPanel(datasource, 'Recent errors', 'errors') }),
      ],
    }),
  });
}

export function functionPage(datasourceUid: string) {
  return appPage(ROUTES.Function, 'Function', 'Golden signals, durations and errors of one function', () =>
    functionScene(datasourceUid)
  );
}
