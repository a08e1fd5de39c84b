import React from 'react';
import { type Field, FieldColorModeId, FieldType } from '@grafana/data';
import { GraphDrawStyle } from '@grafana/schema';
import { type CustomCellRendererProps, Sparkline, useTheme2 } from '@grafana/ui';

/** A trend as the back end sends it: a JSON array of numbers (a frame field cannot hold a series). */
export function trendValues(value: unknown): number[] | undefined {
  const parsed = typeof value === 'string' ? safeParse(value) : value;
  if (!Array.isArray(parsed) || parsed.length < 2 || !parsed.every((v) => typeof v === 'number')) {
    return undefined;
  }
  return parsed;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const TREND_WIDTH = 120;
const TREND_HEIGHT = 24;

/** A table cell that draws the row's trend as a sparkline, in the colour the column sets. */
export function TrendCell({ value, field }: CustomCellRendererProps) {
  const theme = useTheme2();
  const values = trendValues(value);
  if (!values) {
    return null;
  }
  const y: Field = {
    name: field.name,
    type: FieldType.number,
    values,
    config: { color: field.config.color ?? { mode: FieldColorModeId.Fixed, fixedColor: 'blue' } },
    // The sparkline scales to the field's range; from zero, so a quiet function draws a low line.
    state: { range: { min: 0, max: Math.max(...values, 1), delta: Math.max(...values, 1) } },
  };
  return (
    <Sparkline
      width={TREND_WIDTH}
      height={TREND_HEIGHT}
      theme={theme}
      sparkline={{ y }}
      config={{ custom: { drawStyle: GraphDrawStyle.Line, lineWidth: 1, fillOpacity: 20 } }}
    />
  );
}
