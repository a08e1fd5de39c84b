import React from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Combobox, type ComboboxOption, InlineField, InlineFieldRow, Input, TagsInput } from '@grafana/ui';

import { testIds } from '../../services/testIds';
import type { DataSource } from '../datasource';
import { DEFAULT_QUERY, type ResourceKind, type ServerlessDataSourceOptions, type ServerlessQuery } from '../types';

export type ServerlessQueryEditorProps = QueryEditorProps<DataSource, ServerlessQuery, ServerlessDataSourceOptions>;

const resourceKindOptions: Array<ComboboxOption<ResourceKind>> = [
  { label: 'Lambda function', value: 'lambda' },
  { label: 'API Gateway (REST)', value: 'apigateway' },
  { label: 'API Gateway (HTTP)', value: 'apigatewayv2' },
  { label: 'SQS queue', value: 'sqs' },
  { label: 'Step Functions state machine', value: 'states' },
  { label: 'EventBridge rule', value: 'events' },
  { label: 'DynamoDB table', value: 'dynamodb' },
  { label: 'RDS database', value: 'rds' },
];

const periodOptions: Array<ComboboxOption<number>> = [
  { label: 'auto', value: 0 },
  { label: '1m', value: 60 },
  { label: '5m', value: 300 },
  { label: '15m', value: 900 },
  { label: '1h', value: 3600 },
  { label: '1d', value: 86400 },
];

export function QueryEditor({ query, onChange, onRunQuery }: ServerlessQueryEditorProps) {
  const q = { ...DEFAULT_QUERY, ...query };
  const update = (patch: Partial<ServerlessQuery>) => {
    onChange({ ...query, ...patch });
    onRunQuery();
  };

  return (
    <>
      <InlineFieldRow>
        <InlineField label="Resource" labelWidth={12}>
          <Combobox
            data-testid={testIds.queryEditor.resourceKind}
            aria-label="Resource kind"
            width={32}
            options={resourceKindOptions}
            value={q.resourceKind}
            onChange={(option) => update({ resourceKind: option.value })}
          />
        </InlineField>
        <InlineField label="Names" labelWidth={10} tooltip="Leave empty for every resource of this kind">
          <div data-testid={testIds.queryEditor.names}>
            <TagsInput tags={q.names ?? []} onChange={(names) => update({ names })} placeholder="name or $variable" />
          </div>
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField label="Metric" labelWidth={12}>
          <Input
            data-testid={testIds.queryEditor.metric}
            aria-label="Metric"
            width={32}
            value={q.metric}
            onChange={(e) => onChange({ ...query, metric: e.currentTarget.value })}
            onBlur={onRunQuery}
          />
        </InlineField>
        <InlineField label="Statistic" labelWidth={10}>
          <Input
            data-testid={testIds.queryEditor.statistic}
            aria-label="Statistic"
            width={16}
            value={q.statistic}
            onChange={(e) => onChange({ ...query, statistic: e.currentTarget.value })}
            onBlur={onRunQuery}
          />
        </InlineField>
        <InlineField label="Period" labelWidth={10}>
          <Combobox
            data-testid={testIds.queryEditor.period}
            aria-label="Period"
            width={12}
            options={periodOptions}
            value={q.period}
            onChange={(option) => update({ period: option.value })}
          />
        </InlineField>
      </InlineFieldRow>
    </>
  );
}
