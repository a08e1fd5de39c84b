import { LONGEST_ALERT_WINDOW_MS } from './burnRate';
import type { SloSpec } from './spec';
import { formatDuration, parseDuration } from './window';

export class SloSpecError extends Error {
  constructor(
    readonly field: string,
    message: string
  ) {
    super(`${field}: ${message}`);
  }
}

const namePattern = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const templates = ['functionAvailability', 'apiAvailability', 'latency', 'queueFreshness'];

/** The window's length in ms; calendar windows count at their longest (31-day month). */
export function windowMs(spec: Pick<SloSpec, 'window'>): number | undefined {
  const w = spec.window;
  if ('rolling' in w) {
    return parseDuration(w.rolling);
  }
  return { week: 7, month: 31 }[w.calendar] * 86_400_000;
}

/** Checks a spec and throws an SloSpecError that names the first field that is wrong. */
export function validateSlo(spec: SloSpec): void {
  const fail = (field: string, message: string): never => {
    throw new SloSpecError(field, message);
  };
  if (!namePattern.test(spec.name ?? '')) {
    fail('name', `"${spec.name}" must be lower-case letters, digits and dashes (a DNS label)`);
  }
  if (!spec.service) {
    fail('service', 'is required');
  }
  if (!templates.includes(spec.sli?.template)) {
    fail('sli.template', `"${spec.sli?.template}" is not one of ${templates.join(', ')}`);
  }
  if (!spec.sli.resources?.length || spec.sli.resources.some((r) => !r || r.includes('$'))) {
    fail('sli.resources', 'needs at least one resource name, without $variables');
  }
  const needsThreshold = spec.sli.template === 'latency' || spec.sli.template === 'queueFreshness';
  if (needsThreshold && !(typeof spec.sli.threshold === 'number' && spec.sli.threshold > 0)) {
    fail('sli.threshold', `a ${spec.sli.template} SLI needs a positive threshold`);
  }
  if (!(typeof spec.objective === 'number' && spec.objective > 0 && spec.objective < 100)) {
    fail('objective', `${spec.objective} must be a percentage strictly between 0 and 100`);
  }
  const length = spec.window ? windowMs(spec) : undefined;
  if (length === undefined) {
    fail('window', 'must be { rolling: "<n>m|h|d" } or { calendar: "week" | "month" }');
  } else if (length < LONGEST_ALERT_WINDOW_MS) {
    fail(
      'window',
      `${formatDuration(length)} is shorter than the longest alert window, ${formatDuration(LONGEST_ALERT_WINDOW_MS)}`
    );
  }
  if (spec.budgeting && !['occurrences', 'timeslices'].includes(spec.budgeting)) {
    fail('budgeting', `"${spec.budgeting}" is not occurrences or timeslices`);
  }
  spec.exclusions?.forEach((e, i) => {
    const start = Date.parse(e.start);
    const end = Date.parse(e.end);
    if (Number.isNaN(start) || Number.isNaN(end) || start >= end) {
      fail(`exclusions[${i}]`, 'needs an ISO start before its ISO end');
    }
  });
  const minEvents = spec.alerting?.minEvents;
  if (minEvents !== undefined && !(Number.isInteger(minEvents) && minEvents >= 0)) {
    fail('alerting.minEvents', `${minEvents} must be a whole number of events, 0 or more`);
  }
}
