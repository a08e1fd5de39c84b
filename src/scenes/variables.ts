import { QueryVariable, TextBoxVariable } from '@grafana/scenes';

import { ALL_VALUE, queries } from '../services/queries';
import type { DataSourceRef } from '@grafana/schema';

/** Region filter; "All" sends CloudWatch's wildcard, which the data source reads as every region. */
export function regionVariable(datasource: DataSourceRef) {
  return new QueryVariable({
    name: 'region',
    label: 'Region',
    datasource,
    query: queries.regions(),
    includeAll: true,
    defaultToAll: true,
    allValue: ALL_VALUE,
  });
}

/** Runtime filter; "All" sends the wildcard, which keeps every function. */
export function runtimeVariable(datasource: DataSourceRef) {
  return new QueryVariable({
    name: 'runtime',
    label: 'Runtime',
    datasource,
    query: queries.runtimes(),
    includeAll: true,
    defaultToAll: true,
    allValue: ALL_VALUE,
  });
}

/** A regular expression function names must match. */
export function functionPatternVariable() {
  return new TextBoxVariable({ name: 'pattern', label: 'Function name', value: '' });
}

/** The function a page is about; one at a time, so its URL names it. */
export function functionVariable(datasource: DataSourceRef) {
  return new QueryVariable({ name: 'function', label: 'Function', datasource, query: queries.functions() });
}

/** Text, or a /regular expression/, that log lines must contain. */
export function logSearchVariable() {
  return new TextBoxVariable({ name: 'search', label: 'Search logs', value: '' });
}

/** The SLO a page is about. */
export function sloVariable(datasource: DataSourceRef) {
  return new QueryVariable({ name: 'slo', label: 'SLO', datasource, query: queries.slos() });
}
