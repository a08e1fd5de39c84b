import { type DataFrame, FieldType, LoadingState, type PanelData } from '@grafana/data';
import { SceneFlexItem, type SceneObject } from '@grafana/scenes';

/** Whether any number in the frames is set and not zero: a metric a resource does not publish reads 0 or null. */
export function hasValues(frames: DataFrame[]): boolean {
  return frames.some((frame) =>
    frame.fields.some(
      (field) => field.type === FieldType.number && field.values.some((v) => v !== null && v !== 0 && !Number.isNaN(v))
    )
  );
}

/**
 * A behaviour for a layout item whose own $data feeds its panel: hides the item while the data,
 * once loaded, has nothing to show, and shows it again when it has. Errors keep it visible.
 */
export function hideWhenNoData(item: SceneObject) {
  if (!(item instanceof SceneFlexItem) || !item.state.$data) {
    throw new Error('hideWhenNoData needs a SceneFlexItem with its own $data');
  }
  const update = (data?: PanelData) => {
    if (data?.state === LoadingState.Done) {
      item.setState({ isHidden: !hasValues(data.series) });
    }
  };
  const provider = item.state.$data;
  update(provider.state.data);
  const subscription = provider.subscribeToState((state) => update(state.data));
  return () => subscription.unsubscribe();
}
