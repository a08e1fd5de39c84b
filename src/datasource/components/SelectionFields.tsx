import React from 'react';
import { InlineField, InlineFieldRow, Input, TagsInput } from '@grafana/ui';

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
      <InlineField label="Pattern" labelWidth={10} tooltip="A regular expression names must match">
        <Input
          data-testid={testIds.queryEditor.pattern}
          aria-label="Pattern"
          width={24}
          defaultValue={query.pattern}
          placeholder="^payment"
          onBlur={(e) => onChange({ pattern: e.currentTarget.value })}
        />
      </InlineField>
      <InlineField label="Region" labelWidth={10}>
        <Input
          data-testid={testIds.queryEditor.region}
          aria-label="Region"
          width={16}
          defaultValue={query.region}
          placeholder="all"
          onBlur={(e) => onChange({ region: e.currentTarget.value })}
        />
      </InlineField>
    </InlineFieldRow>
  );
}
