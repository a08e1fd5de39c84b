import { PanelBuilders, SceneQueryRunner, SceneTimeRangeCompare } from '@grafana/scenes';
import type { DataSourceRef } from '@grafana/schema';

import type { LogPreset } from '../datasource/types';
import { queries } from '../services/queries';

/** A time series panel of metrics of the page's $function, optionally against the same hours a week before. */
export function functionMetricsPanel(
  datasource: DataSourceRef,
  title: string,
  unit: string,
  metrics: Array<[metric: string, statistic: string]>,
  baseline?: 'lastWeek'
) {
  return (
    PanelBuilders.timeseries()
      .setTitle(title)
      .setUnit(unit)
      // The comparison belongs to this panel alone: the query runner looks for it among its ancestors.
      .setHeaderActions(baseline ? [new SceneTimeRangeCompare({ compareWith: '1w' })] : [])
      .setData(
        new SceneQueryRunner({
          datasource,
          queries: metrics.map(([metric, statistic], i) =>
            queries.functionMetric(String.fromCharCode(65 + i), metric, statistic)
          ),
        })
      )
      .build()
  );
}

/** The page's $function's log lines, narrowed by $search and a preset. */
export function functionLogsPanel(datasource: DataSourceRef, title: string, preset?: LogPreset) {
  return PanelBuilders.logs()
    .setTitle(title)
    .setOption('showTime', true)
    .setOption('wrapLogMessage', true)
    .setData(new SceneQueryRunner({ datasource, queries: [queries.functionLogs(preset)] }))
    .build();
}
