import React from 'react';
import { InlineField, InlineFieldRow, TagsInput } from '@grafana/ui';

import { TextField } from './TextField';
import type { ServerlessQuery } from '../types';
import { testIds } from '../../services/testIds';

interface Props {
  query: ServerlessQuery;
  onChange: (patch: Partial<ServerlessQuery>) => void;
  /** Whether the query narrows by names; the inventory and variables select by region and pattern only. */
  withNames?: boolean;
}

/** Which resources a query reads: names (or $variables), a name pattern, a region. */
export function SelectionFields({ query, onChange, withNames = true }: Props) {
  return (
    <InlineFieldRow>
      {withNames && (
        <InlineField label="Names" labelWidth={12} tooltip="Leave empty for every resource; $variables are expanded">
          <div data-testid={testIds.queryEditor.names}>
            <TagsInput
              tags={query.names ?? []}
              onChange={(names) => onChange({ names })}
              placeholder="name or $variable"
            />
          </div>
        </InlineField>
      )}
      <TextField
        label="Pattern"
        tooltip="A regular expression names must match"
        testId={testIds.queryEditor.pattern}
        width={24}
        value={query.pattern}
        placeholder="^payment"
        onCommit={(pattern) => onChange({ pattern })}
      />
      <TextField
        label="Region"
        testId={testIds.queryEditor.region}
        width={16}
        value={query.region}
        placeholder="all"
        onCommit={(region) => onChange({ region })}
      />
    </InlineFieldRow>
  );
}
