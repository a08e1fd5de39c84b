import {
  type CoreApp,
  CustomVariableSupport,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type ScopedVars,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import type { Observable } from 'rxjs';

import { VariableQueryEditor } from './components/VariableQueryEditor';
import { DEFAULT_QUERY, type Mode, QueryKind, type ServerlessDataSourceOptions, type ServerlessQuery } from './types';

export class DataSource extends DataSourceWithBackend<ServerlessQuery, ServerlessDataSourceOptions> {
  readonly mode: Mode;

  constructor(instanceSettings: DataSourceInstanceSettings<ServerlessDataSourceOptions>) {
    super(instanceSettings);
    this.mode = instanceSettings.jsonData.mode ?? 'demo';
    this.variables = new ServerlessVariableSupport(this);
    // Annotation queries use the query editor; deployments come back as time/title/text/tags frames.
    this.annotations = {};
  }

  getDefaultQuery(_: CoreApp): Partial<ServerlessQuery> {
    return DEFAULT_QUERY;
  }

  /** Expands template variables; a multi-value variable in names becomes several names. */
  applyTemplateVariables(query: ServerlessQuery, scopedVars: ScopedVars): ServerlessQuery {
    const templateSrv = getTemplateSrv();
    const names = (query.names ?? []).flatMap((name) =>
      templateSrv
        .replace(name, scopedVars, 'csv')
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== '')
    );
    const replace = (value?: string) => (value === undefined ? value : templateSrv.replace(value, scopedVars));
    return {
      ...query,
      names,
      region: replace(query.region),
      runtime: replace(query.runtime),
      pattern: replace(query.pattern),
      upstreamOf: replace(query.upstreamOf),
      search: replace(query.search),
      insights: replace(query.insights),
      slo: replace(query.slo),
    };
  }
}

/** Variable queries run through the back end like any other query (queryType "variable"). */
export class ServerlessVariableSupport extends CustomVariableSupport<DataSource, ServerlessQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: DataSource) {
    super();
  }

  query(request: DataQueryRequest<ServerlessQuery>): Observable<DataQueryResponse> {
    const targets = request.targets.map((t) => ({
      ...t,
      queryType: QueryKind.Variable,
      variable: t.variable ?? 'functions',
    }));
    return this.datasource.query({ ...request, targets });
  }
}
