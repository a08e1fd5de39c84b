// A page of the plugin's own components, rendered outside Grafana so they can be screenshot and
// looked at. Grafana's panels and pages cannot render here; these editors can.
import React from 'react';
import { createRoot } from 'react-dom/client';
import {
  EventBusSrv,
  FieldType,
  getDefaultTimeRange,
  LoadingState,
  type PluginMeta,
  PluginContextProvider,
  toDataFrame,
} from '@grafana/data';
import { SceneDataNode, SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import { MemoryRouter } from 'react-router-dom';
import { setAppEvents } from '@grafana/runtime';
import { useTheme2 } from '@grafana/ui';

import { ConfigEditor, type ConfigEditorProps } from '../../src/datasource/components/ConfigEditor';
import { QueryEditor } from '../../src/datasource/components/QueryEditor';
import { TrendCell } from '../../src/scenes/TrendCell';
import { AlertRulesScene } from '../../src/scenes/AlertRulesScene';
import { SloListScene } from '../../src/scenes/SloListScene';
import { FakeGrafana } from '../../src/test/fakeGrafana';
import { sloSummaryFrame } from '../../src/test/sloSummary';
import type { DataSource } from '../../src/datasource/datasource';
import { QueryKind, type ServerlessQuery } from '../../src/datasource/types';

setAppEvents(new EventBusSrv());

const noop = () => {};
const settings = (jsonData: ConfigEditorProps['options']['jsonData']) =>
  ({
    id: 1,
    uid: 'serverless-demo',
    name: 'Serverless',
    jsonData,
    secureJsonFields: {},
    secureJsonData: {},
  }) as unknown as ConfigEditorProps['options'];

// A day of hourly invocations and errors with a morning incident, as the inventory sends them.
const trends: Array<[string, string, number[]]> = [
  [
    'Invocations trend',
    'blue',
    [40, 32, 30, 35, 52, 80, 130, 190, 240, 260, 250, 245, 238, 240, 255, 262, 250, 230, 200, 160, 120, 90, 60, 48],
  ],
  ['Errors trend', 'red', [0, 0, 1, 0, 0, 2, 1, 0, 45, 88, 12, 1, 0, 0, 1, 0, 0, 2, 0, 0, 1, 0, 0, 0]],
];

function Trends() {
  return (
    <div style={{ display: 'flex', gap: 32 }}>
      {trends.map(([name, color, values]) => {
        const field = {
          name,
          type: FieldType.other,
          values: [values],
          config: { color: { mode: 'fixed', fixedColor: color } },
        };
        return (
          <div key={name} data-testid={name}>
            {name}
            <TrendCell value={values} field={field} rowIndex={0} frame={toDataFrame({ fields: [field] })} />
          </div>
        );
      })}
    </div>
  );
}

// The SLO list and the alert rules against an in-memory Grafana with no rules installed yet.
const grafana = new FakeGrafana();
const sloList = new SceneFlexLayout({
  children: [
    new SceneFlexItem({
      $data: new SceneDataNode({
        data: {
          state: LoadingState.Done,
          timeRange: getDefaultTimeRange(),
          series: [sloSummaryFrame],
        },
      }),
      body: new SloListScene({}, grafana),
    }),
  ],
});
const alertRules = new SceneFlexLayout({
  children: [
    new SceneFlexItem({
      body: new AlertRulesScene({ datasourceUid: 'serverless-demo', slo: 'booking-availability' }, grafana),
    }),
  ],
});

const examples: Array<[string, ServerlessQuery, 'demo' | 'aws']> = [
  [
    'Metrics query (AWS mode shows its cost)',
    {
      refId: 'A',
      queryType: QueryKind.Metrics,
      resourceKind: 'lambda',
      names: ['payments-initializer', 'payment-finalizer'],
      metric: 'Duration',
      statistic: 'p99',
      period: 0,
    },
    'aws',
  ],
  [
    'A query the back end would refuse',
    { refId: 'B', queryType: QueryKind.Metrics, resourceKind: 'lambda', metric: 'Errors', statistic: 'p99' },
    'demo',
  ],
  [
    'Logs query',
    {
      refId: 'C',
      queryType: QueryKind.Logs,
      names: ['booking-api-handler'],
      preset: 'errors',
      search: '/timeout/',
      limit: 100,
    },
    'demo',
  ],
];

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const theme = useTheme2();
  return (
    <section style={{ marginBottom: theme.spacing(3) }}>
      <h3 style={{ color: theme.colors.text.primary }}>{title}</h3>
      <div
        style={{
          background: theme.colors.background.primary,
          padding: theme.spacing(2),
          border: `1px solid ${theme.colors.border.weak}`,
        }}
      >
        {children}
      </div>
    </section>
  );
}

function Gallery() {
  const theme = useTheme2();
  const meta = { id: 'seed-serverless-datasource', info: { version: '1.0.0' } } as PluginMeta;
  return (
    <div
      style={{
        background: theme.colors.background.canvas,
        padding: theme.spacing(3),
        fontFamily: theme.typography.fontFamily,
        minHeight: '100vh',
      }}
    >
      {examples.map(([title, query, mode]) => (
        <Section key={title} title={title}>
          <QueryEditor query={query} onChange={noop} onRunQuery={noop} datasource={{ mode } as unknown as DataSource} />
        </Section>
      ))}
      <MemoryRouter>
        <Section title="SLO list">
          <sloList.Component model={sloList} />
        </Section>
        <Section title="Alert rules of one SLO (not installed yet)">
          <alertRules.Component model={alertRules} />
        </Section>
      </MemoryRouter>
      <Section title="Inventory sparkline cells">
        <Trends />
      </Section>
      <Section title="Data source settings, AWS mode">
        <PluginContextProvider meta={meta}>
          <ConfigEditor options={settings({ mode: 'aws' })} onOptionsChange={noop} />
        </PluginContextProvider>
      </Section>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(<Gallery />);
