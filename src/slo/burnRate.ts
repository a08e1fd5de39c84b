import { formatDuration } from './window';

/**
 * The multi-window, multi-burn-rate tiers: each may spend a share of the whole budget within its long
 * window. Thresholds derive from those shares, so they stay right for any SLO window.
 */
export const tiers = [
  { severity: 'page', budgetShare: 0.02, longWindowMs: 3_600_000 },
  { severity: 'page', budgetShare: 0.05, longWindowMs: 6 * 3_600_000 },
  { severity: 'ticket', budgetShare: 0.1, longWindowMs: 24 * 3_600_000 },
  { severity: 'ticket', budgetShare: 0.1, longWindowMs: 72 * 3_600_000 },
] as const;

/** The short window confirms the burn is still going on: a twelfth of the long one. */
const SHORT_WINDOW_RATIO = 12;

export interface BurnRateAlert {
  severity: 'page' | 'ticket';
  threshold: number;
  longWindow: string;
  shortWindow: string;
}

/** The alert tiers of an SLO whose window lasts windowMs. */
export function burnRateAlerts(windowMs: number): BurnRateAlert[] {
  return tiers.map((t) => ({
    severity: t.severity,
    threshold: round((t.budgetShare * windowMs) / t.longWindowMs),
    longWindow: formatDuration(t.longWindowMs),
    shortWindow: formatDuration(t.longWindowMs / SHORT_WINDOW_RATIO),
  }));
}

/** The longest window any alert tier looks at; an SLO window must be at least this long. */
export const LONGEST_ALERT_WINDOW_MS = Math.max(...tiers.map((t) => t.longWindowMs));

/** How fast the budget burns: 1 spends exactly the budget over the SLO window. */
export function burnRate(good: number, total: number, objective: number): number {
  if (total <= 0) {
    return 0;
  }
  return (1 - good / total) / (1 - objective);
}

/** The share of the budget left after these events (negative once overspent). */
export function budgetRemaining(good: number, total: number, objective: number): number {
  return 1 - burnRate(good, total, objective);
}

/**
 * Whether a time slice with these events meets the objective (a fraction): its SLI at or above it.
 * The comparison allows for floating point, where 999 / 1000 falls short of 99.9 / 100.
 */
export function meetsObjective(good: number, total: number, objective: number): boolean {
  return good / total >= objective - 1e-12;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
