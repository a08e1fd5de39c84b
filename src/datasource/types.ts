import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';

/** What a query asks for; sent as the query's queryType, as Grafana expects. */
export enum QueryKind {
  Metrics = 'metrics',
}

export type ResourceKind = 'lambda' | 'apigateway' | 'apigatewayv2' | 'sqs' | 'states' | 'events' | 'dynamodb' | 'rds';

/** The query model, mirrored by pkg/query in Go; testdata/queries holds examples both sides read. */
export interface ServerlessQuery extends DataQuery {
  queryType?: QueryKind;
  resourceKind?: ResourceKind;
  /** Resource names; empty means every resource of the kind. Template variables are allowed. */
  names?: string[];
  metric?: string;
  statistic?: string;
  /** Period in seconds, a multiple of 60; 0 lets the back end choose from the panel's interval. */
  period?: number;
}

export const DEFAULT_QUERY: Partial<ServerlessQuery> = {
  queryType: QueryKind.Metrics,
  resourceKind: 'lambda',
  names: [],
  metric: 'Invocations',
  statistic: 'Sum',
  period: 0,
};

export type Mode = 'demo' | 'aws';

/** Data source settings (jsonData), mirrored by pkg/settings in Go. */
export interface ServerlessDataSourceOptions extends DataSourceJsonData {
  mode?: Mode;
  /** Scales the demo estate up to this many functions, for load work; 0 keeps the base estate. */
  demoFunctions?: number;
}
