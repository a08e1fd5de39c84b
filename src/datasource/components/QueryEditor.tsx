import React from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Alert, Combobox, type ComboboxOption, InlineField, InlineFieldRow, Text } from '@grafana/ui';

import { testIds } from '../../services/testIds';
import { awsCostNote } from '../awsCost';
import { queryProblem } from '../catalog';
import type { DataSource } from '../datasource';
import { DEFAULT_QUERY, QueryKind, type ServerlessDataSourceOptions, type ServerlessQuery } from '../types';
import { AnnotationFields } from './AnnotationFields';
import { LogsFields } from './LogsFields';
import { MetricsFields } from './MetricsFields';
import { SelectionFields } from './SelectionFields';
import { SloFields } from './SloFields';
import { VariableQueryEditor } from './VariableQueryEditor';

export type ServerlessQueryEditorProps = QueryEditorProps<DataSource, ServerlessQuery, ServerlessDataSourceOptions>;

const kindOptions: Array<ComboboxOption<QueryKind>> = [
  { label: 'Metrics', value: QueryKind.Metrics, description: 'A CloudWatch metric of one or more resources' },
  { label: 'Inventory', value: QueryKind.Inventory, description: 'One row per function with every health column' },
  { label: 'Logs', value: QueryKind.Logs, description: 'Function log lines, or a preset such as top errors' },
  { label: 'Service map', value: QueryKind.Topology, description: 'Node Graph of the flows, ringed by health' },
  {
    label: 'Annotations',
    value: QueryKind.Annotations,
    description: 'Deployments, configuration changes or cold starts',
  },
  { label: 'SLO', value: QueryKind.Slo, description: 'SLI, burn rate, budget left or time to exhaustion of an SLO' },
  {
    label: 'Variable values',
    value: QueryKind.Variable,
    description: 'Regions, functions, APIs, queues, state machines, runtimes or SLOs',
  },
];

export function QueryEditor({ query, onChange, onRunQuery, datasource }: ServerlessQueryEditorProps) {
  const q: ServerlessQuery = { ...DEFAULT_QUERY, ...query };
  const update = (patch: Partial<ServerlessQuery>) => {
    const next = { ...q, ...patch };
    onChange(next);
    if (!queryProblem(next)) {
      onRunQuery();
    }
  };
  const problem = queryProblem(q);
  const kind = q.queryType ?? QueryKind.Metrics;
  return (
    <>
      <InlineFieldRow>
        <InlineField label="Query type" labelWidth={12}>
          <Combobox
            data-testid={testIds.queryEditor.kind}
            aria-label="Query type"
            width={32}
            options={kindOptions}
            value={kind}
            onChange={(o) => update({ queryType: o.value })}
          />
        </InlineField>
      </InlineFieldRow>
      {kind === QueryKind.Metrics && <MetricsFields query={q} onChange={update} />}
      {kind === QueryKind.Inventory && <SelectionFields query={q} onChange={update} withNames={false} />}
      {kind === QueryKind.Logs && <LogsFields query={q} onChange={update} />}
      {kind === QueryKind.Annotations && <AnnotationFields query={q} onChange={update} />}
      {kind === QueryKind.Slo && <SloFields query={q} onChange={update} />}
      {kind === QueryKind.Variable && <VariableQueryEditor query={q} onChange={update} />}
      {problem && (
        <Alert data-testid={testIds.queryEditor.problem} severity="error" title="This query cannot run">
          {problem}
        </Alert>
      )}
      <div data-testid={testIds.queryEditor.cost}>
        <Text variant="bodySmall" color="secondary">
          {datasource.mode === 'aws'
            ? `AWS cost: ${awsCostNote(q)}`
            : 'Demo mode: answered from the demo estate, at no AWS cost'}
        </Text>
      </div>
    </>
  );
}
