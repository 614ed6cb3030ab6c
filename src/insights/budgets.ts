// Budget status: how much of each configured budget is spent, and the colour it earns. Pure: the
// state and the time come in, figures go out; the header, the alerts and `--once` share it.
import { dayStart } from '../store/rollups.js';
import { makeSlice, type Slice } from '../report/figures.js';
import type { LiveRule } from '../report/live.js';
import type { Filter, ProjectDirs } from '../report/grouping.js';
import { resolveWindow } from '../report/window.js';
import type { StoreState } from '../store/state.js';
import type { BudgetSettings } from './config.js';
import { localDate, localMonth, monthStart, sessionsSince, sessionSpend, spendSince, type Spend } from './periodSpend.js';

export type BudgetKind = 'day' | 'session' | 'month';
export type BudgetLevel = 'ok' | 'warn' | 'error';

/** At or above this share of a budget: warn. */
export const BUDGET_WARN_PERCENT = 80;
/** Past this share (strictly more than the budget): error, and `--once` exits 3. */
export const BUDGET_ERROR_PERCENT = 100;

export interface BudgetStatus {
  kind: BudgetKind;
  limitUsd: number;
  /** Live spend: metrics plus what events show before the metrics arrive. */
  spentUsd: number;
  /** The part of spentUsd that only events show so far. */
  provisionalUsd: number;
  /** spent / limit (1.25 = 125 %). */
  fraction: number;
  level: BudgetLevel;
  /** What the spend belongs to: the local date (`2026-11-25`), the month (`2026-11`), or the session id ('' when none). */
  period: string;
  /** Session budget: the session judged, the highest-spending one active today; absent when none was. */
  sessionId?: string;
}

const LEVEL_RANK: Record<BudgetLevel, number> = { ok: 0, warn: 1, error: 2 };

/** Compared in integer nano-USD, so 80 % of $5.00 is exactly $4.00 whatever the float rounding. */
export function budgetLevel(spentNanos: number, limitNanos: number): BudgetLevel {
  if (spentNanos * 100 > limitNanos * BUDGET_ERROR_PERCENT) return 'error';
  if (spentNanos * 100 >= limitNanos * BUDGET_WARN_PERCENT) return 'warn';
  return 'ok';
}

function status(kind: BudgetKind, limitUsd: number, spend: Spend, period: string): BudgetStatus {
  // At least one nano-dollar, so a limit too small to count in never divides by zero.
  const limitNanos = Math.max(1, Math.round(limitUsd * 1e9));
  return {
    kind,
    limitUsd,
    spentUsd: spend.nanos / 1e9,
    provisionalUsd: spend.provisionalNanos / 1e9,
    fraction: spend.nanos / limitNanos,
    level: budgetLevel(spend.nanos, limitNanos),
    period,
  };
}

/** The highest-spending session seen today (ties: the most recent, then by id), with its spend. */
function topSessionToday(slice: Slice, nowMs: number): { id: string; spend: Spend } | undefined {
  let top: { id: string; spend: Spend; lastSeen: number } | undefined;
  for (const s of sessionsSince(slice, dayStart(nowMs))) {
    const spend = sessionSpend(slice, s);
    const better =
      !top || spend.nanos > top.spend.nanos || (spend.nanos === top.spend.nanos && (s.lastSeen > top.lastSeen || (s.lastSeen === top.lastSeen && s.id < top.id)));
    if (better) top = { id: s.id, spend, lastSeen: s.lastSeen };
  }
  return top && { id: top.id, spend: top.spend };
}

/**
 * One status per configured budget, in the order day, session, month. Over the slice's sessions:
 * with a filter, the budget applies to what it narrows to (one person, one team).
 */
export function budgetStatus(state: StoreState, budgets: BudgetSettings, nowMs: number, narrow: { filter?: Filter | undefined; dirs?: ProjectDirs | undefined; rule?: LiveRule } = {}): BudgetStatus[] {
  if (budgets.dayUsd === undefined && budgets.sessionUsd === undefined && budgets.monthUsd === undefined) return [];
  const slice = makeSlice(state, resolveWindow('today', nowMs), narrow.filter, narrow.dirs, narrow.rule);
  const out: BudgetStatus[] = [];
  if (budgets.dayUsd !== undefined) out.push(status('day', budgets.dayUsd, spendSince(slice, dayStart(nowMs)), localDate(nowMs)));
  if (budgets.sessionUsd !== undefined) {
    const top = topSessionToday(slice, nowMs);
    const s = status('session', budgets.sessionUsd, top?.spend ?? { nanos: 0, provisionalNanos: 0 }, top?.id ?? '');
    if (top) s.sessionId = top.id;
    out.push(s);
  }
  if (budgets.monthUsd !== undefined) out.push(status('month', budgets.monthUsd, spendSince(slice, monthStart(nowMs)), localMonth(nowMs)));
  return out;
}

/** The most severe level (ok when no budget is set): the header's colour. */
export function worstLevel(statuses: readonly BudgetStatus[]): BudgetLevel {
  let worst: BudgetLevel = 'ok';
  for (const s of statuses) if (LEVEL_RANK[s.level] > LEVEL_RANK[worst]) worst = s.level;
  return worst;
}

/** Any budget spent past its limit: `--once` exits 3 so scripts can stop work. */
export function budgetExceeded(statuses: readonly BudgetStatus[]): boolean {
  return statuses.some((s) => s.level === 'error');
}
