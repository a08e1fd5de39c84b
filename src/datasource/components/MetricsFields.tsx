import React from 'react';
import { Combobox, type ComboboxOption, InlineField, InlineFieldRow } from '@grafana/ui';

import { metricsOf, resourceKinds, statisticsOf } from '../catalog';
import type { Baseline, ResourceKind, ServerlessQuery } from '../types';
import { testIds } from '../../services/testIds';
import { SelectionFields } from './SelectionFields';
import { TextField } from './TextField';

const periodOptions: Array<ComboboxOption<number>> = [
  { label: 'auto', value: 0 },
  { label: '1m', value: 60 },
  { label: '5m', value: 300 },
  { label: '15m', value: 900 },
  { label: '1h', value: 3600 },
  { label: '1d', value: 86400 },
];

const baselineOptions: Array<ComboboxOption<Baseline | ''>> = [
  { label: 'none', value: '' },
  { label: 'last week', value: 'lastWeek', description: 'Deviation in percent from the same hours a week before' },
];

interface Props {
  query: ServerlessQuery;
  onChange: (patch: Partial<ServerlessQuery>) => void;
}

export function MetricsFields({ query, onChange }: Props) {
  const kind = query.resourceKind ?? 'lambda';
  const metrics = metricsOf(kind);
  const metric = metrics.find((m) => m.name === query.metric);
  const onKindChange = (next: ResourceKind) => {
    // Keep the metric only if the new kind publishes it too.
    const keep = metricsOf(next).find((m) => m.name === query.metric);
    onChange({
      resourceKind: next,
      names: [],
      metric: keep?.name ?? metricsOf(next)[0]?.name,
      statistic: query.statistic ?? 'Sum',
    });
  };
  return (
    <>
      <InlineFieldRow>
        <InlineField label="Resource" labelWidth={12}>
          <Combobox
            data-testid={testIds.queryEditor.resourceKind}
            aria-label="Resource kind"
            width={32}
            options={resourceKinds}
            value={kind}
            onChange={(o) => onKindChange(o.value)}
          />
        </InlineField>
        <InlineField label="Metric" labelWidth={10}>
          <Combobox
            data-testid={testIds.queryEditor.metric}
            aria-label="Metric"
            width={36}
            options={metrics.map((m) => ({ value: m.name, description: `${m.namespace} · ${m.unit}` }))}
            value={query.metric}
            onChange={(o) => onChange({ metric: o.value })}
          />
        </InlineField>
        <InlineField
          label="Statistic"
          labelWidth={10}
          tooltip="Percentiles (p99, PR(:1000)) apply to durations and latencies"
        >
          <Combobox
            data-testid={testIds.queryEditor.statistic}
            aria-label="Statistic"
            width={18}
            createCustomValue
            options={statisticsOf(metric).map((s) => ({ value: s }))}
            value={query.statistic}
            onChange={(o) => onChange({ statistic: o.value })}
          />
        </InlineField>
        <InlineField label="Period" labelWidth={10}>
          <Combobox
            data-testid={testIds.queryEditor.period}
            aria-label="Period"
            width={12}
            options={periodOptions}
            value={query.period ?? 0}
            onChange={(o) => onChange({ period: o.value })}
          />
        </InlineField>
        <InlineField label="Baseline" labelWidth={10} tooltip="Answer with the deviation in percent from the past">
          <Combobox
            data-testid={testIds.queryEditor.baseline}
            aria-label="Baseline"
            width={16}
            options={baselineOptions}
            value={query.baseline ?? ''}
            onChange={(o) => onChange({ baseline: o.value || undefined })}
          />
        </InlineField>
      </InlineFieldRow>
      <SelectionFields query={query} onChange={onChange} />
      <InlineFieldRow>
        <TextField
          label="Label"
          labelWidth={12}
          tooltip="Replaces the series names, so transformations can refer to them"
          testId={testIds.queryEditor.label}
          width={32}
          value={query.label}
          onCommit={(label) => onChange({ label: label || undefined })}
        />
        {kind !== 'lambda' && (
          <TextField
            label="In front of"
            tooltip="Only resources that call this Lambda function, such as its API or queue; $variables are expanded"
            testId={testIds.queryEditor.upstreamOf}
            width={32}
            value={query.upstreamOf}
            placeholder="function name or $function"
            onCommit={(upstreamOf) => onChange({ upstreamOf: upstreamOf || undefined })}
          />
        )}
      </InlineFieldRow>
    </>
  );
}
