import type { DataQueryRequest, DataSourceInstanceSettings, ScopedVars } from '@grafana/data';
import { of } from 'rxjs';

import { DataSource, type ServerlessVariableSupport } from './datasource';
import { QueryKind, type ServerlessDataSourceOptions, type ServerlessQuery } from './types';

const variables: Record<string, string[]> = {
  $functions: ['payments-initializer', 'payment-finalizer'],
  $single: ['ledger'],
  $region: ['us-west-2'],
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

const settings = {
  id: 1,
  uid: 'demo',
  jsonData: { mode: 'demo' },
} as unknown as DataSourceInstanceSettings<ServerlessDataSourceOptions>;

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

  it('expands variables in the region, pattern, search, Logs Insights query and SLO name', () => {
    const query = {
      refId: 'A',
      region: '$region',
      pattern: '^pay',
      search: '$single',
      insights: '$single',
      slo: '$single',
    };
    expect(ds.applyTemplateVariables(query, {})).toMatchObject({
      region: 'us-west-2',
      pattern: '^pay',
      search: 'ledger',
      insights: 'ledger',
      slo: 'ledger',
    });
  });

  it('keeps an empty selection empty (every resource)', () => {
    expect(ds.applyTemplateVariables({ refId: 'A' }, {}).names).toEqual([]);
  });
});

describe('variable queries', () => {
  it('run through the back end as queryType variable', () => {
    const ds = new DataSource(settings);
    const query = jest.spyOn(ds, 'query').mockReturnValue(of({ data: [] }));
    const support = ds.variables as ServerlessVariableSupport;
    support.query({ targets: [{ refId: 'A', region: 'us-east-1' }] } as unknown as DataQueryRequest<ServerlessQuery>);
    expect(query).toHaveBeenCalledWith(
      expect.objectContaining({
        targets: [{ refId: 'A', region: 'us-east-1', queryType: 'variable', variable: 'functions' }],
      })
    );
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
