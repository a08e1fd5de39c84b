import React from 'react';
import { Combobox, type ComboboxOption, InlineField, InlineFieldRow, Input } from '@grafana/ui';

import type { ServerlessQuery, VariableKind } from '../types';

const variableOptions: Array<ComboboxOption<VariableKind>> = [
  { label: 'Regions', value: 'regions' },
  { label: 'Functions', value: 'functions' },
  { label: 'APIs', value: 'apis' },
  { label: 'Queues', value: 'queues' },
  { label: 'State machines', value: 'stateMachines' },
  { label: 'Lambda runtimes', value: 'runtimes' },
  { label: 'SLOs', value: 'slos' },
];

interface Props {
  query: ServerlessQuery;
  onChange: (query: ServerlessQuery) => void;
}

export function VariableQueryEditor({ query, onChange }: Props) {
  const q: ServerlessQuery = { ...query, variable: query.variable ?? 'functions' };
  return (
    <InlineFieldRow>
      <InlineField label="Values of" labelWidth={12}>
        <Combobox
          aria-label="Variable"
          width={24}
          options={variableOptions}
          value={q.variable}
          onChange={(o) => onChange({ ...q, variable: o.value })}
        />
      </InlineField>
      <InlineField label="Region" labelWidth={10} tooltip="Only resources of this region; $region works">
        <Input
          aria-label="Region"
          width={16}
          defaultValue={q.region}
          placeholder="all"
          onBlur={(e) => onChange({ ...q, region: e.currentTarget.value })}
        />
      </InlineField>
    </InlineFieldRow>
  );
}
