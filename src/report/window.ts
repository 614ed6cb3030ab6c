// Time windows for reports: which rollup answers which window.
import { sumCounters } from '../store/counters.js';
import { dayStart, hourStart } from '../store/rollups.js';
import type { Bucket, StoreState } from '../store/state.js';
import type { Counters, QuerySource } from '../telemetry/model.js';
import { ownValue, setOwn } from '../telemetry/wireKeys.js';

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
      return { name, from: nowMs - DAY_MS, to: nowMs };
    // Hour rollups answer the longer windows, so they start on an hour boundary.
    case '7d':
      return { name, from: hourStart(nowMs - 7 * DAY_MS), to: nowMs };
    case '30d':
      return { name, from: hourStart(nowMs - 30 * DAY_MS + HOUR_MS), to: nowMs };
    case 'all':
      return { name, from: null, to: nowMs };
  }
}

export interface WindowFigures {
  counters: Counters;
  byModel: Record<string, Counters>;
  /** By query source (main / subagent / auxiliary), where Claude Code said. */
  bySource: Partial<Record<QuerySource, Counters>>;
}

function fromBuckets(buckets: Bucket[], from: number): WindowFigures {
  const inWindow = buckets.filter((b) => b.t >= from);
  const byModel: Record<string, Counters> = {};
  const bySource: Partial<Record<QuerySource, Counters>> = {};
  for (const b of inWindow) {
    for (const [model, c] of Object.entries(b.m ?? {})) setOwn(byModel, model, sumCounters([ownValue(byModel, model) ?? {}, c]));
    for (const [source, c] of Object.entries(b.q ?? {}) as [QuerySource, Counters][]) bySource[source] = sumCounters([bySource[source] ?? {}, c]);
  }
  return { counters: sumCounters(inWindow.map((b) => b.c)), byModel, bySource };
}

/** The counters of a window: all-time totals, minute rollups (<= 24 h) or hour rollups. */
export function windowFigures(state: StoreState, window: TimeWindow): WindowFigures {
  if (window.from === null) return { counters: state.totals, byModel: state.totalsByModel, bySource: state.totalsBySource };
  if (window.name === 'today' || window.name === '24h') return fromBuckets(state.minutes, window.from);
  return fromBuckets(state.hours, window.from);
}

/** Per-bucket series for charts: one value per bucket of the tier that fits the window. */
export function windowBuckets(state: StoreState, window: TimeWindow): Bucket[] {
  if (window.name === 'today' || window.name === '24h') return state.minutes.filter((b) => b.t >= window.from!);
  if (window.name === '7d' || window.name === '30d') return state.hours.filter((b) => b.t >= window.from!);
  return state.days;
}
