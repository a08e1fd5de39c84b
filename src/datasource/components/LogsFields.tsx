import React from 'react';
import { Combobox, type ComboboxOption, InlineField, InlineFieldRow, Input, TagsInput } from '@grafana/ui';

import type { LogPreset, ServerlessQuery } from '../types';
import { testIds } from '../../services/testIds';

const presetOptions: Array<ComboboxOption<LogPreset | ''>> = [
  { label: 'All lines', value: '' },
  { label: 'Errors', value: 'errors' },
  { label: 'Timeouts', value: 'timeouts' },
  { label: 'Cold starts', value: 'coldStarts', description: 'REPORT lines with Init Duration' },
  { label: 'Top errors', value: 'topErrors', description: 'Error messages ranked by count' },
];

interface Props {
  query: ServerlessQuery;
  onChange: (patch: Partial<ServerlessQuery>) => void;
}

export function LogsFields({ query, onChange }: Props) {
  return (
    <>
      <InlineFieldRow>
        <InlineField label="Functions" labelWidth={12} tooltip="Leave empty for every function">
          <div data-testid={testIds.queryEditor.names}>
            <TagsInput
              tags={query.names ?? []}
              onChange={(names) => onChange({ names })}
              placeholder="function or $variable"
            />
          </div>
        </InlineField>
        <InlineField label="Preset" labelWidth={10}>
          <Combobox
            data-testid={testIds.queryEditor.preset}
            aria-label="Preset"
            width={20}
            options={presetOptions}
            value={query.preset ?? ''}
            onChange={(o) => onChange({ preset: o.value || undefined })}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField label="Search" labelWidth={12} grow tooltip="Text to find, or a /regular expression/">
          <Input
            data-testid={testIds.queryEditor.search}
            aria-label="Search"
            defaultValue={query.search}
            placeholder="timeout exceeded, or /Init Duration: \d{4,}/"
            onBlur={(e) => onChange({ search: e.currentTarget.value })}
          />
        </InlineField>
        <InlineField label="Limit" labelWidth={10}>
          <Input
            aria-label="Limit"
            type="number"
            width={12}
            defaultValue={query.limit ?? 1000}
            min={1}
            max={10000}
            onBlur={(e) => onChange({ limit: Number(e.currentTarget.value) })}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField
          label="Insights"
          labelWidth={12}
          grow
          tooltip='Logs Insights: fields, filter @message like /re/ or @type = "REPORT", sort @timestamp, limit'
        >
          <Input
            data-testid={testIds.queryEditor.insights}
            aria-label="Insights"
            defaultValue={query.insights}
            placeholder='filter @type = "REPORT" | filter @message like /Init Duration/ | limit 20'
            onBlur={(e) => onChange({ insights: e.currentTarget.value })}
          />
        </InlineField>
      </InlineFieldRow>
    </>
  );
}
