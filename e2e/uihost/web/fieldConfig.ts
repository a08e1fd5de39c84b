// Grafana fills the standard field options registry at start-up (its OptionsUI registry); without it
// applyFieldOverrides silently drops every default and override: units, links, mappings, colours.
import {
  type FieldConfigPropertyItem,
  FieldType,
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  identityOverrideProcessor,
  numberOverrideProcessor,
  standardFieldConfigEditorRegistry,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  unitOverrideProcessor,
  valueMappingsOverrideProcessor,
} from '@grafana/data';

// The host edits nothing, so no option has an editor.
const noEditor = () => null;
const isNumeric = (field: { type: FieldType }) => field.type === FieldType.number;
const always = () => true;

function option(
  id: string,
  process: FieldConfigPropertyItem['process'],
  shouldApply: FieldConfigPropertyItem['shouldApply'] = always
): FieldConfigPropertyItem {
  return { id, path: id, name: id, editor: noEditor, override: noEditor, process, shouldApply };
}

export function registerStandardFieldOptions() {
  standardFieldConfigEditorRegistry.setInit(() => [
    option('unit', unitOverrideProcessor, isNumeric),
    option('min', numberOverrideProcessor, isNumeric),
    option('max', numberOverrideProcessor, isNumeric),
    option('decimals', numberOverrideProcessor, isNumeric),
    option('displayName', displayNameOverrideProcessor),
    option('noValue', stringOverrideProcessor),
    option('color', identityOverrideProcessor),
    option('thresholds', thresholdsOverrideProcessor),
    option('mappings', valueMappingsOverrideProcessor),
    option('links', dataLinksOverrideProcessor),
    option('actions', identityOverrideProcessor),
    option('filterable', identityOverrideProcessor),
  ]);
}
