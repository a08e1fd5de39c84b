import {
  dataLayers,
  EmbeddedScene,
  PanelBuilders,
  SceneDataLayerControls,
  SceneDataLayerSet,
  SceneDataTransformer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneQueryRunner,
  SceneTimeRange,
  SceneVariableSet,
  type VizPanel,
} from '@grafana/scenes';
import {
  BigValueGraphMode,
  type DataSourceRef,
  type DataTransformerConfig,
  GraphThresholdsStyleMode,
  MappingType,
  TableCellDisplayMode,
  ThresholdsMode,
} from '@grafana/schema';
import type { ThresholdsConfig } from '@grafana/data';

import { AlertRulesScene } from '../../scenes/AlertRulesScene';
import { sloVariable } from '../../scenes/variables';
import { DATASOURCE_TYPE, ROUTES } from '../../services/plugin';
import { queries } from '../../services/queries';
import { appPage, pageControls } from '../appPage';

/** Grafana's "config from query results": the SLO's objective becomes the SLI chart's threshold. */
export const objectiveAsThreshold: DataTransformerConfig = {
  id: 'configFromData',
  options: { configRefId: 'summary', mappings: [{ fieldName: 'Objective', handlerKey: 'threshold1' }] },
};

const DAY = 24 * 3600;

function stat(title: string, field: string, unit: string, description: string, thresholds?: ThresholdsConfig) {
  const builder = PanelBuilders.stat();
  if (thresholds) {
    builder.setThresholds(thresholds);
  }
  return builder
    .setTitle(title)
    .setDescription(description)
    .setUnit(unit)
    .setOption('graphMode', BigValueGraphMode.None)
    .setOption('reduceOptions', { calcs: ['lastNotNull'], fields: `/^${field}$/`, values: false })
    .setNoValue('not burning')
    .build();
}

/** Where the SLO stands: SLI over its window, budget left, burn rate and time to exhaustion. */
function statusStrip() {
  const item = (body: VizPanel) => new SceneFlexItem({ body });
  return new SceneFlexLayout({
    direction: 'row',
    height: 120,
    children: [
      item(stat('SLI over the window', 'SLI', 'percentunit', 'Good events over all events of the SLO window')),
      item(stat('Error budget left', 'Budget left', 'percentunit', 'Share of the error budget not yet spent')),
      item(stat('Burn rate (1h)', 'Burn rate \\(1h\\)', 'none', '1 spends exactly the budget over the window')),
      item(
        // Red only when the budget runs out within a day; Grafana's default thresholds would paint
        // every time to exhaustion past 80 seconds red, however far off.
        stat('Budget runs out in', 'Time to exhaustion', 's', 'At the last hour’s burn rate; empty when not burning', {
          mode: ThresholdsMode.Absolute,
          steps: [
            { value: -Infinity, color: 'red' },
            { value: DAY, color: 'orange' },
            { value: 7 * DAY, color: 'green' },
          ],
        })
      ),
    ],
  });
}

/** The SLI per period against the objective; the shortfall below it is shaded red. */
function sliPanel() {
  return (
    PanelBuilders.timeseries()
      .setTitle('SLI against its objective')
      .setUnit('percentunit')
      .setCustomFieldConfig('thresholdsStyle', { mode: GraphThresholdsStyleMode.LineAndArea })
      .setThresholds({
        mode: ThresholdsMode.Absolute,
        steps: [
          { value: -Infinity, color: 'red' },
          { value: 0.99, color: 'transparent' },
        ],
      })
      // Reads the page's SLI and summary query, and takes its threshold from the summary.
      .setData(new SceneDataTransformer({ transformations: [objectiveAsThreshold] }))
      .build()
  );
}

function budgetPanel(datasource: DataSourceRef) {
  return PanelBuilders.timeseries()
    .setTitle('Error budget burn-down')
    .setDescription('Budget left over the SLO window at each point; below zero the SLO is broken')
    .setUnit('percentunit')
    .setCustomFieldConfig('thresholdsStyle', { mode: GraphThresholdsStyleMode.Line })
    .setThresholds({
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'red' },
        { value: 0, color: 'green' },
      ],
    })
    .setData(new SceneQueryRunner({ datasource, queries: [queries.slo('A', 'budgetRemaining')] }))
    .build();
}

function burnRatePanel(datasource: DataSourceRef) {
  return PanelBuilders.timeseries()
    .setTitle('Burn rate over 1h and 6h')
    .setDescription('The long windows of the page tiers; 1 spends exactly the budget over the SLO window')
    .setData(
      new SceneQueryRunner({
        datasource,
        queries: [queries.slo('A', 'burnRate', '1h'), queries.slo('B', 'burnRate', '6h')],
      })
    )
    .build();
}

/** Each burn-rate alert tier as its rule sees it now: both windows against the tier's threshold. */
function alertWindowsPanel(datasource: DataSourceRef) {
  return PanelBuilders.table()
    .setTitle('Burn rate per alert window')
    .setData(new SceneQueryRunner({ datasource, queries: [queries.slo('A', 'alertWindows')] }))
    .setOverrides((b) =>
      b
        .matchFieldsWithName('burning')
        .overrideMappings([
          {
            type: MappingType.ValueToText,
            options: {
              true: { text: 'over threshold', color: 'red', index: 0 },
              false: { text: 'under', color: 'green', index: 1 },
            },
          },
        ])
        .overrideCustomFieldConfig('cellOptions', { type: TableCellDisplayMode.ColorText })
    )
    .build();
}

function breakdownPanel(datasource: DataSourceRef) {
  return PanelBuilders.table()
    .setTitle('Breakdown: worst resource first')
    .setDescription('The SLI of each resource over the time range and its share of the bad events')
    .setData(new SceneQueryRunner({ datasource, queries: [queries.slo('A', 'breakdown')] }))
    .build();
}

/** One SLO: where it stands, SLI against objective, budget burn-down, burn rates, breakdown and its alert rules. */
export function sloScene(datasourceUid: string) {
  const datasource: DataSourceRef = { type: DATASOURCE_TYPE, uid: datasourceUid };
  const row = (height: number, ...children: Array<SceneFlexItem | SceneFlexLayout>) =>
    new SceneFlexLayout({ direction: 'row', height, children });
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-24h', to: 'now' }),
    $variables: new SceneVariableSet({ variables: [sloVariable(datasource)] }),
    $data: new SceneDataLayerSet({
      layers: [
        new dataLayers.AnnotationsDataLayer({
          name: 'Deployments',
          isEnabled: true,
          query: {
            name: 'Deployments',
            enable: true,
            iconColor: 'purple',
            datasource,
            target: queries.allDeployments(),
          },
        }),
      ],
    }),
    controls: pageControls({ afterVariables: [new SceneDataLayerControls()] }),
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        // One query for the SLI and where the SLO stands feeds the status strip and the SLI chart.
        new SceneFlexLayout({
          direction: 'column',
          $data: new SceneQueryRunner({ datasource, queries: [queries.slo('A', 'sli'), queries.sloSummary('$slo')] }),
          children: [
            statusStrip(),
            row(280, new SceneFlexItem({ body: sliPanel() }), new SceneFlexItem({ body: budgetPanel(datasource) })),
          ],
        }),
        row(
          260,
          new SceneFlexItem({ body: burnRatePanel(datasource) }),
          new SceneFlexItem({ body: alertWindowsPanel(datasource) })
        ),
        row(
          240,
          new SceneFlexItem({ body: breakdownPanel(datasource) }),
          new SceneFlexItem({ body: new AlertRulesScene({ datasourceUid, slo: '$slo' }) })
        ),
      ],
    }),
  });
}

export function sloPage(datasourceUid: string) {
  return appPage(ROUTES.Slo, 'SLO', 'One SLO: its SLI, error budget, burn rates and alerts', () =>
    sloScene(datasourceUid)
  );
}
