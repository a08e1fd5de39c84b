import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';

import type { DataPoint, MetricQuery, MetricReader, ReaderOptions } from './metricReader';

/** GetMetricData takes at most this many queries per request. */
const MAX_QUERIES = 500;

/** Reads metrics with the AWS SDK; a stalled connection fails within seconds, not minutes. */
export function cloudWatchReader(options: ReaderOptions): MetricReader {
  const client = new CloudWatchClient({
    ...(options.region && { region: options.region }),
    ...(options.endpoint && { endpoint: options.endpoint }),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
  return {
    async read(queries, start, end) {
      const series = new Map<string, DataPoint[]>(queries.map((q) => [q.id, []]));
      for (let i = 0; i < queries.length; i += MAX_QUERIES) {
        const batch = queries.slice(i, i + MAX_QUERIES).map(toMetricDataQuery);
        let nextToken: string | undefined;
        do {
          const response = await client.send(
            new GetMetricDataCommand({
              StartTime: start,
              EndTime: end,
              MetricDataQueries: batch,
              ScanBy: 'TimestampAscending',
              NextToken: nextToken,
            })
          );
          for (const result of response.MetricDataResults ?? []) {
            if (result.StatusCode === 'Forbidden' || result.StatusCode === 'InternalError') {
              const messages = (result.Messages ?? []).map((m) => m.Value).join('; ');
              throw new Error(`query ${result.Id}: ${result.StatusCode}${messages ? `: ${messages}` : ''}`);
            }
            const points = series.get(result.Id ?? '') ?? [];
            (result.Timestamps ?? []).forEach((timestamp, j) =>
              points.push({ timestamp, value: result.Values?.[j] ?? 0 })
            );
          }
          nextToken = response.NextToken;
        } while (nextToken);
      }
      return series;
    },
    close: () => client.destroy(),
  };
}

function toMetricDataQuery(q: MetricQuery): MetricDataQuery {
  return {
    Id: q.id,
    MetricStat: {
      Metric: {
        Namespace: q.metric.namespace,
        MetricName: q.metric.metricName,
        Dimensions: [{ Name: q.metric.dimension.name, Value: q.metric.dimension.value }],
      },
      Period: q.period,
      Stat: q.metric.stat,
    },
    ReturnData: true,
  };
}
