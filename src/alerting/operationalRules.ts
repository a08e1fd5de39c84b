import { QueryKind, type ServerlessQuery } from '../datasource/types';
import type { ProvisionedRule, RuleGroup } from '../slo/rules';

/**
 * A proactive alert on serverless resources. Its query may return one series per resource, so
 * Grafana raises one alert instance per function, queue or state machine that crosses the threshold.
 */
interface OperationalAlert {
  uid: string;
  title: string;
  /** What fired, for people: Grafana fills in {{ $labels.* }} and {{ $values.B }}. */
  summary: string;
  query: Omit<ServerlessQuery, 'refId'>;
  /** How the series' recent points become one value per resource. */
  reducer: 'max' | 'last';
  threshold: number;
  /**
   * Makes the threshold a share of these events, with a floor on their number: a function called
   * three times that failed once is not an incident.
   */
  perEvents?: { query: Omit<ServerlessQuery, 'refId'>; atLeast: number };
  /** How far back the query reads, in seconds. */
  lookbackSeconds: number;
  /** How long the condition must hold before the alert fires. */
  for: string;
}

const metrics = (query: Omit<ServerlessQuery, 'refId' | 'queryType'>): Omit<ServerlessQuery, 'refId'> => ({
  queryType: QueryKind.Metrics,
  ...query,
});

/** The proactive alerts users of serverless systems expect, from the product spec. */
export const OPERATIONAL_ALERTS: OperationalAlert[] = [
  {
    uid: 'ops-dlq-messages',
    title: 'Messages in a dead-letter queue',
    summary: '{{ $labels.QueueName }} holds {{ $values.B }} messages that failed processing',
    query: metrics({
      resourceKind: 'sqs',
      pattern: 'dlq|dead-?letter',
      metric: 'ApproximateNumberOfMessagesVisible',
      statistic: 'Maximum',
      period: 60,
    }),
    reducer: 'last',
    threshold: 0,
    lookbackSeconds: 600,
    for: '1m',
  },
  {
    uid: 'ops-function-errors',
    title: 'Function error rate above 5%',
    summary: '{{ $labels.FunctionName }} failed {{ $values.B }} of {{ $values.D }} invocations in 15 minutes',
    query: metrics({ resourceKind: 'lambda', metric: 'Errors', statistic: 'Sum', period: 900 }),
    reducer: 'last',
    threshold: 0.05,
    perEvents: {
      query: metrics({ resourceKind: 'lambda', metric: 'Invocations', statistic: 'Sum', period: 900 }),
      atLeast: 20,
    },
    lookbackSeconds: 900,
    for: '5m',
  },
  {
    uid: 'ops-function-throttles',
    title: 'Function throttled',
    summary: '{{ $labels.FunctionName }} was throttled {{ $values.B }} times in 5 minutes: raise its concurrency',
    query: metrics({ resourceKind: 'lambda', metric: 'Throttles', statistic: 'Sum', period: 300 }),
    reducer: 'last',
    threshold: 0,
    lookbackSeconds: 900,
    for: '5m',
  },
  {
    uid: 'ops-duration-near-timeout',
    title: 'Function duration near its timeout',
    summary: "{{ $labels.FunctionName }}'s longest call took {{ humanize $values.B.Value }}% of its timeout",
    query: metrics({ resourceKind: 'lambda', metric: 'Duration', statistic: 'Maximum', period: 300, ofTimeout: true }),
    reducer: 'last',
    threshold: 90,
    lookbackSeconds: 900,
    for: '5m',
  },
  {
    uid: 'ops-sfn-failed',
    title: 'Step Functions executions failing',
    summary:
      '{{ $labels.StateMachineArn }}: {{ humanizePercentage $values.B.Value }} of executions failed in 5 minutes',
    // The Average of ExecutionsFailed is the share of executions that failed: a workflow that fails
    // now and then is normal, one that fails a run in twenty is not.
    query: metrics({ resourceKind: 'states', metric: 'ExecutionsFailed', statistic: 'Average', period: 300 }),
    reducer: 'last',
    threshold: 0.05,
    lookbackSeconds: 900,
    for: '5m',
  },
  {
    uid: 'ops-sfn-timed-out',
    title: 'Step Functions executions timing out',
    summary:
      '{{ $labels.StateMachineArn }}: {{ humanizePercentage $values.B.Value }} of executions timed out in 5 minutes',
    query: metrics({ resourceKind: 'states', metric: 'ExecutionsTimedOut', statistic: 'Average', period: 300 }),
    reducer: 'last',
    threshold: 0.01,
    lookbackSeconds: 900,
    for: '5m',
  },
  {
    uid: 'ops-queue-age',
    title: 'Queue messages waiting over 10 minutes',
    summary: "{{ $labels.QueueName }}'s oldest message has waited {{ humanizeDuration $values.B.Value }}",
    query: metrics({ resourceKind: 'sqs', metric: 'ApproximateAgeOfOldestMessage', statistic: 'Maximum', period: 60 }),
    reducer: 'last',
    threshold: 600,
    lookbackSeconds: 600,
    for: '5m',
  },
  {
    uid: 'ops-queue-depth',
    title: 'Queue backlog over 1,000 messages',
    summary: '{{ $labels.QueueName }} has {{ $values.B }} messages waiting',
    query: metrics({
      resourceKind: 'sqs',
      metric: 'ApproximateNumberOfMessagesVisible',
      statistic: 'Maximum',
      period: 60,
    }),
    reducer: 'last',
    threshold: 1000,
    lookbackSeconds: 600,
    for: '10m',
  },
];

const EXPRESSIONS = '__expr__';
const expressionDatasource = { type: EXPRESSIONS, uid: EXPRESSIONS };

const reduce = (refId: string, expression: string, reducer: OperationalAlert['reducer']) => ({
  refId,
  datasourceUid: EXPRESSIONS,
  model: { refId, datasource: expressionDatasource, type: 'reduce', expression, reducer },
});

/**
 * A: the query; B: one value per resource. C fires where B is over the threshold or, with
 * perEvents, over that share of D (the events, per resource, from E) and D is large enough.
 * The event query has the same labels as A, so Grafana pairs the series by resource.
 */
function operationalRule(alert: OperationalAlert, datasourceUid: string, runbookUrl: string): ProvisionedRule {
  const query = (refId: string, model: Omit<ServerlessQuery, 'refId'>) => ({
    refId,
    relativeTimeRange: { from: alert.lookbackSeconds, to: 0 },
    datasourceUid,
    model: { refId, ...model },
  });
  const data: ProvisionedRule['data'] = [query('A', alert.query), reduce('B', 'A', alert.reducer)];
  if (alert.perEvents) {
    data.push(query('E', alert.perEvents.query), reduce('D', 'E', alert.reducer), {
      refId: 'C',
      datasourceUid: EXPRESSIONS,
      model: {
        refId: 'C',
        datasource: expressionDatasource,
        type: 'math',
        expression: `$B > ${alert.threshold} * $D && $D >= ${alert.perEvents.atLeast}`,
      },
    });
  } else {
    data.push({
      refId: 'C',
      datasourceUid: EXPRESSIONS,
      model: {
        refId: 'C',
        datasource: expressionDatasource,
        type: 'threshold',
        expression: 'B',
        conditions: [{ evaluator: { type: 'gt', params: [alert.threshold] } }],
      },
    });
  }
  return {
    uid: alert.uid,
    title: alert.title,
    condition: 'C',
    data,
    // A resource that publishes nothing (no traffic, no messages) is healthy, not unknown.
    noDataState: 'OK',
    execErrState: 'Error',
    for: alert.for,
    labels: { severity: 'ticket', category: 'operational' },
    annotations: { summary: alert.summary, runbook_url: runbookUrl },
  };
}

export interface OperationalRulesOptions {
  datasourceUid: string;
  folder: string;
  /** Where the app shows the resources behind an alert. */
  runbookUrl: string;
}

/** One rule group with every operational alert, evaluated each minute. */
export function operationalRuleGroup(options: OperationalRulesOptions): RuleGroup {
  return {
    orgId: 1,
    name: 'Serverless operations',
    folder: options.folder,
    interval: '1m',
    rules: OPERATIONAL_ALERTS.map((a) => operationalRule(a, options.datasourceUid, options.runbookUrl)),
  };
}
