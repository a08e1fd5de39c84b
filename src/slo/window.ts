/** Durations as SLO specs write them: 5m, 6h, 28d. */
const durationPattern = /^(\d+)(m|h|d)$/;
const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function parseDuration(text: string): number | undefined {
  const m = durationPattern.exec(text);
  return m ? Number(m[1]) * unitMs[m[2] as keyof typeof unitMs] : undefined;
}

export function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ['d', unitMs.d],
    ['h', unitMs.h],
    ['m', unitMs.m],
  ] as const) {
    if (ms % size === 0) {
      return `${ms / size}${unit}`;
    }
  }
  return `${Math.round(ms / unitMs.m)}m`;
}
