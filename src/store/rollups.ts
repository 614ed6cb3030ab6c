// Per-minute, per-hour and per-day buckets of per-session cells, with retention and one cap on
// the cells of all buckets together.
import type { Counters, QuerySource } from '../telemetry/model.js';
import { addCounters, pushRing, takeFrom } from './counters.js';
import {
  CELL_SAMPLES_CAP,
  CELLS_CAP,
  cellKey,
  DAY_BUCKETS_CAP,
  HOUR_BUCKETS_CAP,
  MINUTE_BUCKETS_CAP,
  OVERFLOW_KEY,
  type Bucket,
  type Cell,
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
/**
 * Local days already worked out, by quarter hour (every time zone's midnight falls on one): an
 * import adds figures of many days in no order, and working out a local date is slow.
 */
const daysByQuarter = new Map<number, { start: number; end: number }>();
const QUARTER_MS = 900_000;
const DAYS_CACHED = 4_096;

/** Local midnight: days, "today" and daily reports follow the user's calendar. */
export function dayStart(t: number): number {
  if (t >= lastDay.start && t < lastDay.end) return lastDay.start;
  const quarter = Math.floor(t / QUARTER_MS);
  const known = daysByQuarter.get(quarter);
  if (known) {
    lastDay = known;
    return known.start;
  }
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  const start = d.getTime();
  d.setDate(d.getDate() + 1); // the next local midnight: 23 or 25 hours on across DST
  d.setHours(0, 0, 0, 0);
  lastDay = { start, end: d.getTime() };
  if (daysByQuarter.size >= DAYS_CACHED) daysByQuarter.clear();
  daysByQuarter.set(quarter, lastDay);
  return start;
}

export type TierName = 'minutes' | 'hours' | 'days';

interface Tier {
  field: TierName;
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

/** What an increment is attributed to besides its time. */
export interface CellId {
  session: string;
  model?: string | undefined;
  source?: QuerySource | undefined;
  tool?: string | undefined;
}

/** Latency samples that go with an increment (hour buckets keep them). */
export interface Samples {
  durationMs?: number | undefined;
  ttftMs?: number | undefined;
}

/** Cells in all buckets of a state (kept beside it, not in it: it is derived). */
const cellCounts = new WeakMap<StoreState, { cells: number }>();

export function cellCount(state: StoreState): { cells: number } {
  let count = cellCounts.get(state);
  if (!count) {
    let cells = 0;
    for (const tier of TIERS) for (const b of state[tier.field]) cells += b.cells.size;
    count = { cells };
    cellCounts.set(state, count);
  }
  return count;
}

/** The bucket starting at `start` in an array sorted by start, created in place if missing. */
function bucketAt(buckets: Bucket[], start: number): Bucket {
  // Data is almost always for the newest bucket: search from the end.
  let i = buckets.length - 1;
  while (i >= 0 && buckets[i]!.start > start) i--;
  if (i >= 0 && buckets[i]!.start === start) return buckets[i]!;
  const bucket: Bucket = { start, cells: new Map() };
  buckets.splice(i + 1, 0, bucket);
  return bucket;
}

function cellIn(state: StoreState, bucket: Bucket, id: CellId, onOverflow: () => void): Cell {
  const key = cellKey(id.session, id.model, id.source, id.tool);
  const found = bucket.cells.get(key);
  if (found) return found;
  const count = cellCount(state);
  if (count.cells >= CELLS_CAP) {
    onOverflow();
    const overflowKey = cellKey(OVERFLOW_KEY, undefined, undefined, undefined);
    const overflow = bucket.cells.get(overflowKey);
    if (overflow) return overflow;
    const cell: Cell = { session: OVERFLOW_KEY, counters: {} };
    bucket.cells.set(overflowKey, cell);
    count.cells++;
    return cell;
  }
  const cell: Cell = { session: id.session, counters: {} };
  if (id.model !== undefined) cell.model = id.model;
  if (id.source !== undefined) cell.source = id.source;
  if (id.tool !== undefined) cell.tool = id.tool;
  bucket.cells.set(key, cell);
  count.cells++;
  return cell;
}

/** Each tier's oldest bucket start for the `now` last asked about (the same for a whole batch). */
let retained = { now: Number.NaN, starts: [] as number[] };

function oldestRetained(nowMs: number): number[] {
  if (retained.now !== nowMs) retained = { now: nowMs, starts: TIERS.map((tier) => tier.start(nowMs - tier.retentionMs)) };
  return retained.starts;
}

/** Add counters at time `t` (already clamped to now) to every tier that still retains `t`. */
export function addToRollups(state: StoreState, t: number, id: CellId, counters: Counters, nowMs: number, onOverflow: () => void, samples?: Samples): void {
  const oldest = oldestRetained(nowMs);
  for (let k = 0; k < TIERS.length; k++) {
    const tier = TIERS[k]!;
    const start = tier.start(t);
    if (start < oldest[k]!) continue;
    const buckets = state[tier.field];
    const cell = cellIn(state, bucketAt(buckets, start), id, onOverflow);
    addCounters(cell.counters, counters);
    if (tier.field === 'hours' && samples) {
      if (samples.durationMs !== undefined) pushRing((cell.durations ??= []), samples.durationMs, CELL_SAMPLES_CAP);
      if (samples.ttftMs !== undefined) pushRing((cell.ttfts ??= []), samples.ttftMs, CELL_SAMPLES_CAP);
    }
    if (buckets.length > tier.cap) dropOldest(state, buckets, buckets.length - tier.cap);
  }
}

/**
 * Take back counters added at `t` with addToRollups, from the tiers that still hold that bucket.
 * Nothing is created: a bucket or cell dropped since (retention, the size budget) owes nothing, and
 * one that went to the overflow cell under the cells cap is taken from there.
 */
export function takeFromRollups(state: StoreState, t: number, id: CellId, counters: Counters): void {
  for (const tier of TIERS) {
    const start = tier.start(t);
    const buckets = state[tier.field];
    let i = buckets.length - 1;
    while (i >= 0 && buckets[i]!.start > start) i--;
    const bucket = i >= 0 && buckets[i]!.start === start ? buckets[i]! : undefined;
    if (!bucket) continue;
    let key = cellKey(id.session, id.model, id.source, id.tool);
    let cell = bucket.cells.get(key);
    if (!cell) {
      key = cellKey(OVERFLOW_KEY, undefined, undefined, undefined);
      cell = bucket.cells.get(key);
    }
    if (!cell) continue;
    takeFrom(cell.counters, counters);
    // A cell left with nothing goes, so re-importing a growing transcript does not pile up empty cells.
    if (Object.keys(cell.counters).length === 0 && !cell.durations && !cell.ttfts) {
      bucket.cells.delete(key);
      cellCount(state).cells--;
    }
  }
}

function dropOldest(state: StoreState, buckets: Bucket[], n: number): void {
  const count = cellCount(state);
  for (const b of buckets.splice(0, n)) count.cells -= b.cells.size;
}

/** Drop a tier's buckets that start before `start`. */
export function dropBucketsBefore(state: StoreState, tier: TierName, start: number): void {
  const buckets = state[tier];
  let drop = 0;
  while (drop < buckets.length && buckets[drop]!.start < start) drop++;
  if (drop > 0) dropOldest(state, buckets, drop);
}

/** Drop buckets past retention (also after the clock moved forward while cc-top was stopped). */
export function pruneRollups(state: StoreState, nowMs: number): void {
  for (const tier of TIERS) dropBucketsBefore(state, tier.field, tier.start(nowMs - tier.retentionMs));
}
