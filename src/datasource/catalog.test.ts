import examples from '../../testdata/queries/examples.json';
import { metricsOf, queryProblem, statisticsOf } from './catalog';
import type { ServerlessQuery } from './types';

describe('the shared query examples (testdata/queries/examples.json, also read by Go)', () => {
  it.each(examples.valid.map((e) => [e.name, e.query]))('accepts "%s"', (_, query) => {
    expect(queryProblem({ refId: 'A', ...(query as Partial<ServerlessQuery>) })).toBeUndefined();
  });

  const detected = examples.invalid
    .map((e) => ({ ...e, problem: queryProblem({ refId: 'A', ...(e.query as Partial<ServerlessQuery>) }) }))
    .filter((e) => e.problem !== undefined);

  it.each(detected.map((e) => [e.name, e.problem, e.error]))(
    'says what the back end says about "%s"',
    (_, problem, error) => {
      expect(problem).toContain(error);
    }
  );

  it('catches every metric, statistic, period and pattern mistake before the query runs', () => {
    expect(detected.map((e) => e.name)).toEqual(
      expect.arrayContaining([
        'metric of another resource kind',
        'percentile of a counter',
        'statistic CloudWatch does not know',
        'period not a multiple of 60',
        'absurd period',
        'pattern that is not a regular expression',
      ])
    );
  });
});

describe('catalog', () => {
  it('offers each resource kind its own metrics', () => {
    expect(metricsOf('lambda').map((m) => m.name)).toEqual(
      expect.arrayContaining(['Invocations', 'Errors', 'Throttles', 'Duration', 'ConcurrentExecutions'])
    );
    expect(metricsOf('sqs').map((m) => m.name)).toContain('ApproximateAgeOfOldestMessage');
    expect(metricsOf('lambda').map((m) => m.name)).not.toContain('ApproximateAgeOfOldestMessage');
  });

  it('offers percentiles only for metrics with per-sample values', () => {
    const lambda = metricsOf('lambda');
    expect(statisticsOf(lambda.find((m) => m.name === 'Duration'))).toEqual(
      expect.arrayContaining(['p99', 'PR(:1000)'])
    );
    expect(statisticsOf(lambda.find((m) => m.name === 'Errors'))).not.toContain('p99');
  });
});
