import {
  type DataFrame,
  FieldType,
  LoadingState,
  standardTransformers,
  standardTransformersRegistry,
  toDataFrame,
  type TransformerRegistryItem,
  transformDataFrame,
  getDefaultTimeRange,
  getFieldDisplayName,
} from '@grafana/data';
import { SceneDataNode, SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import { firstValueFrom } from 'rxjs';

import { requestGap } from './functionPanels';
import { hasValues, hideWhenNoData } from './hideWhenNoData';

beforeAll(() => {
  // The same transformer is exported under its alias names too: register each once.
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- outside Grafana, the only handle on its own transformers
  const unique = [...new Map(Object.values(standardTransformers).map((t) => [t.id, t])).values()];
  // Editors and images only serve Grafana's transformation UI.
  const items = unique.map((t) => ({
    id: t.id,
    aliasIds: t.aliasIds,
    name: t.name,
    transformation: () => Promise.resolve(t),
  }));
  standardTransformersRegistry.setInit(() => items as unknown as TransformerRegistryItem[]);
});

/** A metric frame as the back end sends it, its series named by the query's label. */
function series(label: string, times: number[], values: Array<number | null>): DataFrame {
  return toDataFrame({
    fields: [
      { name: 'Time', type: FieldType.time, values: times },
      { name: 'Count', type: FieldType.number, values, config: { displayNameFromDS: label } },
    ],
  });
}

describe('requests against invocations', () => {
  it('computes the gap between API requests and function invocations, minute by minute', async () => {
    const t = [0, 60000, 120000];
    const frames = [series('Requests', t, [100, 120, 90]), series('Invocations', t, [100, 104, 90])];
    const [joined] = await firstValueFrom(transformDataFrame(requestGap, frames));
    const gap = joined.fields.find((f) => getFieldDisplayName(f, joined) === 'Gap');
    expect(gap?.values).toEqual([0, 16, 0]);
  });

  it('adds no gap for a function with no API in front of it', async () => {
    const [joined] = await firstValueFrom(transformDataFrame(requestGap, [series('Invocations', [0], [5])]));
    expect(joined.fields.map((f) => getFieldDisplayName(f, joined))).not.toContain('Gap');
  });
});

describe('hideWhenNoData', () => {
  const frame = (values: Array<number | null>) =>
    series(
      'Iterator age',
      values.map((_, i) => i * 60000),
      values
    );
  const itemWith = (series: DataFrame[]) => {
    const data = new SceneDataNode({ data: { state: LoadingState.Done, series, timeRange: getDefaultTimeRange() } });
    const item = new SceneFlexItem({ $data: data, body: undefined, $behaviors: [hideWhenNoData] });
    new SceneFlexLayout({ children: [item] }).activate();
    item.activate();
    return { item, data };
  };

  it('tells a metric the function does not publish (zeros, nulls) from one it does', () => {
    expect(hasValues([frame([0, null, 0])])).toBe(false);
    expect(hasValues([frame([0, 3, null])])).toBe(true);
    expect(hasValues([])).toBe(false);
  });

  it('hides the panel of a synchronous function and shows it again for an async one', () => {
    const { item, data } = itemWith([frame([0, 0])]);
    expect(item.state.isHidden).toBe(true);
    data.setState({ data: { ...data.state.data, series: [frame([0, 1200])] } });
    expect(item.state.isHidden).toBe(false);
  });

  it('keeps the panel while data loads or fails, so its error shows', () => {
    const { item, data } = itemWith([frame([5])]);
    data.setState({ data: { ...data.state.data, state: LoadingState.Error, series: [] } });
    expect(item.state.isHidden).toBe(false);
  });
});
