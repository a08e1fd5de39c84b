import { PanelBuilders, SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import { BigValueGraphMode, MappingType, TableCellDisplayMode, ThresholdsMode } from '@grafana/schema';

import { links } from '../services/links';

// These panels have no data of their own: they read the inventory query of the layout around them.

/** The inventory: one row per function, worst error rate first, health coloured. */
export function inventoryTable() {
  return PanelBuilders.table()
    .setTitle('Functions')
    .setDescription('Every function over the time range; click a column to sort')
    .setOption('sortBy', [{ displayName: 'Error %', desc: true }])
    .setOverrides((b) =>
      b
        .matchFieldsWithName('function')
        .overrideLinks([{ title: 'Open the function', url: links.functionPage }])
        .matchFieldsWithName('health')
        .overrideMappings([
          {
            type: MappingType.ValueToText,
            options: {
              ok: { color: 'green', text: 'OK', index: 0 },
              warning: { color: 'orange', text: 'Warning', index: 1 },
              critical: { color: 'red', text: 'Critical', index: 2 },
            },
          },
        ])
        .overrideCustomFieldConfig('cellOptions', { type: TableCellDisplayMode.ColorBackground })
        .matchFieldsWithName('errorRate')
        .overrideThresholds({
          mode: ThresholdsMode.Absolute,
          steps: [
            { value: -Infinity, color: 'green' },
            { value: 1, color: 'orange' },
            { value: 5, color: 'red' },
          ],
        })
        .overrideCustomFieldConfig('cellOptions', { type: TableCellDisplayMode.ColorText })
    )
    .build();
}

/** A strip of totals over the same inventory rows: no extra query. */
export function totalsStrip() {
  const total = (title: string, field: string, unit: string) =>
    new SceneFlexItem({
      body: PanelBuilders.stat()
        .setTitle(title)
        .setUnit(unit)
        .setOption('graphMode', BigValueGraphMode.None)
        .setOption('reduceOptions', { calcs: ['sum'], fields: `/^${field}$/`, values: false })
        .build(),
    });
  return new SceneFlexLayout({
    direction: 'row',
    height: 110,
    children: [
      total('Invocations', 'Invocations', 'short'),
      total('Errors', 'Errors', 'short'),
      total('Throttles', 'Throttles', 'short'),
      total('Estimated cost', 'Estimated cost', 'currencyUSD'),
    ],
  });
}
