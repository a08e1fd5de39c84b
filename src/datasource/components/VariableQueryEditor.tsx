import React from 'react';
import { Combobox, type ComboboxOption, InlineField, InlineFieldRow } from '@grafana/ui';

import { TextField } from './TextField';
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
      <TextField
        label="Region"
        tooltip="Only resources of this region; $region works"
        width={16}
        value={q.region}
        placeholder="all"
        onCommit={(region) => onChange({ ...q, region })}
      />
    </InlineFieldRow>
  );
}
