import React from 'react';
import { render, screen } from '@testing-library/react';

import { testIds } from '../../services/testIds';
import type { DataSource } from '../datasource';
import { QueryKind, type ServerlessQuery } from '../types';
import { QueryEditor } from './QueryEditor';

function renderEditor(query: ServerlessQuery, mode: 'demo' | 'aws' = 'demo') {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  render(
    <QueryEditor
      query={query}
      onChange={onChange}
      onRunQuery={onRunQuery}
      datasource={{ mode } as unknown as DataSource}
    />
  );
  return { onChange, onRunQuery };
}

describe('QueryEditor', () => {
  it('fills an empty query with Lambda invocations', () => {
    renderEditor({ refId: 'A' });
    expect(screen.getByLabelText('Query type')).toHaveValue('Metrics');
    expect(screen.getByLabelText('Metric')).toHaveValue('Invocations');
    expect(screen.getByLabelText('Statistic')).toHaveValue('Sum');
  });

  it('shows the fields of the chosen query type', () => {
    renderEditor({ refId: 'A', queryType: QueryKind.Logs, preset: 'errors' });
    expect(screen.getByLabelText('Search')).toBeInTheDocument();
    expect(screen.getByLabelText('Preset')).toHaveValue('Errors');
    expect(screen.queryByLabelText('Metric')).not.toBeInTheDocument();
  });

  it('says what is wrong before running a query the back end would refuse', () => {
    renderEditor({
      refId: 'A',
      queryType: QueryKind.Metrics,
      resourceKind: 'lambda',
      metric: 'Errors',
      statistic: 'p99',
    });
    expect(screen.getByTestId(testIds.queryEditor.problem)).toHaveTextContent('statistic p99 does not apply to Errors');
  });

  it('shows no problem for a good query', () => {
    renderEditor({
      refId: 'A',
      queryType: QueryKind.Metrics,
      resourceKind: 'lambda',
      metric: 'Duration',
      statistic: 'p99',
    });
    expect(screen.queryByTestId(testIds.queryEditor.problem)).not.toBeInTheDocument();
  });

  it('tells what a query costs in AWS mode', () => {
    renderEditor(
      {
        refId: 'A',
        queryType: QueryKind.Metrics,
        resourceKind: 'lambda',
        names: ['a', 'b'],
        metric: 'Errors',
        statistic: 'Sum',
      },
      'aws'
    );
    expect(screen.getByTestId(testIds.queryEditor.cost)).toHaveTextContent(
      '2 metrics requested per refresh, about $0.02 per 1,000 refreshes'
    );
  });

  it('offers the SLO outputs and the burn window for a burn rate', () => {
    renderEditor({
      refId: 'A',
      queryType: QueryKind.Slo,
      slo: 'checkout-availability',
      output: 'burnRate',
      burnWindow: '5m',
    });
    expect(screen.getByLabelText('SLO')).toHaveValue('checkout-availability');
    expect(screen.getByLabelText('Output')).toHaveValue('Burn rate');
    expect(screen.getByLabelText('Burn window')).toHaveValue('5m');
  });

  it('says demo queries cost nothing', () => {
    renderEditor({ refId: 'A' });
    expect(screen.getByTestId(testIds.queryEditor.cost)).toHaveTextContent('at no AWS cost');
  });
});
