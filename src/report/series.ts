// Time series for charts: fixed buckets aligned to the clock (a 15-minute bucket is 14:00-14:15
// whatever the time now), so a closed bucket's value never changes while no data arrives. The
// bucket size is the smallest of a fixed ladder that fits the window into the room the chart has.
import type { Counters } from '../telemetry/model.js';
import { dayStart, type TierName } from '../store/rollups.js';
import { inSlice, sliceCells, type Slice } from './figures.js';
import { addToSums, zeroSums } from './sums.js';
import { windowBuckets, type TimeWindow } from './window.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

interface Step {
  ms: number;
  label: string;
  tier: TierName;
}

/** Bucket sizes a chart may use, smallest first; each is read from the finest tier that divides it. */
export const STEPS: readonly Step[] = [
  { ms: MINUTE_MS, label: '1-min', tier: 'minutes' },
  { ms: 5 * MINUTE_MS, label: '5-min', tier: 'minutes' },
  { ms: 10 * MINUTE_MS, label: '10-min', tier: 'minutes' },
  { ms: 15 * MINUTE_MS, label: '15-min', tier: 'minutes' },
  { ms: 30 * MINUTE_MS, label: '30-min', tier: 'minutes' },
  { ms: HOUR_MS, label: 'hourly', tier: 'hours' },
  { ms: 3 * HOUR_MS, label: '3-hour', tier: 'hours' },
  { ms: 6 * HOUR_MS, label: '6-hour', tier: 'hours' },
  { ms: 12 * HOUR_MS, label: '12-hour', tier: 'hours' },
  { ms: DAY_MS, label: 'daily', tier: 'days' },
  { ms: 7 * DAY_MS, label: 'weekly', tier: 'days' },
];

export interface Series {
  values: number[];
  /** Start of each value's bucket, epoch ms. */
  starts: number[];
  stepMs: number;
  /** `15-min`, `hourly`, `daily`: for the chart's title. */
  stepLabel: string;
  /** Index of the bucket holding the window's end ("now"): the buckets after it are still to come. */
  nowIndex: number;
}

export interface SeriesOptions {
  /** Where the time axis ends when past the window's end: `today` spans the whole day, so its buckets stay put as the day goes on. */
  through?: number;
  /** Start the axis at the hour of the window's first data rather than at the window's start (it moves only when older data arrives). */
  fromFirstData?: boolean;
}

/** The start of the hour of the first bucket in the slice's window with data that passes its filter. */
function firstDataHour(slice: Slice): number | undefined {
  for (const b of windowBuckets(slice.state, slice.window)) if (!sliceCells(slice, [b]).next().done) return Math.floor(b.start / HOUR_MS) * HOUR_MS;
  return undefined;
}

/** The first bucket start of a window: its start, or for `all` the oldest day kept. */
function windowStart(slice: Slice, fromFirstData = false): number {
  if (slice.window.from !== null) return Math.max(slice.window.from, (fromFirstData ? firstDataHour(slice) : undefined) ?? slice.window.from);
  return slice.state.days[0]?.start ?? dayStart(slice.window.to);
}

/** The smallest step that fits the window into `points` buckets (minutes and hours only within their tiers' reach). */
export function stepFor(from: number, to: number, points: number): Step {
  const span = Math.max(1, to - from);
  for (const step of STEPS) {
    if (step.tier === 'minutes' && to - from > 25 * HOUR_MS) continue;
    if (step.tier === 'hours' && to - from > 31 * DAY_MS) continue;
    if (Math.ceil(span / step.ms) + 1 <= Math.max(2, points)) return step;
  }
  return STEPS[STEPS.length - 1]!;
}

/** Start of the step-sized bucket holding `t`: whole local days for daily steps, else the clock. */
function alignedStart(t: number, step: Step, firstDay: number): number {
  if (step.ms < DAY_MS) return Math.floor(t / step.ms) * step.ms;
  if (step.ms === DAY_MS) return dayStart(t);
  // Weeks counted from the window's first day.
  return firstDay + Math.floor((dayStart(t) - firstDay) / step.ms) * step.ms;
}

/** Where a chart of this window ends: `today` at midnight (its buckets then never move), the others now. */
export function chartEnd(window: TimeWindow): number {
  return window.name === 'today' ? dayStart(dayStart(window.to) + 36 * HOUR_MS) - 1 : window.to;
}

/** `pick` of the live figures of every bucket of the slice's window, in at most `points` buckets. */
export function windowSeries(slice: Slice, points: number, pick: (c: Counters) => number, options: SeriesOptions = {}): Series {
  return windowSeriesOf(slice, points, [pick], options)[0]!;
}

/** Per slice, the live figures of each bucket of a tier from a start: every chart of a frame reads them. */
const bucketCache = new WeakMap<Slice, Map<string, Map<number, Counters>>>();

/** The live figures of each bucket of `tier` from `from` on that pass the slice's filter, summed once per slice. */
function bucketTotals(slice: Slice, tier: TierName, from: number | null): Map<number, Counters> {
  let bySpan = bucketCache.get(slice);
  if (!bySpan) {
    bySpan = new Map();
    bucketCache.set(slice, bySpan);
  }
  const key = `${tier}:${from}`;
  let totals = bySpan.get(key);
  if (!totals) {
    totals = new Map();
    for (const b of windowBuckets(slice.state, { ...slice.window, from }, tier)) {
      // Every key summed by name into one fixed shape (see sums.ts): a chart's first frame goes over every cell.
      const sum = zeroSums();
      for (const cell of b.cells.values()) if (inSlice(slice, cell)) addToSums(sum, slice.rule.live(cell));
      totals.set(b.start, sum);
    }
    bySpan.set(key, totals);
  }
  return totals;
}

/** Several figures over the same buckets (the bucket sums shared by every chart of the slice). */
export function windowSeriesOf(slice: Slice, points: number, picks: readonly ((c: Counters) => number)[], options: SeriesOptions = {}): Series[] {
  const from = windowStart(slice, options.fromFirstData);
  const to = slice.window.to;
  const end = Math.max(to, options.through ?? to);
  const step = stepFor(from, end, points);
  const firstDay = dayStart(from);
  const first = alignedStart(from, step, firstDay);
  const starts: number[] = [];
  for (let t = first; t <= end; t = step.ms === DAY_MS ? dayStart(t + 36 * HOUR_MS) : t + step.ms) starts.push(t);
  const index = new Map(starts.map((t, i) => [t, i]));
  const values = picks.map(() => new Array<number>(starts.length).fill(0));
  for (const [start, sum] of bucketTotals(slice, step.tier, slice.window.from === null ? null : first)) {
    const i = index.get(alignedStart(start, step, firstDay));
    if (i === undefined) continue;
    for (let k = 0; k < picks.length; k++) values[k]![i]! += picks[k]!(sum);
  }
  let nowIndex = starts.length - 1;
  while (nowIndex > 0 && starts[nowIndex]! > to) nowIndex--;
  return values.map((v) => ({ values: v, starts, stepMs: step.ms, stepLabel: step.label, nowIndex }));
}

/** A series as running totals: each value is everything up to the end of its bucket. */
export function cumulative(series: Series): Series {
  let sum = 0;
  return { ...series, values: series.values.map((v) => (sum += v)) };
}
