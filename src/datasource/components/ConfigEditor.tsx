import React from 'react';
import { ConnectionConfig } from '@grafana/aws-sdk';
import type { DataSourcePluginOptionsEditorProps, SelectableValue } from '@grafana/data';
import { Field, Input, RadioButtonGroup, TagsInput } from '@grafana/ui';

import { testIds } from '../../services/testIds';
import type { Mode, ServerlessDataSourceOptions, ServerlessSecureJsonData } from '../types';

const modeOptions: Array<SelectableValue<Mode>> = [
  { label: 'Demo estate', value: 'demo', description: 'A simulated serverless system; needs no AWS account' },
  { label: 'AWS', value: 'aws', description: 'CloudWatch metrics and logs of your AWS account' },
];

/** AWS region names, as pkg/settings checks them: us-east-1, us-gov-west-1, ap-southeast-4. */
const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/** Demo mode's ceiling on simulated functions, as pkg/settings enforces it. */
export const MAX_DEMO_FUNCTIONS = 20000;

export function regionsProblem(regions: string[]): string | undefined {
  const bad = regions.filter((r) => !REGION_PATTERN.test(r));
  return bad.length ? `Not AWS region names: ${bad.join(', ')} (for example eu-west-1)` : undefined;
}

export function demoFunctionsProblem(value: number): string | undefined {
  return Number.isInteger(value) && value >= 0 && value <= MAX_DEMO_FUNCTIONS
    ? undefined
    : `Must be a whole number from 0 to ${MAX_DEMO_FUNCTIONS}`;
}

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
      {mode === 'demo' && <DemoFunctionsField {...props} />}
      {mode === 'aws' && (
        <>
          <div data-testid={testIds.datasourceConfig.awsConnection}>
            <ConnectionConfig {...props} />
          </div>
          <RegionsField {...props} />
        </>
      )}
    </>
  );
}

function RegionsField({ options, onOptionsChange }: ConfigEditorProps) {
  const regions = options.jsonData.regions ?? [];
  const problem = regionsProblem(regions);
  return (
    <Field
      label="Regions to watch"
      description="Queries that name no region read these; empty reads the default region"
      invalid={Boolean(problem)}
      error={problem}
    >
      <div data-testid={testIds.datasourceConfig.regions}>
        <TagsInput
          tags={regions}
          placeholder="eu-west-1"
          onChange={(next) => onOptionsChange({ ...options, jsonData: { ...options.jsonData, regions: next } })}
        />
      </div>
    </Field>
  );
}

function DemoFunctionsField({ options, onOptionsChange }: ConfigEditorProps) {
  const value = options.jsonData.demoFunctions ?? 0;
  const problem = demoFunctionsProblem(value);
  return (
    <Field
      label="Simulated functions"
      description="Scales the demo estate to this many functions, to try the app at size; 0 keeps the ten of the base estate"
      invalid={Boolean(problem)}
      error={problem}
    >
      <Input
        data-testid={testIds.datasourceConfig.demoFunctions}
        type="number"
        width={16}
        defaultValue={value}
        onBlur={(e) =>
          onOptionsChange({
            ...options,
            jsonData: { ...options.jsonData, demoFunctions: Number(e.currentTarget.value) },
          })
        }
      />
    </Field>
  );
}
