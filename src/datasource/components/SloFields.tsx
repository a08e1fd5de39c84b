import React from 'react';
import { Combobox, type ComboboxOption, InlineField, InlineFieldRow } from '@grafana/ui';

import { TextField } from './TextField';
import type { ServerlessQuery, SloOutput } from '../types';
import { testIds } from '../../services/testIds';

const outputOptions: Array<ComboboxOption<SloOutput>> = [
  { label: 'SLI', value: 'sli', description: 'Share of good events per period' },
  {
    label: 'Burn rate',
    value: 'burnRate',
    description: 'How fast the budget burns over the burn window; 1 spends it exactly',
  },
  { label: 'Budget left', value: 'budgetRemaining', description: 'Share of the error budget left over the SLO window' },
  { label: 'Events', value: 'events', description: 'Events in the burn window, the low-traffic guard of alerts' },
  {
    label: 'Time to exhaustion',
    value: 'timeToExhaustion',
    description: 'When the budget runs out at the last hour’s rate',
  },
  {
    label: 'Summary',
    value: 'summary',
    description: 'A row per SLO (every SLO when none is named): SLI, budget left, burn rate, time left',
  },
  { label: 'Breakdown', value: 'breakdown', description: 'A row per resource of the SLI, worst first' },
  {
    label: 'Alert windows',
    value: 'alertWindows',
    description: 'Each burn-rate alert tier: both windows’ burn rates against its threshold',
  },
];

interface Props {
  query: ServerlessQuery;
  onChange: (patch: Partial<ServerlessQuery>) => void;
}

export function SloFields({ query, onChange }: Props) {
  return (
    <InlineFieldRow>
      <TextField
        label="SLO"
        labelWidth={12}
        tooltip="The name of one of the data source's SLOs"
        testId={testIds.queryEditor.slo}
        width={32}
        value={query.slo}
        placeholder="checkout-availability or $slo"
        onCommit={(slo) => onChange({ slo })}
      />
      <InlineField label="Output" labelWidth={10}>
        <Combobox
          aria-label="Output"
          width={24}
          options={outputOptions}
          value={query.output ?? 'sli'}
          onChange={(o) => onChange({ output: o.value })}
        />
      </InlineField>
      {(query.output === 'burnRate' || query.output === 'events') && (
        <TextField
          label="Burn window"
          labelWidth={14}
          width={10}
          value={query.burnWindow ?? '1h'}
          onCommit={(burnWindow) => onChange({ burnWindow })}
        />
      )}
    </InlineFieldRow>
  );
}
