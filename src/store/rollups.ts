// Per-minute, per-hour and per-day rollups of the counters, with retention.
import type { Counters } from '../telemetry/model.js';
import { addCounters, cappedEntry, noCounters } from './counters.js';
import {
  DAY_BUCKETS_CAP,
  HOUR_BUCKETS_CAP,
  MINUTE_BUCKETS_CAP,
  MODELS_CAP,
  type Bucket,
  type Dimensions,
  type StoreState,
} from './state.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export function minuteStart(t: number): number {
  return Math.floor(t / MINUTE_MS) * MINUTE_MS;
}

export function hourStart(t: number): number {
  return Math.floor(t / HOUR_MS) * HOUR_MS;
}

/** The local day dayStart worked out last, [start, end). */
let lastDay = { start: 0, end: 0 };

/** Local midnight: days, "today" and daily reports follow the user's calendar. */
export function dayStart(t: number): number {
  // Every point of a day asks for the same day, and a Date per call was a measurable share of
  // ingest. (V8 reads the time zone once per process too.)
  if (t >= lastDay.start && t < lastDay.end) return lastDay.start;
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  const start = d.getTime();
  d.setDate(d.getDate() + 1); // the next local midnight: 23 or 25 hours on across DST
  d.setHours(0, 0, 0, 0);
  lastDay = { start, end: d.getTime() };
  return start;
}

interface Tier {
  field: 'minutes' | 'hours' | 'days';
  start: (t: number) => number;
  cap: number;
  /** Oldest bucket start kept, relative to now. */
  retentionMs: number;
}

export const TIERS: readonly Tier[] = [
  { field: 'minutes', start: minuteStart, cap: MINUTE_BUCKETS_CAP, retentionMs: MINUTE_BUCKETS_CAP * MINUTE_MS },
  { field: 'hours', start: hourStart, cap: HOUR_BUCKETS_CAP, retentionMs: HOUR_BUCKETS_CAP * HOUR_MS },
  { field: 'days', start: dayStart, cap: DAY_BUCKETS_CAP, retentionMs: DAY_BUCKETS_CAP * DAY_MS },
];

/** The bucket starting at `t` in an array sorted by `t`, created in place if missing. */
function bucketAt(buckets: Bucket[], t: number): Bucket {
  // Data is almost always for the newest bucket: search from the end.
  let i = buckets.length - 1;
  while (i >= 0 && buckets[i]!.t > t) i--;
  if (i >= 0 && buckets[i]!.t === t) return buckets[i]!;
  const bucket: Bucket = { t, c: {} };
  buckets.splice(i + 1, 0, bucket);
  return bucket;
}

/** Add counters at time `t` (already clamped to now) to every tier that still retains `t`. */
export function addToRollups(state: StoreState, t: number, counters: Counters, dims: Dimensions, nowMs: number, onModelOverflow?: () => void): void {
  for (const tier of TIERS) {
    // Within retention unless older than now minus retention (only then is the exact cut needed).
    if (t < nowMs - tier.retentionMs && tier.start(t) < tier.start(nowMs - tier.retentionMs)) continue;
    const start = tier.start(t);
    const buckets = state[tier.field];
    const bucket = bucketAt(buckets, start);
    addCounters(bucket.c, counters);
    if (dims.model) addCounters(cappedEntry((bucket.m ??= {}), dims.model, MODELS_CAP, noCounters, onModelOverflow), counters);
    if (dims.querySource) addCounters(((bucket.q ??= {})[dims.querySource] ??= {}), counters);
    if (buckets.length > tier.cap) buckets.splice(0, buckets.length - tier.cap);
  }
}

/** Drop buckets past retention (also after the clock moved forward while cc-top was stopped). */
export function pruneRollups(state: StoreState, nowMs: number): void {
  for (const tier of TIERS) {
    const oldest = tier.start(nowMs - tier.retentionMs);
    const buckets = state[tier.field];
    let drop = 0;
    while (drop < buckets.length && buckets[drop]!.t < oldest) drop++;
    if (drop > 0) buckets.splice(0, drop);
  }
}
