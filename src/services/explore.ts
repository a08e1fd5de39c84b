import type { RawTimeRange } from '@grafana/data';
import type { DataSourceRef } from '@grafana/schema';

import type { ServerlessQuery } from '../datasource/types';

/** Grafana's Explore URL with two panes side by side, each with its data source, queries and range. */
export function exploreSplitUrl(
  datasource: DataSourceRef,
  left: ServerlessQuery[],
  right: ServerlessQuery[],
  range: RawTimeRange
): string {
  const pane = (queries: ServerlessQuery[]) => ({
    datasource: datasource.uid,
    queries: queries.map((q) => ({ ...q, datasource })),
    range: { from: String(range.from), to: String(range.to) },
  });
  const panes = { metrics: pane(left), logs: pane(right) };
  return `/explore?schemaVersion=1&panes=${encodeURIComponent(JSON.stringify(panes))}`;
}
