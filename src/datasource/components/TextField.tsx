import React from 'react';
import { InlineField, Input } from '@grafana/ui';

interface Props {
  label: string;
  value?: string | number;
  onCommit: (value: string) => void;
  labelWidth?: number;
  width?: number;
  grow?: boolean;
  tooltip?: string;
  placeholder?: string;
  type?: 'text' | 'number';
  testId?: string;
}

/** A labelled text input that reports its value when the user leaves it, so typing runs no query. */
export function TextField({
  label,
  value,
  onCommit,
  labelWidth = 10,
  width,
  grow,
  tooltip,
  placeholder,
  type,
  testId,
}: Props) {
  return (
    <InlineField label={label} labelWidth={labelWidth} grow={grow} tooltip={tooltip}>
      <Input
        data-testid={testId}
        aria-label={label}
        type={type}
        width={width}
        defaultValue={value}
        placeholder={placeholder}
        onBlur={(e) => onCommit(e.currentTarget.value)}
      />
    </InlineField>
  );
}
