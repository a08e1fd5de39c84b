// The OpenSLO v1 vocabulary shared by export and import: the SLO document this app writes, the
// annotations that carry what OpenSLO has no field for, and the error an import reports.

export const OPENSLO_API_VERSION = 'openslo/v1';

const PREFIX = 'seed-serverless-app/';
export const annotationKeys = {
  exclusions: `${PREFIX}exclusions`,
  minEvents: `${PREFIX}min-events`,
  runbookUrl: `${PREFIX}runbook-url`,
} as const;

export class OpenSloError extends Error {
  constructor(
    readonly path: string,
    message: string
  ) {
    super(`${path}: ${message}`);
  }
}

export interface CloudWatchMetricQuery {
  id: string;
  metricStat?: {
    metric: { namespace: string; metricName: string; dimensions: Array<{ name: string; value: string }> };
    period: number;
    stat: string;
  };
  expression?: string;
  returnData?: boolean;
}

export interface MetricSourceHolder {
  metricSource: { type: 'CloudWatch'; spec: { metricQueries: CloudWatchMetricQuery[] } };
}

export interface OpenSloSlo {
  apiVersion: typeof OPENSLO_API_VERSION;
  kind: 'SLO';
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    description?: string;
    service: string;
    indicator: {
      metadata: { name: string };
      spec: { ratioMetric: { counter: false; good: MetricSourceHolder; total: MetricSourceHolder } };
    };
    timeWindow: Array<{ duration: string; isRolling: boolean; calendar?: { startTime: string; timeZone: string } }>;
    budgetingMethod: 'Occurrences' | 'Timeslices';
    objectives: Array<{ targetPercent: number; timeSliceTarget?: number; timeSliceWindow?: string }>;
  };
}
