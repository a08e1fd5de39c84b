import type { AwsAuthDataSourceJsonData, AwsAuthDataSourceSecureJsonData } from '@grafana/aws-sdk';
import type { DataQuery } from '@grafana/schema';

/** What a query asks for; sent as the query's queryType, as Grafana expects. Mirrors pkg/query. */
export enum QueryKind {
  Metrics = 'metrics',
  Inventory = 'inventory',
  Logs = 'logs',
  Topology = 'topology',
  Annotations = 'annotations',
  Variable = 'variable',
  Slo = 'slo',
}

export type ResourceKind = 'lambda' | 'apigateway' | 'apigatewayv2' | 'sqs' | 'states' | 'events' | 'dynamodb' | 'rds';

export type LogPreset = 'errors' | 'timeouts' | 'coldStarts' | 'topErrors';

export type VariableKind = 'regions' | 'functions' | 'apis' | 'queues' | 'stateMachines' | 'runtimes' | 'slos';

/** The past a metric is compared with; the answer is the deviation in percent. */
export type Baseline = 'lastWeek';

export type SloOutput =
  'sli' | 'burnRate' | 'budgetRemaining' | 'timeToExhaustion' | 'events' | 'summary' | 'breakdown' | 'alertWindows';

/**
 * The query model, flat as Grafana stores it; each kind reads the fields it needs. Mirrors
 * pkg/query.Model; testdata/queries/examples.json holds examples both sides read.
 */
export interface ServerlessQuery extends DataQuery {
  queryType?: QueryKind;
  resourceKind?: ResourceKind;
  /** Resource names; empty means every resource of the kind. Template variables are allowed. */
  names?: string[];
  /** A regular expression names must match. */
  pattern?: string;
  /** One region; empty or `*` for every region. */
  region?: string;
  /** Only functions of this Lambda runtime (nodejs20.x, python3.12, ...); empty or `*` for every runtime. */
  runtime?: string;
  metric?: string;
  statistic?: string;
  /** Replaces the series' display names, so panels can compute with them. */
  label?: string;
  /** Period in seconds, a multiple of 60; 0 lets the back end choose from the panel's interval. */
  period?: number;
  /** Text to find in log messages, or a /regular expression/. */
  search?: string;
  /** A Logs Insights query: fields, filter (@message like, @type =), sort @timestamp, limit. */
  insights?: string;
  preset?: LogPreset;
  limit?: number;
  variable?: VariableKind;
  /** Only resources that call this Lambda function, such as the API in front of it. */
  upstreamOf?: string;
  /** Lambda Duration as a percentage of each function's configured timeout. */
  ofTimeout?: boolean;
  /** Answer with the deviation in percent from the same hours of the past period. */
  baseline?: Baseline;
  /** The name of one of the data source's SLOs (demo mode has its own). */
  slo?: string;
  output?: SloOutput;
  /** The window a burn rate is measured over, such as 5m, 1h or 3d. */
  burnWindow?: string;
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
export interface ServerlessDataSourceOptions extends AwsAuthDataSourceJsonData {
  mode?: Mode;
  /** Scales the demo estate up to this many functions, for load work; 0 keeps the base estate. */
  demoFunctions?: number;
  /** AWS mode: the regions queries read when they name none; the default region when empty. */
  regions?: string[];
}

export type ServerlessSecureJsonData = AwsAuthDataSourceSecureJsonData;
