import { parseAllDocuments, stringify } from 'yaml';

import demoSlos from '../../../pkg/plugin/demo_slos.json';
import specs from '../../../testdata/slo/specs.json';
import { annotationKeys, fromOpenSlo, toOpenSlo } from '.';
import type { SloSpec } from '../spec';

/** Imports YAML text the way the CLI does: every document, in order. */
function importYaml(text: string) {
  const documents = parseAllDocuments(text) as Array<{ toJS: () => unknown }>;
  return fromOpenSlo(documents.map((d, i) => ({ document: d.toJS(), where: `doc ${i + 1}` })));
}

const sharedSpecs: SloSpec[] = [...(specs.valid as SloSpec[]), ...(demoSlos as SloSpec[])];

describe('OpenSLO export and import', () => {
  it.each(sharedSpecs.map((s) => [s.name, s]))('gives back the spec %s after export and import', (_, spec) => {
    const text = stringify(toOpenSlo(spec));
    const { specs: imported, errors, warnings } = importYaml(text);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(imported.map((s) => s.spec)).toStrictEqual([spec]);
  });

  it('keeps labels, exclusions, the alerting guard and the runbook across a round trip', () => {
    const spec: SloSpec = {
      ...(specs.valid[1] as SloSpec),
      labels: { team: 'booking', tier: '1' },
      alerting: { minEvents: 20, runbookUrl: 'https://runbooks.example/booking' },
    };
    const slo = toOpenSlo(spec);
    expect(slo.metadata.labels).toEqual({ team: 'booking', tier: '1' });
    expect(slo.metadata.annotations).toEqual({
      [annotationKeys.exclusions]: JSON.stringify(spec.exclusions),
      [annotationKeys.minEvents]: '20',
      [annotationKeys.runbookUrl]: 'https://runbooks.example/booking',
    });
    expect(importYaml(stringify(slo)).specs[0].spec).toStrictEqual(spec);
  });

  it('writes calendar windows as a UTC week from Monday or a month, and timeslices as one-minute slices', () => {
    const spec = specs.valid[2] as SloSpec;
    const slo = toOpenSlo({ ...spec, window: { calendar: 'week' } });
    expect(slo.spec.timeWindow).toEqual([
      { duration: '1w', isRolling: false, calendar: { startTime: '2024-01-01 00:00:00', timeZone: 'UTC' } },
    ]);
    expect(slo.spec.budgetingMethod).toBe('Timeslices');
    expect(slo.spec.objectives).toEqual([{ targetPercent: 95, timeSliceTarget: 0.95, timeSliceWindow: '1m' }]);
  });

  it('refuses a description longer than OpenSLO allows', () => {
    expect(() => toOpenSlo({ ...(specs.valid[0] as SloSpec), description: 'x'.repeat(1051) })).toThrow(
      'description: OpenSLO allows at most 1050 characters, this one has 1051'
    );
  });
});

const handWritten = `
apiVersion: openslo/v1
kind: DataSource
metadata:
  name: cloudwatch-prod
spec:
  type: CloudWatch
  connectionDetails:
    roleARN: arn:aws:iam::123456789012:role/slo-reader
---
apiVersion: openslo/v1
kind: Service
metadata:
  name: booking
spec:
  description: Bookings
---
apiVersion: openslo/v1
kind: SLI
metadata:
  name: booking-api-errors
spec:
  ratioMetric:
    counter: false
    bad:
      metricSource:
        metricSourceRef: cloudwatch-prod
        spec:
          region: eu-west-1
          namespace: AWS/ApiGateway
          metricName: 5XXError
          stat: Sum
          dimensions:
            - name: ApiName
              value: booking-rest-api
    total:
      metricSource:
        metricSourceRef: cloudwatch-prod
        spec:
          namespace: AWS/ApiGateway
          metricName: Count
          stat: Sum
          dimensions:
            - name: ApiName
              value: booking-rest-api
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: booking-availability
  displayName: Booking availability
  labels:
    team: [booking]
spec:
  service: booking
  indicatorRef: booking-api-errors
  timeWindow:
    - duration: 4w
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - displayName: Good
      target: 0.999
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: search-latency
spec:
  description: Searches answered within 800 ms
  service: search
  indicator:
    metadata:
      name: search-fast
    spec:
      ratioMetric:
        counter: false
        good:
          metricSource:
            type: CloudWatch
            spec:
              metricQueries:
                - id: fastShare
                  metricStat:
                    metric:
                      namespace: AWS/Lambda
                      metricName: Duration
                      dimensions: [{ name: FunctionName, value: search }]
                    period: 300
                    stat: PR(:800)
                  returnData: false
                - id: calls
                  metricStat:
                    metric:
                      namespace: AWS/Lambda
                      metricName: Duration
                      dimensions: [{ name: FunctionName, value: search }]
                    stat: SampleCount
                  returnData: false
                - id: fast
                  expression: calls * fastShare / 100
        total:
          metricSource:
            type: CloudWatch
            spec:
              namespace: AWS/Lambda
              metricName: Duration
              stat: SampleCount
              dimensions: [{ name: FunctionName, value: search }]
  timeWindow:
    - duration: 1M
      isRolling: false
      calendar:
        startTime: 2025-03-01 00:00:00
        timeZone: Etc/UTC
  budgetingMethod: Occurrences
  objectives:
    - targetPercent: 99
  alertPolicies: []
`;

describe('importing OpenSLO written by hand', () => {
  const result = importYaml(handWritten);

  it('maps single metrics, bad/total ratios, references and metric math written its own way to templates', () => {
    expect(result.errors).toEqual([]);
    expect(result.specs.map((s) => s.spec)).toStrictEqual([
      {
        name: 'booking-availability',
        service: 'booking',
        sli: { template: 'apiAvailability', resources: ['booking-rest-api'] },
        objective: 99.9,
        window: { rolling: '28d' },
        labels: { team: 'booking' },
      },
      {
        name: 'search-latency',
        service: 'search',
        description: 'Searches answered within 800 ms',
        sli: { template: 'latency', resources: ['search'], threshold: 800 },
        objective: 99,
        window: { calendar: 'month' },
      },
    ]);
  });

  it('warns about what it drops', () => {
    expect(result.warnings).toEqual([
      'doc 4: SLO booking-availability: metadata.displayName: dropped: a spec is known by its name',
      'doc 4: SLO booking-availability: spec.objectives[0].displayName: dropped: a spec has one objective, unnamed',
    ]);
  });
});

/** One SLO whose spec is the valid checkout SLO's export with a change. */
function changed(change: (slo: ReturnType<typeof toOpenSlo>) => void) {
  const slo = JSON.parse(JSON.stringify(toOpenSlo(specs.valid[0] as SloSpec)));
  change(slo);
  const { errors, specs: imported } = fromOpenSlo([{ document: slo, where: 'slo.yaml:1' }]);
  expect(imported).toEqual([]);
  expect(errors).toHaveLength(1);
  return errors[0];
}

const good = (slo: any) => slo.spec.indicator.spec.ratioMetric.good.metricSource;
const goodPath = 'spec.indicator.spec.ratioMetric.good';

describe('refusing what a spec cannot express, naming the field', () => {
  it.each<[string, (slo: any) => void, string]>([
    [
      'a second objective',
      (slo) => slo.spec.objectives.push({ targetPercent: 99 }),
      'spec.objectives[1]: only one objective per SLO is supported',
    ],
    [
      'a threshold objective',
      (slo) => Object.assign(slo.spec.objectives[0], { op: 'lte', value: 3 }),
      'spec.objectives[0].op: thresholds belong to thresholdMetric SLIs',
    ],
    [
      'a threshold metric',
      (slo) => (slo.spec.indicator.spec = { thresholdMetric: {} }),
      'spec.indicator.spec.thresholdMetric: threshold metrics are not supported',
    ],
    [
      'a raw ratio',
      (slo) => (slo.spec.indicator.spec.ratioMetric.raw = {}),
      'spec.indicator.spec.ratioMetric.raw: precomputed ratios are not supported',
    ],
    [
      'a counter',
      (slo) => (slo.spec.indicator.spec.ratioMetric.counter = true),
      'spec.indicator.spec.ratioMetric.counter: CloudWatch metrics are sums per period',
    ],
    [
      'another metric source',
      (slo) => (good(slo).type = 'Prometheus'),
      `${goodPath}.metricSource.type: "Prometheus" is not CloudWatch`,
    ],
    [
      'a metric no template reads',
      (slo) => (good(slo).spec.metricQueries[0].metricStat.metric.namespace = 'AWS/EC2'),
      `${goodPath}.metricSource.spec.metricQueries[0].metricStat: AWS/EC2 Invocations Sum by FunctionName is not a metric an SLI template reads`,
    ],
    [
      'good events that leave out the errors',
      (slo) => (good(slo).spec.metricQueries.at(-1).expression = 'invocations_0 + invocations_1 - errors_1'),
      `${goodPath}: does not count the good events of a functionAvailability SLI over payments-initializer, payment-finalizer`,
    ],
    [
      'metrics of two templates',
      (slo) =>
        (good(slo).spec.metricQueries[1].metricStat = {
          metric: {
            namespace: 'AWS/SQS',
            metricName: 'ApproximateAgeOfOldestMessage',
            dimensions: [{ name: 'QueueName', value: 'q' }],
          },
          period: 60,
          stat: 'Maximum',
        }),
      'spec.indicator.spec.ratioMetric: mixes metrics of functionAvailability and queueFreshness',
    ],
    [
      'a second dimension',
      (slo) => good(slo).spec.metricQueries[0].metricStat.metric.dimensions.push({ name: 'Resource', value: 'x' }),
      `${goodPath}.metricSource.spec.metricQueries[0].metricStat.dimensions: an SLI metric has one dimension`,
    ],
    [
      'an unsupported function',
      (slo) => (good(slo).spec.metricQueries.at(-1).expression = 'SUM(METRICS())'),
      `${goodPath}.metricSource.spec.metricQueries[4].expression: SUM() is not supported`,
    ],
    [
      'an expression that names no query',
      (slo) => (good(slo).spec.metricQueries.at(-1).expression = 'invocations_0 - nope'),
      `${goodPath}.metricSource.spec.metricQueries[4].expression: "nope" is not the id of a query`,
    ],
    [
      'expressions that refer to each other',
      (slo) => {
        good(slo).spec.metricQueries.at(-1).expression = 'loop';
        good(slo).spec.metricQueries.push({ id: 'loop', expression: 'good + 1', returnData: false });
      },
      `${goodPath}.metricSource.spec.metricQueries[4].expression: "good" refers to itself through good → loop`,
    ],
    [
      'two results',
      (slo) => delete good(slo).spec.metricQueries[0].returnData,
      `${goodPath}.metricSource.spec.metricQueries: exactly one query returns the events (set returnData: false on the others); 2 do`,
    ],
    [
      'a quarter',
      (slo) => (slo.spec.timeWindow = [{ duration: '1Q', isRolling: false }]),
      'spec.timeWindow[0].duration: "1Q": calendar windows are one week (1w) or one month (1M)',
    ],
    [
      'a rolling month',
      (slo) => (slo.spec.timeWindow = [{ duration: '1M', isRolling: true }]),
      'spec.timeWindow[0].duration: "1M": rolling windows are counted in minutes, hours, days or weeks',
    ],
    [
      'a calendar in another time zone',
      (slo) =>
        (slo.spec.timeWindow = [
          { duration: '1w', calendar: { startTime: '2024-01-01 00:00:00', timeZone: 'America/New_York' } },
        ]),
      'spec.timeWindow[0].calendar.timeZone: "America/New_York": calendar windows follow UTC',
    ],
    [
      'a week starting on Sunday',
      (slo) => (slo.spec.timeWindow = [{ duration: '1w', calendar: { startTime: '2023-12-31 00:00:00' } }]),
      'spec.timeWindow[0].calendar.startTime: "2023-12-31 00:00:00": weeks start on a Monday at 00:00:00',
    ],
    [
      'an alert policy',
      (slo) => (slo.spec.alertPolicies = [{ alertPolicyRef: 'page' }]),
      'spec.alertPolicies: alert policies are not supported',
    ],
    [
      'a label with two values',
      (slo) => (slo.metadata.labels = { team: ['a', 'b'] }),
      'metadata.labels.team: a label has exactly one value here; this one has 2',
    ],
    [
      'five-minute time slices',
      (slo) => {
        slo.spec.budgetingMethod = 'Timeslices';
        Object.assign(slo.spec.objectives[0], { timeSliceTarget: 0.995, timeSliceWindow: '5m' });
      },
      'spec.objectives[0].timeSliceWindow: "5m": time slices are one minute long here; use 1m',
    ],
    [
      'a window the alert rules cannot cover',
      (slo) => (slo.spec.timeWindow = [{ duration: '2d', isRolling: true }]),
      'spec.timeWindow[0]: window: 2d is shorter than the longest alert window, 3d',
    ],
    [
      'an invalid name',
      (slo) => (slo.metadata.name = 'Checkout SLO'),
      'metadata.name: name: "Checkout SLO" must be lower-case letters',
    ],
    [
      'unreadable exclusions',
      (slo) => (slo.metadata.annotations = { [annotationKeys.exclusions]: '[{' }),
      `metadata.annotations.${annotationKeys.exclusions}: is not JSON`,
    ],
    ['a field OpenSLO v1 does not have', (slo) => (slo.spec.objective = 99), 'spec.objective: is not supported here'],
  ])('%s', (_, change, message) => {
    const error = changed(change);
    expect(error.startsWith('slo.yaml:1: SLO ')).toBe(true);
    expect(error).toContain(message);
  });

  it('refuses other API versions and unknown kinds, and points at a missing SLI', () => {
    const slo = toOpenSlo(specs.valid[0] as SloSpec);
    const { errors } = fromOpenSlo([
      { document: { apiVersion: 'openslo/v1alpha', kind: 'SLO' }, where: 'a' },
      { document: { apiVersion: 'openslo/v1', kind: 'Dashboard' }, where: 'b' },
      { document: { ...slo, spec: { ...slo.spec, indicator: undefined, indicatorRef: 'nowhere' } }, where: 'c' },
    ]);
    expect(errors).toEqual([
      'a: apiVersion: "openslo/v1alpha" is not supported; use openslo/v1',
      'b: kind: "Dashboard" is not an OpenSLO v1 kind',
      'c: SLO checkout-availability: spec.indicatorRef: no SLI named "nowhere" among the imported documents',
    ]);
  });

  it('finds the threshold of a queue SLI in its IF and wants its metrics per minute', () => {
    const queue = toOpenSlo(specs.valid[2] as SloSpec) as any;
    queue.spec.indicator.spec.ratioMetric.total.metricSource.spec.metricQueries[0].metricStat.period = 300;
    const { errors } = fromOpenSlo([{ document: queue, where: 'q' }]);
    expect(errors).toEqual([
      'q: SLO notifications-freshness: spec.indicator.spec.ratioMetric.total.metricSource.spec.metricQueries[0].metricStat.period: queue freshness judges each minute, so its metrics are read with period 60',
    ]);
  });
});
