import React from 'react';
import { Combobox, type ComboboxOption, InlineField, InlineFieldRow, TagsInput } from '@grafana/ui';

import { TextField } from './TextField';
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
        <TextField
          label="Search"
          labelWidth={12}
          grow
          tooltip="Text to find, or a /regular expression/"
          testId={testIds.queryEditor.search}
          value={query.search}
          placeholder="timeout exceeded, or /Init Duration: \d{4,}/"
          onCommit={(search) => onChange({ search })}
        />
        <TextField
          label="Limit"
          type="number"
          width={12}
          value={query.limit ?? 1000}
          onCommit={(limit) => onChange({ limit: Number(limit) })}
        />
      </InlineFieldRow>
      <InlineFieldRow>
        <TextField
          label="Insights"
          labelWidth={12}
          grow
          tooltip='Logs Insights: fields, filter @message like /re/ or @type = "REPORT", sort @timestamp, limit'
          testId={testIds.queryEditor.insights}
          value={query.insights}
          placeholder='filter @type = "REPORT" | filter @message like /Init Duration/ | limit 20'
          onCommit={(insights) => onChange({ insights })}
        />
      </InlineFieldRow>
    </>
  );
}
