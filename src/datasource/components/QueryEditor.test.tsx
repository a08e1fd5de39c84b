import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import type { DataSource } from '../datasource';
import { QueryKind, type ServerlessQuery } from '../types';
import { QueryEditor } from './QueryEditor';

function renderEditor(query: ServerlessQuery) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  render(
    <QueryEditor query={query} onChange={onChange} onRunQuery={onRunQuery} datasource={{} as unknown as DataSource} />
  );
  return { onChange, onRunQuery };
}

describe('QueryEditor', () => {
  it('fills an empty query with the defaults', () => {
    renderEditor({ refId: 'A' });
    expect(screen.getByLabelText('Metric')).toHaveValue('Invocations');
    expect(screen.getByLabelText('Statistic')).toHaveValue('Sum');
  });

  it('edits the metric and runs the query when the field loses focus', () => {
    const { onChange, onRunQuery } = renderEditor({ refId: 'A', queryType: QueryKind.Metrics, metric: 'Invocations' });
    const metric = screen.getByLabelText('Metric');
    fireEvent.change(metric, { target: { value: 'Errors' } });
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ refId: 'A', metric: 'Errors' }));
    expect(onRunQuery).not.toHaveBeenCalled();
    fireEvent.blur(metric);
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });
});
