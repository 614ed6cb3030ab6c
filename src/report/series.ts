// Time series for charts: a window's rollup buckets as evenly spaced values (gaps are zeros),
// squeezed to the number of points a chart has room for.
import { dayStart } from '../store/rollups.js';
import type { Bucket, StoreState } from '../store/state.js';
import type { Counters } from '../telemetry/model.js';
import type { TimeWindow } from './window.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface Series {
  values: number[];
  /** Start of the first value and the span each value covers, ms. */
  from: number;
  stepMs: number;
}

function tierFor(state: StoreState, window: TimeWindow): { buckets: Bucket[]; stepMs: number; from: number } {
  if (window.name === 'today' || window.name === '24h') return { buckets: state.minutes, stepMs: MINUTE_MS, from: Math.floor(window.from! / MINUTE_MS) * MINUTE_MS };
  if (window.name === '7d' || window.name === '30d') return { buckets: state.hours, stepMs: HOUR_MS, from: Math.floor(window.from! / HOUR_MS) * HOUR_MS };
  const first = state.days[0]?.t ?? dayStart(window.to);
  return { buckets: state.days, stepMs: DAY_MS, from: first };
}

/** `pick` of every bucket of the window, at most `points` values (consecutive buckets summed). */
export function windowSeries(state: StoreState, window: TimeWindow, points: number, pick: (c: Counters) => number): Series {
  const { buckets, stepMs, from } = tierFor(state, window);
  const slots = Math.max(1, Math.floor((window.to - from) / stepMs) + 1);
  const raw = new Array<number>(slots).fill(0);
  for (const b of buckets) {
    const i = Math.floor((b.t - from) / stepMs);
    if (i >= 0 && i < slots) raw[i]! += pick(b.c);
  }
  const per = Math.max(1, Math.ceil(slots / Math.max(1, points)));
  const values: number[] = [];
  // Group from the end so the last value always holds the newest bucket.
  for (let end = slots; end > 0; end -= per) {
    let sum = 0;
    for (let i = Math.max(0, end - per); i < end; i++) sum += raw[i]!;
    values.unshift(sum);
  }
  return { values, from: from + (slots - values.length * per) * stepMs, stepMs: stepMs * per };
}
