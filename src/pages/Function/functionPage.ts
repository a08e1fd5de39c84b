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

import {
  asyncSources,
  baselineStat,
  coldStartCorrelation,
  durationPanel,
  functionLogsPanel,
  functionMetricsPanel,
  requestsVersusInvocations,
} from '../../scenes/functionPanels';
import { functionVariable, logSearchVariable, regionVariable } from '../../scenes/variables';
import { DATASOURCE_TYPE, ROUTES } from '../../services/plugin';
import { appPage, pageControls } from '../appPage';
import { queries } from '../../services/queries';

function row(height: number, ...panels: VizPanel[]) {
  return new SceneFlexLayout({ direction: 'row', height, children: panels.map((body) => new SceneFlexItem({ body })) });
}

/**
 * One function's golden signals; duration against its timeout and its baseline; memory; concurrency
 * against throttles; the cold-start hypothesis; requests against invocations; async sources; its errors.
 */
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
          functionMetricsPanel(datasource, 'Error rate', 'percentunit', [['Errors', 'Average']])
        ),
        new SceneFlexLayout({
          direction: 'row',
          height: 280,
          children: [
            new SceneFlexItem({ body: durationPanel(datasource) }),
            new SceneFlexLayout({
              direction: 'column',
              width: '22%',
              children: [
                new SceneFlexItem({
                  body: baselineStat(datasource, 'p95 duration against last week', 'Duration', 'p95'),
                }),
                new SceneFlexItem({
                  body: baselineStat(datasource, 'Invocations against last week', 'Invocations', 'Sum'),
                }),
              ],
            }),
          ],
        }),
        row(
          260,
          functionMetricsPanel(datasource, 'Concurrency and throttles', 'short', [
            ['ConcurrentExecutions', 'Maximum'],
            ['Throttles', 'Sum'],
          ]),
          functionMetricsPanel(datasource, 'Memory used, % of configured (Lambda Insights)', 'percent', [
            ['memory_utilization', 'Maximum'],
          ])
        ),
        new SceneFlexLayout({
          direction: 'row',
          height: 280,
          children: [
            coldStartCorrelation(datasource),
            new SceneFlexItem({ body: requestsVersusInvocations(datasource) }),
          ],
        }),
        asyncSources(datasource),
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
