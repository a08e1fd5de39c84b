import type { DataSourceInstanceSettings, ScopedVars } from '@grafana/data';

import { DataSource } from './datasource';
import { QueryKind, type ServerlessDataSourceOptions } from './types';

const variables: Record<string, string[]> = {
  $functions: ['payments-initializer', 'payment-finalizer'],
  $single: ['ledger'],
};

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => ({
    replace: (target: string, _scoped?: ScopedVars, format?: string) => {
      const values = variables[target];
      if (!values) {
        return target;
      }
      return format === 'csv' ? values.join(',') : values[0];
    },
  }),
}));

const settings = { id: 1, uid: 'demo', jsonData: { mode: 'demo' } } as unknown as DataSourceInstanceSettings<ServerlessDataSourceOptions>;

describe('DataSource.applyTemplateVariables', () => {
  const ds = new DataSource(settings);

  it('expands a multi-value variable into one name per value', () => {
    const query = { refId: 'A', queryType: QueryKind.Metrics, names: ['$functions', 'wallet', '$single'] };
    expect(ds.applyTemplateVariables(query, {}).names).toEqual([
      'payments-initializer',
      'payment-finalizer',
      'wallet',
      'ledger',
    ]);
  });

  it('keeps an empty selection empty (every resource)', () => {
    expect(ds.applyTemplateVariables({ refId: 'A' }, {}).names).toEqual([]);
  });
});

describe('DataSource.getDefaultQuery', () => {
  it('starts with Lambda invocations and an automatic period', () => {
    expect(new DataSource(settings).getDefaultQuery('explore' as never)).toMatchObject({
      queryType: 'metrics',
      resourceKind: 'lambda',
      metric: 'Invocations',
      statistic: 'Sum',
      period: 0,
    });
  });
});
