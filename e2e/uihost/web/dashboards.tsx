// The shipped dashboards, built as Grafana builds a dashboard from its JSON model: variables, panels on
// the grid with their own queries, and annotation queries.
import React, { useMemo } from 'react';
import {
  CustomVariable,
  DataSourceVariable,
  EmbeddedScene,
  QueryVariable,
  SceneDataLayerSet,
  SceneGridItem,
  SceneGridLayout,
  SceneQueryRunner,
  SceneTimePicker,
  SceneTimeRange,
  SceneVariableSet,
  type SceneDataQuery,
  type SceneVariable,
  TextBoxVariable,
  UrlSyncContextProvider,
  VariableValueSelectors,
  VizPanel,
  dataLayers,
} from '@grafana/scenes';
import type { AnnotationQuery, DataSourceRef } from '@grafana/schema';

import lambdaFunction from '../../../src/dashboards/lambda-function.json';
import serverlessOverview from '../../../src/dashboards/serverless-overview.json';

interface DashboardVariable {
  name: string;
  label?: string;
  type: string;
  query?: string | SceneDataQuery;
  datasource?: DataSourceRef;
  includeAll?: boolean;
  multi?: boolean;
  allValue?: string;
  regex?: string;
  sort?: number;
  current?: { value?: string | string[] };
}

interface DashboardPanel {
  type: string;
  title: string;
  description?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: DataSourceRef;
  targets?: Array<{ refId: string; [key: string]: unknown }>;
  options?: Record<string, unknown>;
  fieldConfig?: { defaults: object; overrides: [] };
}

interface DashboardModel {
  uid: string;
  title: string;
  time: { from: string; to: string };
  templating: { list: DashboardVariable[] };
  panels: DashboardPanel[];
  annotations?: { list: AnnotationQuery[] };
}

const shipped = [serverlessOverview, lambdaFunction] as unknown as DashboardModel[];

function variable(v: DashboardVariable): SceneVariable {
  const common = { name: v.name, label: v.label };
  switch (v.type) {
    case 'datasource':
      return new DataSourceVariable({ ...common, pluginId: String(v.query) });
    case 'query':
      return new QueryVariable({
        ...common,
        datasource: v.datasource,
        query: v.query,
        includeAll: v.includeAll,
        isMulti: v.multi,
        allValue: v.allValue,
        regex: v.regex,
        sort: v.sort,
      });
    case 'textbox':
      return new TextBoxVariable({ ...common, value: String(v.query ?? '') });
    case 'custom':
      return new CustomVariable({
        ...common,
        query: String(v.query ?? ''),
        includeAll: v.includeAll,
        isMulti: v.multi,
      });
    default:
      throw new Error(`the host does not build ${v.type} variables`);
  }
}

function panel(p: DashboardPanel): SceneGridItem {
  return new SceneGridItem({
    x: p.gridPos.x,
    y: p.gridPos.y,
    width: p.gridPos.w,
    height: p.gridPos.h,
    body: new VizPanel({
      title: p.title,
      description: p.description,
      pluginId: p.type,
      options: p.options ?? {},
      fieldConfig: p.fieldConfig ?? { defaults: {}, overrides: [] },
      $data: new SceneQueryRunner({ datasource: p.datasource, queries: p.targets ?? [] }),
    }),
  });
}

function dashboardScene(model: DashboardModel): EmbeddedScene {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange(model.time),
    $variables: new SceneVariableSet({ variables: model.templating.list.map(variable) }),
    $data: new SceneDataLayerSet({
      layers: (model.annotations?.list ?? []).map(
        (a) => new dataLayers.AnnotationsDataLayer({ name: a.name, isEnabled: a.enable, query: a })
      ),
    }),
    controls: [new VariableValueSelectors({}), new SceneTimePicker({})],
    body: new SceneGridLayout({ isDraggable: false, isResizable: false, children: model.panels.map(panel) }),
  });
}

export function DashboardPage({ uid }: { uid: string }) {
  const model = shipped.find((d) => d.uid === uid);
  const scene = useMemo(() => (model ? dashboardScene(model) : undefined), [model]);
  if (!model || !scene) {
    return <h1>Dashboard {uid} not found</h1>;
  }
  return (
    <div style={{ padding: 16 }}>
      <h1>{model.title}</h1>
      <UrlSyncContextProvider scene={scene} updateUrlOnInit>
        <scene.Component model={scene} />
      </UrlSyncContextProvider>
    </div>
  );
}
