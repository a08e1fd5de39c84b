import React from 'react';
import { render } from '@testing-library/react';
import { FieldType, toDataFrame } from '@grafana/data';

import { TrendCell, trendValues } from './TrendCell';
import { inventoryTable } from './inventoryPanels';

describe('trend cells', () => {
  it('reads the trend the back end sends, as parsed JSON or as text', () => {
    expect(trendValues([3, 5, 8])).toEqual([3, 5, 8]);
    expect(trendValues('[3,5,8]')).toEqual([3, 5, 8]);
  });

  it('draws nothing for a value that is not a series', () => {
    for (const bad of [undefined, null, 42, '[1', '{"a":1}', ['a', 'b'], [7]]) {
      expect(trendValues(bad)).toBeUndefined();
    }
    const field = { name: 'invocationsTrend', type: FieldType.other, values: ['oops'], config: {} };
    const { container } = render(
      <TrendCell value="oops" field={field} rowIndex={0} frame={toDataFrame({ fields: [field] })} />
    );
    expect(container).toBeEmptyDOMElement();
  });

  it('is the cell of both trend columns of the inventory', () => {
    const overrides = inventoryTable().state.fieldConfig.overrides;
    const trendColumns = overrides.filter((o) =>
      o.properties.some((p) => p.id === 'custom.cellOptions' && p.value.cellComponent === TrendCell)
    );
    expect(trendColumns.map((o) => o.matcher.options)).toEqual(['invocationsTrend', 'errorsTrend']);
  });
});
