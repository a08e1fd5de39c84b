import { metricRole, type SliPlan, sliPlan } from './cloudwatchSli';
import { evaluate, render } from './metricMath';

/** Evaluates a plan with values given by metric name and statistic, per resource. */
function events(plan: SliPlan, values: Record<string, number>) {
  const lookup = (id: string) => {
    const q = plan.queries.find((query) => query.id === id)!;
    return values[`${q.metric.dimension.value} ${q.metric.dimension.name} ${q.metric.metricName} ${q.metric.stat}`];
  };
  return { good: evaluate(plan.good, lookup), total: evaluate(plan.total, lookup) };
}

describe('CloudWatch SLI plans', () => {
  it('counts function availability as the demo estate does: good = Invocations − Errors, total = Invocations + Throttles', () => {
    const plan = sliPlan({ template: 'functionAvailability', resources: ['a', 'b'] });
    expect(plan.queries.map((q) => q.id)).toEqual([
      'invocations_0',
      'errors_0',
      'throttles_0',
      'invocations_1',
      'errors_1',
      'throttles_1',
    ]);
    expect(plan.queries[0].metric).toEqual({
      namespace: 'AWS/Lambda',
      metricName: 'Invocations',
      dimension: { name: 'FunctionName', value: 'a' },
      stat: 'Sum',
    });
    expect(render(plan.good)).toBe(
      'FILL(invocations_0, 0) - FILL(errors_0, 0) + FILL(invocations_1, 0) - FILL(errors_1, 0)'
    );
    expect(
      events(plan, {
        'a FunctionName Invocations Sum': 100,
        'a FunctionName Errors Sum': 3,
        'a FunctionName Throttles Sum': 2,
        'b FunctionName Invocations Sum': 50,
      })
    ).toEqual({ good: 147, total: 152 });
  });

  it('reads an API as a REST API (ApiName, 5XXError) or an HTTP API (ApiId, 5xx), whichever has data', () => {
    const plan = sliPlan({ template: 'apiAvailability', resources: ['api'] });
    expect(events(plan, { 'api ApiName Count Sum': 1000, 'api ApiName 5XXError Sum': 10 })).toEqual({
      good: 990,
      total: 1000,
    });
    expect(events(plan, { 'api ApiId Count Sum': 200, 'api ApiId 5xx Sum': 1 })).toEqual({
      good: 199,
      total: 200,
    });
  });

  it('counts latency from the percentile rank at the threshold times the sample count', () => {
    const plan = sliPlan({ template: 'latency', resources: ['fn'], threshold: 250 });
    expect(plan.queries.map((q) => q.metric.stat)).toContain('PR(:250)');
    expect(
      events(plan, { 'fn FunctionName Duration PR(:250)': 90, 'fn FunctionName Duration SampleCount': 1000 })
    ).toEqual({ good: 900, total: 1000 });
    expect(events(plan, { 'fn ApiName Latency PR(:250)': 50, 'fn ApiName Latency SampleCount': 10 })).toEqual({
      good: 5,
      total: 10,
    });
  });

  it('counts a queue minute as good only when its oldest message is at most the threshold', () => {
    const plan = sliPlan({ template: 'queueFreshness', resources: ['q'], threshold: 300 });
    const minute = (age: number) =>
      events(plan, {
        'q QueueName ApproximateAgeOfOldestMessage Maximum': age,
        'q QueueName ApproximateAgeOfOldestMessage SampleCount': 1,
      });
    expect(minute(300)).toEqual({ good: 1, total: 1 });
    expect(minute(301)).toEqual({ good: 0, total: 1 });
  });

  it('tells what a metric means to the templates, with a percentile rank threshold', () => {
    const metric = (namespace: string, metricName: string, dimension: string, stat: string) => ({
      namespace,
      metricName,
      dimension: { name: dimension, value: 'r' },
      stat,
    });
    expect(metricRole(metric('AWS/ApiGateway', 'Latency', 'ApiId', 'PR(:1000)'))).toEqual({
      template: 'latency',
      family: 'http',
      resource: 'r',
      threshold: 1000,
    });
    expect(metricRole(metric('AWS/Lambda', 'Errors', 'FunctionName', 'Sum'))).toEqual({
      template: 'functionAvailability',
      family: '',
      resource: 'r',
    });
    expect(metricRole(metric('AWS/Lambda', 'Errors', 'FunctionName', 'Average'))).toBeUndefined();
    expect(metricRole(metric('AWS/Lambda', 'Duration', 'FunctionName', 'p99'))).toBeUndefined();
    expect(metricRole(metric('AWS/EC2', 'CPUUtilization', 'InstanceId', 'Average'))).toBeUndefined();
  });
});
