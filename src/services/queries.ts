import {
  type LogPreset,
  QueryKind,
  type ResourceKind,
  type ServerlessQuery,
  type SloOutput,
} from '../datasource/types';

/**
 * What a Region or Runtime variable sends for "All": CloudWatch's wildcard, read by the back end as no
 * filter. Scenes ignores an empty allValue and would send every option as a glob instead.
 */
export const ALL_VALUE = '*';

/** The queries the app's pages run, in one place; $region, $runtime, $pattern, $function and $search are the pages' variables. */
export const queries = {
  inventory: (): ServerlessQuery => ({
    refId: 'inventory',
    queryType: QueryKind.Inventory,
    region: '$region',
    runtime: '$runtime',
    pattern: '$pattern',
  }),
  topology: (): ServerlessQuery => ({ refId: 'topology', queryType: QueryKind.Topology }),
  topErrors: (): ServerlessQuery => ({ refId: 'topErrors', queryType: QueryKind.Logs, preset: 'topErrors' }),
  regions: (): ServerlessQuery => ({ refId: 'regions', queryType: QueryKind.Variable, variable: 'regions' }),
  runtimes: (): ServerlessQuery => ({
    refId: 'runtimes',
    queryType: QueryKind.Variable,
    variable: 'runtimes',
    region: '$region',
  }),
  functions: (): ServerlessQuery => ({
    refId: 'functions',
    queryType: QueryKind.Variable,
    variable: 'functions',
    region: '$region',
  }),
  /** A metric of the page's $function. */
  functionMetric: (
    refId: string,
    metric: string,
    statistic: string,
    options: Pick<ServerlessQuery, 'label' | 'baseline'> = {}
  ): ServerlessQuery => ({
    refId,
    queryType: QueryKind.Metrics,
    resourceKind: 'lambda',
    names: ['$function'],
    metric,
    statistic,
    period: 0,
    ...options,
  }),
  /** A metric of the resources in front of the page's $function: its REST or HTTP API. */
  upstreamMetric: (
    refId: string,
    resourceKind: ResourceKind,
    metric: string,
    statistic: string,
    label?: string
  ): ServerlessQuery => ({
    refId,
    queryType: QueryKind.Metrics,
    resourceKind,
    upstreamOf: '$function',
    metric,
    statistic,
    period: 0,
    label,
  }),
  /** The configuration of the page's $function (timeout, memory), from its inventory row. */
  functionConfig: (): ServerlessQuery => ({
    refId: 'config',
    queryType: QueryKind.Inventory,
    names: ['$function'],
  }),
  /** Log lines of the page's $function; $search narrows them. */
  functionLogs: (preset?: LogPreset): ServerlessQuery => ({
    refId: 'logs',
    queryType: QueryKind.Logs,
    names: ['$function'],
    preset,
    search: '$search',
    limit: 500,
  }),
  slos: (): ServerlessQuery => ({ refId: 'slos', queryType: QueryKind.Variable, variable: 'slos' }),
  /** Every SLO where it stands, or only the page's $slo. */
  sloSummary: (slo?: string): ServerlessQuery => ({
    refId: 'summary',
    queryType: QueryKind.Slo,
    output: 'summary',
    slo,
  }),
  /** An output of the page's $slo. */
  slo: (refId: string, output: SloOutput, burnWindow?: string): ServerlessQuery => ({
    refId,
    queryType: QueryKind.Slo,
    slo: '$slo',
    output,
    burnWindow,
  }),
  /** Deployments and configuration changes of every function. */
  allDeployments: (): ServerlessQuery => ({ refId: 'deployments', queryType: QueryKind.Annotations }),
  deployments: (): ServerlessQuery => ({
    refId: 'deployments',
    queryType: QueryKind.Annotations,
    names: ['$function'],
  }),
  coldStarts: (): ServerlessQuery => ({
    refId: 'coldStarts',
    queryType: QueryKind.Annotations,
    names: ['$function'],
    preset: 'coldStarts',
  }),
};
