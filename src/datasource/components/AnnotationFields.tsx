import React from 'react';
import { Combobox, type ComboboxOption, InlineField, InlineFieldRow } from '@grafana/ui';

import type { ServerlessQuery } from '../types';
import { testIds } from '../../services/testIds';
import { SelectionFields } from './SelectionFields';

type Marks = 'deployments' | 'coldStarts';

const markOptions: Array<ComboboxOption<Marks>> = [
  { label: 'Deployments', value: 'deployments', description: 'Deployments, rollbacks and configuration changes' },
  { label: 'Cold starts', value: 'coldStarts', description: 'REPORT log lines with an Init Duration' },
];

interface Props {
  query: ServerlessQuery;
  onChange: (patch: Partial<ServerlessQuery>) => void;
}

/** What an annotation query marks on the charts, and of which functions. */
export function AnnotationFields({ query, onChange }: Props) {
  return (
    <>
      <InlineFieldRow>
        <InlineField label="Mark" labelWidth={12}>
          <Combobox
            data-testid={testIds.queryEditor.annotationKind}
            aria-label="Mark"
            width={32}
            options={markOptions}
            value={query.preset === 'coldStarts' ? 'coldStarts' : 'deployments'}
            onChange={(o) => onChange({ preset: o.value === 'coldStarts' ? 'coldStarts' : undefined })}
          />
        </InlineField>
      </InlineFieldRow>
      <SelectionFields query={query} onChange={onChange} />
    </>
  );
}
