import {
  dataLayers,
  PanelBuilders,
  SceneDataLayerSet,
  SceneDataTransformer,
  SceneFlexItem,
  SceneQueryRunner,
  SceneTimeRangeCompare,
} from '@grafana/scenes';
import {
  BigValueGraphMode,
  type DataSourceRef,
  type DataTransformerConfig,
  GraphThresholdsStyleMode,
  ThresholdsMode,
} from '@grafana/schema';

import { FieldType } from '@grafana/data';
import type { LogPreset, ResourceKind } from '../datasource/types';
import { queries } from '../services/queries';
import { hideWhenNoData } from './hideWhenNoData';

/** The API kinds that can stand in front of a function; its queries for the other kind answer empty. */
const apiKinds: ResourceKind[] = ['apigateway', 'apigatewayv2'];

const refIds = (i: number) => String.fromCharCode(65 + i);

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
      // The data source names each metric's own unit (Errors: a count); the panel's wins, as an
      // Average of Errors is a rate.
      .setOverrides((b) => b.matchFieldsByType(FieldType.number).overrideUnit(unit))
      // The comparison belongs to this panel alone: the query runner looks for it among its ancestors.
      .setHeaderActions(baseline ? [new SceneTimeRangeCompare({ compareWith: '1w' })] : [])
      .setData(
        new SceneQueryRunner({
          datasource,
          queries: metrics.map(([metric, statistic], i) => queries.functionMetric(refIds(i), metric, statistic)),
        })
      )
      .build()
  );
}

/** Grafana's "config from query results": the function's configured timeout becomes the panel's threshold. */
export const timeoutAsThreshold: DataTransformerConfig = {
  id: 'configFromData',
  options: { configRefId: 'config', mappings: [{ fieldName: 'Timeout', handlerKey: 'threshold1' }] },
};

/** Duration percentiles against the configured timeout, drawn as a red line, and against last week. */
export function durationPanel(datasource: DataSourceRef) {
  const percentiles = ['p50', 'p95', 'p99'].map((p, i) => queries.functionMetric(refIds(i), 'Duration', p));
  return PanelBuilders.timeseries()
    .setTitle('Duration against the timeout')
    .setDescription('p50, p95 and p99 of each period; the red line is the configured timeout')
    .setUnit('ms')
    .setCustomFieldConfig('thresholdsStyle', { mode: GraphThresholdsStyleMode.Line })
    .setThresholds({
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 900000, color: 'red' },
      ],
    })
    .setHeaderActions([new SceneTimeRangeCompare({ compareWith: '1w' })])
    .setData(
      new SceneDataTransformer({
        $data: new SceneQueryRunner({ datasource, queries: [...percentiles, queries.functionConfig()] }),
        transformations: [timeoutAsThreshold],
      })
    )
    .build();
}

/** How far a metric of the function is from the same hours last week, in percent: "exceeds its baseline by 30%". */
export function baselineStat(datasource: DataSourceRef, title: string, metric: string, statistic: string) {
  return PanelBuilders.stat()
    .setTitle(title)
    .setDescription('Mean deviation over the time range from the same hours of the same weekday a week before')
    .setUnit('percent')
    .setDecimals(0)
    .setOption('graphMode', BigValueGraphMode.Area)
    .setOption('reduceOptions', { calcs: ['mean'], values: false })
    .setThresholds({
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 10, color: 'orange' },
        { value: 30, color: 'red' },
      ],
    })
    .setData(
      new SceneQueryRunner({
        datasource,
        queries: [queries.functionMetric('A', metric, statistic, { baseline: 'lastWeek' })],
      })
    )
    .build();
}

/**
 * The cold-start hypothesis on one chart: the latency callers see at the API, the API's integration
 * latency and the function's duration, with every cold start marked from its REPORT line.
 */
export function coldStartCorrelation(datasource: DataSourceRef) {
  const api = apiKinds.flatMap((kind, i) => [
    queries.upstreamMetric(`api${i}`, kind, 'Latency', 'p95', 'API latency p95'),
    queries.upstreamMetric(`integration${i}`, kind, 'IntegrationLatency', 'p95', 'Integration latency p95'),
  ]);
  return new SceneFlexItem({
    // Cold starts are marked on this chart only: the layer is found from the panel's ancestors.
    $data: new SceneDataLayerSet({
      layers: [
        new dataLayers.AnnotationsDataLayer({
          name: 'Cold starts',
          isEnabled: true,
          query: {
            name: 'Cold starts',
            enable: true,
            iconColor: 'blue',
            datasource,
            target: queries.coldStarts(),
          },
        }),
      ],
    }),
    body: PanelBuilders.timeseries()
      .setTitle('Cold starts: API latency, integration latency and duration')
      .setDescription('When API latency rises with duration at the marked cold starts, initialisation is the cause')
      .setUnit('ms')
      .setData(
        new SceneQueryRunner({
          datasource,
          queries: [...api, queries.functionMetric('duration', 'Duration', 'p95', { label: 'Lambda duration p95' })],
        })
      )
      .build(),
  });
}

/** Requests the API received minus invocations of the function: requests lost before the function. */
export const requestGap: DataTransformerConfig[] = [
  { id: 'joinByField', options: { mode: 'outer' } },
  {
    id: 'calculateField',
    options: {
      mode: 'binary',
      binary: {
        left: { matcher: { id: 'byName', options: 'Requests' } },
        operator: '-',
        right: { matcher: { id: 'byName', options: 'Invocations' } },
      },
      alias: 'Gap',
    },
  },
];

export function requestsVersusInvocations(datasource: DataSourceRef) {
  const requests = apiKinds.map((kind, i) => queries.upstreamMetric(`requests${i}`, kind, 'Count', 'Sum', 'Requests'));
  return PanelBuilders.timeseries()
    .setTitle('Requests against invocations')
    .setDescription(
      'API requests, function invocations and the gap: requests throttled, rejected or failed before the function'
    )
    .setUnit('short')
    .setData(
      new SceneDataTransformer({
        $data: new SceneQueryRunner({
          datasource,
          queries: [...requests, queries.functionMetric('invocations', 'Invocations', 'Sum', { label: 'Invocations' })],
        }),
        transformations: requestGap,
      })
    )
    .build();
}

/** Iterator age, event age, dead-letter errors and dropped events; hidden for functions called synchronously. */
export function asyncSources(datasource: DataSourceRef) {
  const metrics: Array<[string, string, string]> = [
    ['IteratorAge', 'Maximum', 'Iterator age (max)'],
    ['AsyncEventAge', 'Maximum', 'Event age (max)'],
    ['DeadLetterErrors', 'Sum', 'Dead-letter errors'],
    ['AsyncEventsDropped', 'Sum', 'Events dropped'],
  ];
  const panel = PanelBuilders.timeseries()
    .setTitle('Async sources: event age, dead letters and dropped events')
    .setDescription('Streams, queues and asynchronous invocations; shown only for functions that have them')
    .setOverrides((b) => b.matchFieldsByQuery('A').overrideUnit('ms').matchFieldsByQuery('B').overrideUnit('ms'))
    .build();
  // The queries belong to the item, not the panel, so they still run (and can show the panel again)
  // while the item is hidden.
  return new SceneFlexItem({
    minHeight: 260,
    $data: new SceneQueryRunner({
      datasource,
      queries: metrics.map(([metric, statistic, label], i) =>
        queries.functionMetric(refIds(i), metric, statistic, { label })
      ),
    }),
    body: panel,
    $behaviors: [hideWhenNoData],
  });
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
