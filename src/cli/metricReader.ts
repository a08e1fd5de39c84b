import type { MetricStat } from '../slo/cloudwatchSli';

/** Where to read CloudWatch; unset fields fall back to the AWS SDK's environment and config. */
export interface ReaderOptions {
  region?: string;
  endpoint?: string;
}

export interface MetricQuery {
  id: string;
  metric: MetricStat;
  /** Seconds per datapoint. */
  period: number;
}

export interface DataPoint {
  timestamp: Date;
  value: number;
}

/** GetMetricData behind an interface, so the arithmetic is tested without AWS. */
export interface MetricReader {
  /** Each query's datapoints over [start, end), by query id. */
  read: (queries: MetricQuery[], start: Date, end: Date) => Promise<Map<string, DataPoint[]>>;
  close: () => void;
}
