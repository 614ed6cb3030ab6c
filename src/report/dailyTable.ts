// `--once --by day|week|month`: one row per local calendar period, like ccusage's reports, from the
// day buckets' live figures (narrowed by the filter like every figure). The rows cover whole days:
// 7d is today and the six days before it, so their sum can differ from the 7d window's totals,
// which start at this hour seven days ago. `--by session`: one row per session of the window.
import { dayStart } from '../store/rollups.js';
import type { Counters } from '../telemetry/model.js';
import { addCounters, zeroCounters } from '../store/counters.js';
import { sliceCells, type Slice } from './figures.js';
import { usd } from './money.js';
import type { SessionSource, SessionSummary } from './summary.js';
import { tokensOf, type TokenFigures } from './tokens.js';
import type { WindowName } from './window.js';

export type Period = 'day' | 'week' | 'month';
/** What `--by` reports: calendar periods, or sessions. */
export type ReportBy = Period | 'session';
export const REPORT_BY: readonly ReportBy[] = ['day', 'week', 'month', 'session'];

export interface PeriodRow {
  /** Local date of the period's first day, YYYY-MM-DD (a month: YYYY-MM). */
  date: string;
  costUsd: number;
  /** The part of costUsd that only events show so far (metrics pending). */
  provisionalUsd: number;
  /** The part of costUsd cc-top priced itself (imported sessions without Claude Code's own cost). */
  estimatedUsd: number;
  tokens: TokenFigures;
  apiRequests: number;
  /** Models by cost, biggest first. */
  models: { model: string; costUsd: number }[];
}
/** The daily report's row (kept for the `daily` field of --json). */
export type DailyRow = PeriodRow;

const DAYS: Record<WindowName, number | null> = { today: 1, '24h': 2, '7d': 7, '30d': 30, all: null };
const pad = (n: number) => String(n).padStart(2, '0');

function localDate(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The start of the period holding local midnight `day`. */
function periodStart(day: number, period: Period): number {
  const d = new Date(day);
  if (period === 'month') return new Date(d.getFullYear(), d.getMonth(), 1).getTime();
  if (period === 'week') return new Date(d.getFullYear(), d.getMonth(), d.getDate() - ((d.getDay() + 6) % 7)).getTime(); // Monday
  return day;
}

/** Local midnights from the window's first day to today, oldest first (DST-safe: via dayStart). */
function daysOf(slice: Slice, windowName: WindowName, nowMs: number): number[] {
  const today = dayStart(nowMs);
  const count = DAYS[windowName];
  const first = count === null ? Math.min(today, slice.state.days[0]?.start ?? today) : undefined;
  const days = [today];
  for (let d = today; count === null ? d > first! : days.length < count; ) {
    d = dayStart(d - 12 * 3_600_000);
    days.unshift(d);
  }
  return days;
}

export function selectPeriods(slice: Slice, windowName: WindowName, nowMs: number, period: Period = 'day'): PeriodRow[] {
  const byDay = new Map(slice.state.days.map((b) => [b.start, b]));
  const rows = new Map<number, { live: Counters; metrics: Counters; models: Map<string, number> }>();
  for (const day of daysOf(slice, windowName, nowMs)) {
    const key = periodStart(day, period);
    const r = rows.get(key) ?? { live: zeroCounters(), metrics: zeroCounters(), models: new Map<string, number>() };
    rows.set(key, r);
    const b = byDay.get(day);
    if (!b) continue;
    for (const cell of sliceCells(slice, [b])) {
      const live = slice.rule.live(cell);
      addCounters(r.live, live);
      addCounters(r.metrics, cell.counters);
      if (cell.model !== undefined && live.costNanos) r.models.set(cell.model, (r.models.get(cell.model) ?? 0) + live.costNanos);
    }
  }
  return [...rows].map(([start, r]) => ({
    date: period === 'month' ? localDate(start).slice(0, 7) : localDate(start),
    costUsd: usd(r.live.costNanos ?? 0),
    provisionalUsd: usd(Math.max(0, (r.live.costNanos ?? 0) - (r.metrics.costNanos ?? 0))),
    estimatedUsd: usd(r.live.estCostNanos ?? 0),
    tokens: tokensOf(r.live),
    apiRequests: r.live.apiRequests ?? 0,
    models: [...r.models].map(([model, n]) => ({ model, costUsd: usd(n) })).sort((x, y) => y.costUsd - x.costUsd || x.model.localeCompare(y.model)),
  }));
}

export function selectDaily(slice: Slice, windowName: WindowName, nowMs: number): DailyRow[] {
  return selectPeriods(slice, windowName, nowMs, 'day');
}

/** `--by session`: a session's row (like ccusage's session report). */
export interface SessionRow {
  id: string;
  project: string | null;
  /** Local date of its last activity, YYYY-MM-DD. */
  lastActivity: string;
  costUsd: number;
  estimatedUsd: number;
  provisionalUsd: number;
  unpricedRequests: number;
  tokens: TokenFigures;
  models: string[];
  source: SessionSource;
}

/** The window's sessions, most expensive first. */
export function selectSessionRows(sessions: readonly SessionSummary[]): SessionRow[] {
  return sessions
    .map((s) => ({
      id: s.id,
      project: s.project,
      lastActivity: localDate(Date.parse(s.lastSeen)),
      costUsd: s.liveCostUsd,
      estimatedUsd: s.estimatedUsd,
      provisionalUsd: s.provisionalUsd,
      unpricedRequests: s.unpricedRequests,
      tokens: s.liveTokens,
      models: s.models,
      source: s.source,
    }))
    .sort((a, b) => b.costUsd - a.costUsd || b.lastActivity.localeCompare(a.lastActivity) || a.id.localeCompare(b.id));
}
