/**
 * An SLO as users write it (and provision it in the data source's jsonData): a subset of OpenSLO v1
 * with serverless SLI templates. Mirrored by pkg/slo in Go.
 */
export type SliTemplate = 'functionAvailability' | 'apiAvailability' | 'latency' | 'queueFreshness';

export interface SliSpec {
  template: SliTemplate;
  /** The functions, APIs or queues the SLI reads; $variables are not allowed in specs. */
  resources: string[];
  /** For latency (ms) and queue freshness (seconds): a good event is at or under it. */
  threshold?: number;
}

export type WindowSpec = { rolling: string } | { calendar: 'week' | 'month' };

export interface ExclusionWindow {
  /** ISO 8601 instants; events in [start, end) count neither as good nor as total. */
  start: string;
  end: string;
  reason?: string;
}

export interface SloSpec {
  name: string;
  service: string;
  description?: string;
  sli: SliSpec;
  /** Target in percent, for example 99.5. */
  objective: number;
  window: WindowSpec;
  budgeting?: 'occurrences' | 'timeslices';
  exclusions?: ExclusionWindow[];
  labels?: Record<string, string>;
  alerting?: {
    /** Fewer events than this in an alert's long window never fire it (low-traffic guard). */
    minEvents?: number;
    runbookUrl?: string;
  };
}
