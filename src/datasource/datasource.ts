import type { CoreApp, DataSourceInstanceSettings, ScopedVars } from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';

import { DEFAULT_QUERY, type ServerlessDataSourceOptions, type ServerlessQuery } from './types';

export class DataSource extends DataSourceWithBackend<ServerlessQuery, ServerlessDataSourceOptions> {
  constructor(instanceSettings: DataSourceInstanceSettings<ServerlessDataSourceOptions>) {
    super(instanceSettings);
  }

  getDefaultQuery(_: CoreApp): Partial<ServerlessQuery> {
    return DEFAULT_QUERY;
  }

  /** Expands template variables in names; a multi-value variable becomes several names. */
  applyTemplateVariables(query: ServerlessQuery, scopedVars: ScopedVars): ServerlessQuery {
    const templateSrv = getTemplateSrv();
    const names = (query.names ?? []).flatMap((name) =>
      templateSrv
        .replace(name, scopedVars, 'csv')
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== '')
    );
    return { ...query, names };
  }
}
