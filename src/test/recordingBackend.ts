import { type DataQueryRequest, type DataQueryResponse, LoadingState, type PanelData } from '@grafana/data';
import { setRunRequest } from '@grafana/runtime';
import { registerRuntimeDataSource, RuntimeDataSource } from '@grafana/scenes';
import { Observable, of } from 'rxjs';

import type { ServerlessQuery } from '../datasource/types';
import { DATASOURCE_TYPE, DEMO_DATASOURCE_UID } from '../services/plugin';

/** Stands in for the back end: records every request a panel sends and answers with no data. */
class RecordingDataSource extends RuntimeDataSource {
  requests: Array<DataQueryRequest<ServerlessQuery>> = [];

  query(request: DataQueryRequest<ServerlessQuery>): Observable<DataQueryResponse> {
    this.requests.push(request);
    return of({ data: [] });
  }
}

/**
 * Registers a recording back end under the demo data source's uid, so scene query runners run
 * outside Grafana; call once per test file.
 */
export function recordingBackend(): RecordingDataSource {
  const backend = new RecordingDataSource(DATASOURCE_TYPE, DEMO_DATASOURCE_UID);
  registerRuntimeDataSource({ dataSource: backend });
  setRunRequest(
    (ds, request) =>
      new Observable<PanelData>((subscriber) => {
        (ds.query(request) as Observable<DataQueryResponse>).subscribe(() => {
          subscriber.next({ state: LoadingState.Done, series: [], timeRange: request.range });
          subscriber.complete();
        });
      })
  );
  return backend;
}

/** Waits, a bounded while, for a condition the scene reaches asynchronously. */
export async function waitUntil(condition: () => boolean) {
  for (let i = 0; i < 50 && !condition(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  if (!condition()) {
    throw new Error('the condition was not met within half a second');
  }
}
