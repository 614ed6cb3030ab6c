// Time windows for reports, and which buckets answer which window.
import { dayStart, hourStart, minuteStart, type TierName } from '../store/rollups.js';
import type { Bucket, StoreState } from '../store/state.js';

export const WINDOW_NAMES = ['today', '24h', '7d', '30d', 'all'] as const;
export type WindowName = (typeof WINDOW_NAMES)[number];

export interface TimeWindow {
  name: WindowName;
  /** Inclusive start, epoch ms; null for `all`. */
  from: number | null;
  to: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export function isWindowName(value: string): value is WindowName {
  return (WINDOW_NAMES as readonly string[]).includes(value);
}

export function resolveWindow(name: WindowName, nowMs: number): TimeWindow {
  switch (name) {
    case 'today':
      return { name, from: dayStart(nowMs), to: nowMs };
    case '24h':
      // Minute buckets answer it, so it starts on a minute boundary.
      return { name, from: minuteStart(nowMs - DAY_MS), to: nowMs };
    // Hour buckets answer the longer windows, so they start on an hour boundary.
    case '7d':
      return { name, from: hourStart(nowMs - 7 * DAY_MS), to: nowMs };
    case '30d':
      return { name, from: hourStart(nowMs - 30 * DAY_MS + HOUR_MS), to: nowMs };
    case 'all':
      return { name, from: null, to: nowMs };
  }
}

/** The tier whose buckets answer a window: minutes up to a day, hours up to 30 days, days beyond. */
export function tierOf(window: TimeWindow): TierName {
  if (window.name === 'today' || window.name === '24h') return 'minutes';
  if (window.name === '7d' || window.name === '30d') return 'hours';
  return 'days';
}

/** The buckets of a window (for `all`, every day bucket: up to 400 days). */
export function windowBuckets(state: StoreState, window: TimeWindow, tier: TierName = tierOf(window)): Bucket[] {
  const buckets = state[tier];
  if (window.from === null) return buckets;
  // Buckets are sorted by start: find the first inside the window from the end (usually near it).
  let i = buckets.length;
  while (i > 0 && buckets[i - 1]!.start >= window.from) i--;
  return buckets.slice(i);
}
