import { QueryKind } from '../datasource/types';
import { exploreSplitUrl } from './explore';

describe('exploreSplitUrl', () => {
  it('opens metrics and logs side by side with the same range and data source', () => {
    const datasource = { type: 'seed-serverless-datasource', uid: 'serverless-demo' };
    const url = exploreSplitUrl(
      datasource,
      [{ refId: 'A', queryType: QueryKind.Metrics, names: ['payment-finalizer'], metric: 'Errors', statistic: 'Sum' }],
      [{ refId: 'B', queryType: QueryKind.Logs, names: ['payment-finalizer'] }],
      { from: 'now-1h', to: 'now' }
    );
    expect(url.startsWith('/explore?schemaVersion=1&panes=')).toBe(true);
    const panes = JSON.parse(decodeURIComponent(url.split('panes=')[1]));
    expect(Object.keys(panes)).toEqual(['metrics', 'logs']);
    expect(panes.metrics).toEqual({
      datasource: 'serverless-demo',
      range: { from: 'now-1h', to: 'now' },
      queries: [expect.objectContaining({ queryType: 'metrics', names: ['payment-finalizer'], datasource })],
    });
    expect(panes.logs.queries[0]).toMatchObject({ queryType: 'logs', names: ['payment-finalizer'] });
  });
});
