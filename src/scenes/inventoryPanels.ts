import { PanelBuilders, SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import { FieldColorModeId } from '@grafana/data';
import {
  BigValueGraphMode,
  MappingType,
  TableCellDisplayMode,
  type TableCellOptions,
  ThresholdsMode,
} from '@grafana/schema';

import { links } from '../services/links';
import { TREND_WIDTH, TrendCell } from './TrendCell';

/**
 * Sparklines from the inventory's trend columns. Grafana's table takes a custom cell component;
 * its schema type does not list it, hence the cast.
 */
const trendCell = { type: TableCellDisplayMode.Custom, cellComponent: TrendCell } as unknown as TableCellOptions;

// These panels have no data of their own: they read the inventory query of the layout around them.

/** The inventory: one row per function, worst error rate first, health coloured. */
export function inventoryTable() {
  return (
    PanelBuilders.table()
      .setTitle('Functions')
      .setDescription('Every function over the time range; click a column to sort')
      .setOption('sortBy', [{ displayName: 'Error %', desc: true }])
      // Nineteen columns fit a 1600-pixel page only below Grafana's default minimum of 150 pixels.
      .setCustomFieldConfig('minWidth', 64)
      .setOverrides((b) =>
        b
          .matchFieldsWithName('function')
          .overrideLinks([{ title: 'Open the function', url: links.functionPage }])
          .overrideCustomFieldConfig('minWidth', 200)
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
          .matchFieldsWithName('invocationsTrend')
          .overrideCustomFieldConfig('cellOptions', trendCell)
          .overrideCustomFieldConfig('width', TREND_WIDTH + 16)
          .overrideColor({ mode: FieldColorModeId.Fixed, fixedColor: 'blue' })
          .matchFieldsWithName('errorsTrend')
          .overrideCustomFieldConfig('cellOptions', trendCell)
          .overrideCustomFieldConfig('width', TREND_WIDTH + 16)
          .overrideColor({ mode: FieldColorModeId.Fixed, fixedColor: 'red' })
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
      .build()
  );
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
