// Spend per calendar period (local day, local month, one session), live: the metric cost plus what
// `api_request` events show beyond it until the next metric export (see report/reconcile.ts). This
// is the figure the header shows, so a budget turns red with the header, within seconds of a
// request rather than one export interval later.
import { sumCounters } from '../store/counters.js';
import { dayStart } from '../store/rollups.js';
import type { SessionRecord, StoreState } from '../store/state.js';
import type { Counters } from '../telemetry/model.js';
import { sessionProvisional } from '../report/reconcile.js';
import { resolveWindow, windowFigures } from '../report/window.js';

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

/** Today's metric counters, exactly as `selectSummary(state, 'today')` counts them (minute rollups). */
export function todayFigures(state: StoreState, nowMs: number): Counters {
  return windowFigures(state, resolveWindow('today', nowMs)).counters;
}

/**
 * The calendar month to date: the day rollups of the month's earlier days plus today from the
 * minute rollups. Every increment lands in both tiers, so today's day bucket is left out rather
 * than added to the minutes: counted once, and equal to the daily figure by construction.
 */
export function monthFigures(state: StoreState, nowMs: number): Counters {
  const from = monthStart(nowMs);
  const today = dayStart(nowMs);
  const earlierDays = state.days.filter((b) => b.t >= from && b.t < today).map((b) => b.c);
  return sumCounters([...earlierDays, todayFigures(state, nowMs)]);
}

/** Sessions with any telemetry at or after `fromMs`. */
export function sessionsSince(state: StoreState, fromMs: number): SessionRecord[] {
  return Object.values(state.sessions).filter((s) => s.lastSeen >= fromMs);
}

/**
 * Metric counters of a period plus the provisional spend of the sessions seen in it, as
 * report/reconcile.ts's liveFigures does (provisional spend is always recent: it is what the next
 * export will carry).
 */
export function liveSpend(metricCounters: Counters, sessions: readonly SessionRecord[]): Spend {
  let provisionalNanos = 0;
  for (const s of sessions) provisionalNanos += sessionProvisional(s).costNanos ?? 0;
  return { nanos: (metricCounters.costNanos ?? 0) + provisionalNanos, provisionalNanos };
}

/** A session's own live spend, over its whole life (a session budget follows the session across midnight). */
export function sessionSpend(s: SessionRecord): Spend {
  return liveSpend(s.c, [s]);
}
