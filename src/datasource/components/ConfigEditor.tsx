import React from 'react';
import { ConnectionConfig } from '@grafana/aws-sdk';
import type { DataSourcePluginOptionsEditorProps, SelectableValue } from '@grafana/data';
import { Field, RadioButtonGroup } from '@grafana/ui';

import { testIds } from '../../services/testIds';
import type { Mode, ServerlessDataSourceOptions, ServerlessSecureJsonData } from '../types';

const modeOptions: Array<SelectableValue<Mode>> = [
  { label: 'Demo estate', value: 'demo', description: 'A simulated serverless system; needs no AWS account' },
  { label: 'AWS', value: 'aws', description: 'CloudWatch metrics and logs of your AWS account' },
];

export type ConfigEditorProps = DataSourcePluginOptionsEditorProps<
  ServerlessDataSourceOptions,
  ServerlessSecureJsonData
>;

export function ConfigEditor(props: ConfigEditorProps) {
  const { options, onOptionsChange } = props;
  const mode = options.jsonData.mode ?? 'demo';
  return (
    <>
      <Field label="Mode" description="Where the data source reads metrics and logs from">
        <div data-testid={testIds.datasourceConfig.mode}>
          <RadioButtonGroup<Mode>
            options={modeOptions}
            value={mode}
            onChange={(value) => onOptionsChange({ ...options, jsonData: { ...options.jsonData, mode: value } })}
          />
        </div>
      </Field>
      {mode === 'aws' && (
        <div data-testid={testIds.datasourceConfig.awsConnection}>
          <ConnectionConfig {...props} />
        </div>
      )}
    </>
  );
}
