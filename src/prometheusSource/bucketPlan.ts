// Which time buckets the model needs for a window, and the intervals to ask Prometheus for.
//
// The reports read buckets of three tiers (minutes, hours, days) as the local store keeps them:
// minutes for today / 24h and the burn rate, hours for 7d / 30d, days for `all`, --by day and
// budgets. Here each tier gets only the buckets the view reads, as coarse as it allows: one
// bucket for a window's total in --once, clock-aligned buckets for the live view's charts, minute
// buckets for the last hour (burn rate). Every bucket is the sum of "elementary" intervals, cut at
// every bucket edge of every tier: each elementary interval is asked for once, and a bucket of any
// tier adds up its intervals exactly.
import { dayStart, minuteStart, type TierName } from '../store/rollups.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** The window as the reports resolve it (report/window.ts): from is null for `all`. */
export interface PlanWindow {
  name: 'today' | '24h' | '7d' | '30d' | 'all';
  from: number | null;
  to: number;
}

export interface PlanRequest {
  window: PlanWindow;
  /** Buckets for the live view's charts (else one bucket per window: --once). */
  chart: boolean;
  /** Day buckets: none, today's (a day budget), or every day of the window (--by). */
  days: 'none' | 'today' | 'window';
  /** A bucket from the first of the month (a month budget). */
  month: boolean;
  /** How far back `all` reaches: the server's retention (400 days at most, as the local store). */
  allSinceMs: number;
}

export interface TierBucket {
  tier: TierName;
  start: number;
  end: number;
}

export interface Interval {
  start: number;
  end: number;
}

export interface Plan {
  buckets: TierBucket[];
  /** Elementary intervals, oldest first, contiguous wherever buckets are. */
  intervals: Interval[];
}

/** Local midnights from `from`'s day to `to`, as [start, end) days, the last one ending at `to`. */
function localDays(from: number, to: number): Interval[] {
  const out: Interval[] = [];
  for (let d = dayStart(from); d < to; ) {
    const next = dayStart(d + 36 * HOUR_MS);
    out.push({ start: d, end: Math.min(next, to) });
    d = next;
  }
  return out;
}

/** [from, to) cut at multiples of `step` (UTC-aligned, as the charts' steps are). */
function grid(from: number, to: number, step: number): Interval[] {
  const out: Interval[] = [];
  for (let s = from; s < to; ) {
    const next = Math.min(to, Math.floor(s / step) * step + step);
    out.push({ start: s, end: next });
    s = next;
  }
  return out;
}

/**
 * The last hour, as the burn rate reads it (report/burn.ts sums the minute buckets that start
 * after now - 6 min, and after now - 61 min): buckets that start exactly there, so the rates are
 * the local store's. For charts, five-minute buckets up to the last five minutes, then minutes;
 * for --once one bucket each. `from` is where they begin (a minute boundary).
 */
function lastHour(now: number, chart: boolean): { from: number; buckets: Interval[] } {
  const f60 = minuteStart(now - 61 * MINUTE_MS) + MINUTE_MS;
  const f5 = minuteStart(now - 6 * MINUTE_MS) + MINUTE_MS;
  if (!chart) return { from: f60, buckets: [{ start: f60, end: f5 }, { start: f5, end: now }] };
  const buckets: Interval[] = [];
  for (let t = f60; t < f5; t += 5 * MINUTE_MS) buckets.push({ start: t, end: Math.min(f5, t + 5 * MINUTE_MS) });
  return { from: f60, buckets: [...buckets, ...grid(f5, now, MINUTE_MS)] };
}

function tierBuckets(tier: TierName, list: Interval[]): TierBucket[] {
  return list.filter((i) => i.end > i.start).map((i) => ({ tier, ...i }));
}

export function planBuckets(req: PlanRequest): Plan {
  const { window, chart } = req;
  const now = window.to;
  const buckets: TierBucket[] = [];
  // A tier's buckets never overlap (a report adds up all of them): a bucket that would is left out.
  const add = (tier: TierName, list: Interval[]) => {
    for (const b of tierBuckets(tier, list)) if (!buckets.some((o) => o.tier === tier && o.start < b.end && b.start < o.end)) buckets.push(b);
  };
  // The last hour: the burn rate, and the newest part of today's chart.
  const hour = lastHour(now, chart);
  const fine = hour.from;
  add('minutes', hour.buckets);
  const from = window.from ?? dayStart(req.allSinceMs);
  // Charts read the tier their step needs (a narrow chart of today reads hours, of 7d days): in
  // the live view every tier a chart of the window may read has buckets. They cost nothing: their
  // edges are edges of the finer buckets already asked for.
  const days = localDays(from, now).map((d) => ({ start: Math.max(d.start, from), end: d.end }));
  switch (window.name) {
    case 'today':
    case '24h':
      // Up to the last hour: fifteen-minute buckets (the step of a day's chart at most widths).
      if (from < fine) add('minutes', chart ? grid(from, fine, 15 * MINUTE_MS) : [{ start: from, end: fine }]);
      if (chart) add('hours', grid(from, now, HOUR_MS));
      if (chart) add('days', days);
      break;
    case '7d':
      add('hours', chart ? grid(from, now, 3 * HOUR_MS) : [{ start: from, end: now }]);
      if (chart) add('days', days);
      break;
    case '30d':
      // Twelve hours is the step a 30-day chart takes at most widths (series.ts), clock-aligned.
      add('hours', chart ? grid(from, now, 12 * HOUR_MS) : [{ start: from, end: now }]);
      if (chart) add('days', days);
      break;
    case 'all':
      // Budgets and --by read day buckets: `all` then keeps one per day.
      add('days', chart || req.days !== 'none' || req.month ? localDays(from, now) : [{ start: from, end: now }]);
      break;
  }
  if (window.name !== 'all') {
    const dayBuckets = req.days === 'window' ? windowDays(window, now) : req.days === 'today' || req.month ? [{ start: dayStart(now), end: now }] : [];
    // A month budget sums the day buckets from the 1st: the days before the window's are one bucket.
    const month = monthStart(now);
    const first = Math.min(dayBuckets[0]?.start ?? now, ...buckets.filter((b) => b.tier === 'days').map((b) => b.start));
    if (req.month && month < first) dayBuckets.unshift({ start: month, end: first });
    add('days', dayBuckets);
  }
  return { buckets, intervals: elementary(buckets, now) };
}

/** The days --by day lists for a window (report/dailyTable.ts): today and the days before it. */
function windowDays(window: PlanWindow, now: number): Interval[] {
  const count = { today: 1, '24h': 2, '7d': 7, '30d': 30, all: 0 }[window.name];
  const days: Interval[] = [];
  let d = dayStart(now);
  days.unshift({ start: d, end: now });
  while (days.length < count) {
    const prev = dayStart(d - 12 * HOUR_MS);
    days.unshift({ start: prev, end: d });
    d = prev;
  }
  return days;
}

export function monthStart(now: number): number {
  const d = new Date(now);
  return new Date(d.getFullYear(), d.getMonth(), 1).getTime();
}

/** Every bucket edge of every tier, and the intervals between consecutive edges that some bucket covers. */
function elementary(buckets: TierBucket[], now: number): Interval[] {
  const edges = [...new Set(buckets.flatMap((b) => [b.start, b.end]))].filter((t) => t <= now).sort((a, b) => a - b);
  const out: Interval[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const iv = { start: edges[i]!, end: edges[i + 1]! };
    if (buckets.some((b) => b.start <= iv.start && b.end >= iv.end)) out.push(iv);
  }
  return out;
}

/** Runs of consecutive intervals of one length: one range query answers a run. */
export function runsOf(intervals: readonly Interval[]): Interval[][] {
  const runs: Interval[][] = [];
  for (const iv of intervals) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (run && last && last.end === iv.start && last.end - last.start === iv.end - iv.start) run.push(iv);
    else runs.push([iv]);
  }
  return runs;
}
