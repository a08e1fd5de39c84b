// Grafana's query plumbing that lives in Grafana, not in @grafana/runtime: runRequest (a request's
// responses as PanelData) and the template service (variables interpolated by the scene that asks).
import {
  type DataFrame,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  DataTopic,
  LoadingState,
  type PanelData,
  type ScopedVars,
} from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { type SceneObject, sceneGraph } from '@grafana/scenes';
import { type Observable, catchError, from, map, of, startWith } from 'rxjs';

function panelData(request: DataQueryRequest, response: DataQueryResponse): PanelData {
  const frames = (response.data ?? []) as DataFrame[];
  const errors: DataQueryError[] = response.errors ?? (response.error ? [response.error] : []);
  return {
    state: errors.length ? LoadingState.Error : (response.state ?? LoadingState.Done),
    series: frames.filter((f) => f.meta?.dataTopic !== DataTopic.Annotations),
    annotations: frames.filter((f) => f.meta?.dataTopic === DataTopic.Annotations),
    errors: errors.length ? errors : undefined,
    error: errors[0],
    request,
    timeRange: request.range,
  };
}

export function runRequest(
  datasource: DataSourceApi,
  request: DataQueryRequest,
  queryFunction?: typeof datasource.query
): Observable<PanelData> {
  const loading: PanelData = { state: LoadingState.Loading, series: [], request, timeRange: request.range };
  const answer = (queryFunction ?? datasource.query).call(datasource, request);
  return from(answer as Observable<DataQueryResponse>).pipe(
    map((response) => panelData(request, response)),
    catchError((error) =>
      of(panelData(request, { data: [], error: { message: error?.data?.message ?? error?.message ?? String(error) } }))
    ),
    startWith(loading)
  );
}

/** The scene a query runner passes in its scopedVars, as Grafana's TemplateSrv reads it. */
function sceneOf(scopedVars?: ScopedVars): SceneObject | undefined {
  const wrapped = scopedVars?.__sceneObject?.value as { valueOf(): SceneObject } | undefined;
  return wrapped?.valueOf();
}

export const templateSrv = {
  getVariables: () => [],
  replace(target?: string, scopedVars?: ScopedVars, format?: string | Function): string {
    const scene = sceneOf(scopedVars);
    if (!target || !scene) {
      return target ?? '';
    }
    return sceneGraph.interpolate(scene, target, scopedVars, format as Parameters<typeof sceneGraph.interpolate>[3]);
  },
  containsTemplate: (target?: string) => !!target && /\$|\[\[/.test(target),
  updateTimeRange: () => {},
} as unknown as TemplateSrv;
