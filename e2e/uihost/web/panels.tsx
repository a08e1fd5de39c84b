// Stand-ins for Grafana's core panels, built from the components Grafana's own panels use (@grafana/ui's
// TimeSeries, TableNG and BigValue). Node graph and logs have no public component: those stand-ins show
// their frames as tables, so tests read the data, not Grafana's visuals.
import React from 'react';
import {
  type DataFrame,
  type FieldConfigSource,
  FieldColorModeId,
  type PanelPluginMeta,
  PanelPlugin,
  type PanelProps,
  PluginType,
  getFieldDisplayName,
  getFieldDisplayValues,
} from '@grafana/data';
import {
  BigValue,
  BigValueColorMode,
  LegendDisplayMode,
  type TableSortByFieldState,
  TimeSeries,
  ZoomPlugin,
  useTheme2,
} from '@grafana/ui';
import type { TableCellHeight } from '@grafana/schema';
import { TableNG } from '@grafana/ui/unstable';

const TESTID_NO_DATA = 'uihost-no-data';

function NoData({ height }: { height: number }) {
  return (
    <div data-testid={TESTID_NO_DATA} style={{ height, display: 'grid', placeItems: 'center' }}>
      No data
    </div>
  );
}

/** Each frame one under the other, as Grafana's table panel would show them one at a time. */
interface TablesProps {
  frames: DataFrame[];
  width: number;
  height: number;
  timeRange: PanelProps['timeRange'];
  fieldConfig?: FieldConfigSource;
  /** The table panel's options Grafana passes on to its table. */
  options?: { sortBy?: TableSortByFieldState[]; cellHeight?: TableCellHeight };
}

function Tables({ frames, width, height, fieldConfig, timeRange, options = {} }: TablesProps) {
  const shown = frames.filter((f) => f.length > 0);
  // Grafana's panel pipeline names each field once (headers and sorting read the cached name).
  shown.forEach((frame) => frame.fields.forEach((field) => getFieldDisplayName(field, frame, frames)));
  if (!shown.length) {
    return <NoData height={height} />;
  }
  const each = Math.floor(height / shown.length);
  return (
    <div style={{ display: 'flex', flexDirection: 'column' }}>
      {shown.map((frame, i) => (
        <div key={i} data-testid="uihost-table" data-frame={frame.name ?? frame.refId}>
          <TableNG
            data={frame}
            width={width}
            height={each}
            fieldConfig={fieldConfig}
            timeRange={timeRange}
            sortBy={options.sortBy}
            cellHeight={options.cellHeight}
          />
        </div>
      ))}
    </div>
  );
}

function TablePanel({ data, width, height, fieldConfig, timeRange, options }: PanelProps) {
  return (
    <Tables
      frames={data.series}
      width={width}
      height={height}
      fieldConfig={fieldConfig}
      timeRange={timeRange}
      options={options}
    />
  );
}

function withLineDefaults(frames: DataFrame[]): DataFrame[] {
  return frames.map((frame) => ({
    ...frame,
    fields: frame.fields.map((field) => ({
      ...field,
      config: {
        // Grafana's time series panel draws each series in the next colour of its classic palette.
        color: { mode: FieldColorModeId.PaletteClassic },
        ...field.config,
        custom: {
          drawStyle: 'line',
          lineWidth: 1,
          fillOpacity: 10,
          showPoints: 'never',
          spanNulls: true,
          ...field.config.custom,
        },
      },
    })),
  }));
}

function TimeSeriesPanel({ data, width, height, timeRange, timeZone, onChangeTimeRange, options }: PanelProps) {
  if (!data.series.some((frame) => frame.length > 0)) {
    return <NoData height={height} />;
  }
  return (
    <TimeSeries
      frames={withLineDefaults(data.series)}
      width={width}
      height={height}
      timeRange={timeRange}
      timeZone={timeZone}
      options={options}
      legend={{ displayMode: LegendDisplayMode.List, placement: 'bottom', showLegend: true, calcs: [] }}
    >
      {(config) => <ZoomPlugin config={config} onZoom={({ from, to }) => onChangeTimeRange({ from, to })} />}
    </TimeSeries>
  );
}

function StatPanel({ data, width, height, options, fieldConfig, replaceVariables, timeZone }: PanelProps) {
  const theme = useTheme2();
  const values = getFieldDisplayValues({
    data: data.series,
    fieldConfig,
    reduceOptions: options.reduceOptions ?? { calcs: ['lastNotNull'] },
    replaceVariables,
    theme,
    timeZone,
  });
  if (!values.length) {
    return <NoData height={height} />;
  }
  const each = Math.floor(width / values.length);
  return (
    <div style={{ display: 'flex' }}>
      {values.map((value, i) => (
        <BigValue
          key={i}
          theme={theme}
          value={value.display}
          width={each}
          height={height}
          colorMode={options.colorMode ?? BigValueColorMode.Value}
          graphMode={options.graphMode}
          justifyMode={options.justifyMode}
          textMode={options.textMode}
        />
      ))}
    </div>
  );
}

function FramesAsTablesPanel({ data, width, height, timeRange }: PanelProps) {
  return <Tables frames={data.series} width={width} height={height} timeRange={timeRange} />;
}

function panel(id: string, component: React.ComponentType<PanelProps>): PanelPlugin {
  const plugin = new PanelPlugin(component).useFieldConfig({
    useCustomConfig: (builder) =>
      ['width', 'minWidth', 'cellOptions', 'align', 'hidden', 'inspect', 'filterable', 'drawStyle', 'lineWidth'].reduce(
        (b, path) =>
          b.addCustomEditor({
            id: path,
            path,
            name: path,
            editor: () => null,
            override: () => null,
            process: (v) => v,
            shouldApply: () => true,
          }),
        builder
      ),
  });
  plugin.meta = {
    id,
    name: id,
    type: PluginType.panel,
    sort: 0,
    module: '',
    baseUrl: '',
    info: {
      version: 'uihost',
      author: { name: 'uihost' },
      description: '',
      links: [],
      logos: { small: '', large: '' },
      screenshots: [],
      updated: '',
    },
  } as PanelPluginMeta;
  return plugin;
}

const panels: Record<string, PanelPlugin> = {
  timeseries: panel('timeseries', TimeSeriesPanel),
  table: panel('table', TablePanel),
  stat: panel('stat', StatPanel),
  logs: panel('logs', FramesAsTablesPanel),
  nodeGraph: panel('nodeGraph', FramesAsTablesPanel),
};

export const pluginImportUtils = {
  getPanelPluginFromCache: (id: string) => panels[id],
  importPanelPlugin: (id: string) =>
    panels[id] ? Promise.resolve(panels[id]) : Promise.reject(new Error(`the host has no panel plugin ${id}`)),
};
