/**
 * The periods SLO reads use, after what CloudWatch keeps: minutes for 15 days, 5 minutes for 63, an
 * hour beyond, and no more than 100,800 datapoints a series. The Go SLO evaluator (pkg/slo/evaluator)
 * reads the same periods; testdata/slo/periods.json holds the two together.
 */
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** CloudWatch's retention: the finest period it keeps for data older than each age. */
const retentionTiers = [
  { olderThan: 63 * DAY, minPeriod: HOUR },
  { olderThan: 15 * DAY, minPeriod: 5 * MINUTE },
];

/** The periods reads use: the Go data source's automatic periods. */
const nicePeriods = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 7 * DAY];

/** The most datapoints one GetMetricData call returns for a series. */
export const MAX_DATAPOINTS = 100_800;

/** The finest period (ms) CloudWatch returns for one series over [from, to) at the clock now. */
export function retainedPeriodMs(from: number, to: number, now: number): number {
  let floor = Math.max(MINUTE, (to - from) / MAX_DATAPOINTS);
  const tier = retentionTiers.find((t) => now - from > t.olderThan);
  if (tier) {
    floor = Math.max(floor, tier.minPeriod);
  }
  return nicePeriods.find((p) => p >= floor) ?? nicePeriods[nicePeriods.length - 1];
}

/**
 * The finest period for a read reaching back to oldest once its start is aligned to its buckets.
 * Aligning moves the start back by less than a bucket, so the age is judged an hour early.
 */
function periodFloorMs(oldest: number, to: number, now: number): number {
  return retainedPeriodMs(oldest - HOUR, to, now);
}

/** 0001-01-01T00:00:00Z, from which Go's time.Truncate counts periods. */
const GO_ZERO_TIME = -62_135_596_800_000;

function floorTo(t: number, d: number): number {
  return t - ((((t - GO_ZERO_TIME) % d) + d) % d);
}

function ceilTo(t: number, d: number): number {
  const down = floorTo(t, d);
  return down < t ? down + d : t;
}

/**
 * One GetMetricData read of an SLO's events and the buckets its periods add up to: each period goes
 * to the bucket of bucketMs from `from` that holds it, or, with sumInto, all to one bucket ending
 * then (a last bucket that ends after the range, holding only the data up to its end).
 */
export interface EventRead {
  from: number;
  to: number;
  periodMs: number;
  bucketMs: number;
  sumInto?: number;
}

/** The end of the bucket a period that starts at t goes to. */
export function bucketEnd(read: EventRead, t: number): number {
  return read.sumInto ?? read.from + (Math.floor((t - read.from) / read.bucketMs) + 1) * read.bucketMs;
}

/** The end of a read's last bucket. */
export function lastBucketEnd(read: EventRead): number {
  return read.sumInto ?? read.from + Math.ceil((read.to - read.from) / read.bucketMs) * read.bucketMs;
}

/**
 * The reads of an SLI's events in buckets of step over [from, to), from aligned to step. Each
 * period is read at the finest period CloudWatch keeps for from, the slice; with judged (an SLI
 * judged slice by slice: timeslices, exclusions, a queue's oldest message) the slices are read and
 * added up into buckets, otherwise the buckets are read whole. Nothing finer than a slice is kept,
 * so the last one counts whole, unless a bucket ends after to where CloudWatch keeps finer data:
 * that bucket then holds only the data up to to, read in the finest period kept for it.
 */
function bucketReads(from: number, to: number, step: number, now: number, judged: boolean): EventRead[] {
  const slice = retainedPeriodMs(from, to, now);
  if (step % slice !== 0) {
    throw new Error(
      `buckets of ${step / MINUTE} minutes cannot be read from ${new Date(from).toISOString()}: CloudWatch keeps data that old in periods of ${slice / MINUTE} minutes`
    );
  }
  const whole = floorTo(to, step);
  if (whole < to && step > retainedPeriodMs(whole, to, now)) {
    const tail = bucketReads(whole, to, retainedPeriodMs(whole, to, now), now, judged).map((r) => ({
      ...r,
      sumInto: whole + step,
    }));
    return whole > from ? [...bucketReads(from, whole, step, now, judged), ...tail] : tail;
  }
  const end = ceilTo(to, slice);
  return [{ from, to: end, periodMs: judged ? slice : step, bucketMs: step }];
}

/**
 * The reads of a status: the events of the span that ends at end (a whole minute), at the clock now.
 * Where CloudWatch keeps minutes for the whole span, minutes. Otherwise the retained period, from the
 * period that holds end - span (a few minutes early at most), and the last hour in minutes, so the
 * burn rate over it stays exact.
 */
export function statusReads(end: number, span: number, now: number, judged: boolean): EventRead[] {
  const start = end - span;
  const bulk = periodFloorMs(start, end, now);
  if (bulk === MINUTE) {
    return bucketReads(start, end, MINUTE, now, judged);
  }
  const recentFrom = floorTo(end - HOUR, bulk);
  const recent = periodFloorMs(recentFrom, end, now);
  if (recent === bulk) {
    return bucketReads(floorTo(start, bulk), end, bulk, now, judged);
  }
  return [
    ...bucketReads(floorTo(start, bulk), recentFrom, bulk, now, judged),
    ...bucketReads(recentFrom, end, recent, now, judged),
  ];
}
