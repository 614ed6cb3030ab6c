// Spend per calendar period (local day, local month, one session): the live figure (see
// report/live.ts), the one the header and every panel show, so a budget turns red with the header
// within seconds of a request rather than one export interval later.
import { dayStart } from '../store/rollups.js';
import type { SessionRecord, StoreState } from '../store/state.js';
import { sessionLifetime, sliceCells, type Slice } from '../report/figures.js';
import { sessionMatches } from '../report/grouping.js';

export interface Spend {
  /** Live spend in nano-USD (integers keep sums and threshold comparisons exact). */
  nanos: number;
  /** The part of `nanos` only events show so far. */
  provisionalNanos: number;
}

/** Local midnight on the first of the month `nowMs` falls in. */
export function monthStart(nowMs: number): number {
  const d = new Date(nowMs);
  return new Date(d.getFullYear(), d.getMonth(), 1).getTime();
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The local date, `2026-11-25`: the period of a daily budget. */
export function localDate(nowMs: number): string {
  const d = new Date(nowMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The local month, `2026-11`: the period of a monthly budget. */
export function localMonth(nowMs: number): string {
  return localDate(nowMs).slice(0, 7);
}

/** Live spend of the slice's cells in the day buckets from local midnight `fromDay` on. */
export function spendSince(slice: Slice, fromDay: number): Spend {
  let nanos = 0;
  let metrics = 0;
  for (const cell of sliceCells(
    slice,
    slice.state.days.filter((b) => b.start >= fromDay),
  )) {
    nanos += slice.rule.live(cell).costNanos ?? 0;
    metrics += cell.counters.costNanos ?? 0;
  }
  return { nanos, provisionalNanos: Math.max(0, nanos - metrics) };
}

/** Sessions with any telemetry at or after `fromMs` that pass the slice's filter. */
export function sessionsSince(slice: Slice, fromMs: number): SessionRecord[] {
  return [...slice.state.sessions.values()].filter((s) => s.folded === undefined && s.lastSeen >= fromMs && sessionMatches(s, slice.filter, slice.dirs));
}

/** A session's own live spend, over its whole life (a session budget follows the session across midnight). */
export function sessionSpend(slice: Slice, s: SessionRecord): Spend {
  const p = sessionLifetime(s, slice.rule);
  const nanos = p.live.costNanos ?? 0;
  return { nanos, provisionalNanos: Math.max(0, nanos - (p.metrics.costNanos ?? 0)) };
}

/** Today's live spend (local day). */
export function todaySpend(slice: Slice, nowMs: number): Spend {
  return spendSince(slice, dayStart(nowMs));
}

export type { StoreState };
