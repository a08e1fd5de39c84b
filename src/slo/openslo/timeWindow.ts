import type { WindowSpec } from '../spec';
import { parseDuration } from '../window';
import { OpenSloError, type OpenSloSlo } from './document';
import { array, record, string } from './fields';

// A spec's window to and from an OpenSLO timeWindow.

/** Calendar windows start at midnight UTC: weeks on Monday (ISO 8601), months on the 1st. */
const CALENDAR_START = '2024-01-01 00:00:00';
const CALENDAR_ZONES = ['UTC', 'Etc/UTC'];

export function exportWindow(window: WindowSpec): OpenSloSlo['spec']['timeWindow'][number] {
  if ('rolling' in window) {
    return { duration: window.rolling, isRolling: true };
  }
  return {
    duration: window.calendar === 'week' ? '1w' : '1M',
    isRolling: false,
    calendar: { startTime: CALENDAR_START, timeZone: 'UTC' },
  };
}

export function importWindow(raw: unknown): WindowSpec {
  const windows = array(raw, 'spec.timeWindow');
  if (windows.length !== 1) {
    throw new OpenSloError('spec.timeWindow', `needs exactly one time window; this has ${windows.length}`);
  }
  const path = 'spec.timeWindow[0]';
  const w = record(windows[0], path, ['duration', 'isRolling', 'calendar']);
  const duration = string(w.duration, `${path}.duration`);
  if (w.isRolling !== undefined && typeof w.isRolling !== 'boolean') {
    throw new OpenSloError(`${path}.isRolling`, `must be true or false, not ${JSON.stringify(w.isRolling)}`);
  }
  const rolling = w.isRolling ?? w.calendar === undefined;
  if (rolling === true) {
    if (w.calendar !== undefined) {
      throw new OpenSloError(`${path}.calendar`, 'a rolling window has no calendar');
    }
    const weeks = /^(\d+)w$/.exec(duration);
    const days = weeks ? `${Number(weeks[1]) * 7}d` : duration;
    if (parseDuration(days) === undefined) {
      throw new OpenSloError(
        `${path}.duration`,
        `"${duration}": rolling windows are counted in minutes, hours, days or weeks (m, h, d, w)`
      );
    }
    return { rolling: days };
  }
  const calendar = ({ '1w': 'week', '1M': 'month' } as const)[duration];
  if (calendar === undefined) {
    throw new OpenSloError(`${path}.duration`, `"${duration}": calendar windows are one week (1w) or one month (1M)`);
  }
  const c = record(w.calendar ?? {}, `${path}.calendar`, ['startTime', 'timeZone']);
  if (c.timeZone !== undefined && !CALENDAR_ZONES.includes(string(c.timeZone, `${path}.calendar.timeZone`))) {
    throw new OpenSloError(`${path}.calendar.timeZone`, `"${c.timeZone}": calendar windows follow UTC`);
  }
  if (c.startTime !== undefined) {
    const start = string(c.startTime, `${path}.calendar.startTime`);
    const m = /^(\d{4})-(\d{2})-(\d{2})[ T]00:00(:00)?$/.exec(start);
    const date = m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    const aligned = date && (calendar === 'week' ? date.getUTCDay() === 1 : date.getUTCDate() === 1);
    if (!aligned) {
      throw new OpenSloError(
        `${path}.calendar.startTime`,
        `"${start}": ${calendar === 'week' ? 'weeks start on a Monday' : 'months start on the 1st'} at 00:00:00`
      );
    }
  }
  return { calendar };
}
