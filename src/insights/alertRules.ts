// Alert rules: pure judgements of the state at a time. Each alert has an id stable per condition
// and period (a budget's day, a 5-minute bucket, a stall), so AlertTracker raises it once however
// often the rules are evaluated.
import { addCounters } from '../store/counters.js';
import { minuteStart } from '../store/rollups.js';
import type { StoreState } from '../store/state.js';
import type { Counters } from '../telemetry/model.js';
import { shortId } from '../report/cells.js';
import { formatCount, formatDuration, formatPercent, formatUsd } from '../report/format.js';
import { BUDGET_ERROR_PERCENT, BUDGET_WARN_PERCENT, budgetStatus, type BudgetKind, type BudgetStatus } from './budgets.js';
import type { InsightsConfig } from './config.js';
import { stalledSessions, type StalledSession } from './stalledSessions.js';

export type AlertLevel = 'warn' | 'error';
export type AlertRule = 'budget' | 'error-rate' | 'cache-efficiency' | 'stalled-session';

export interface Alert {
  /** Stable per condition and period: raised once (see AlertTracker). */
  id: string;
  /**
   * The condition without its period: while it holds from one evaluation to the next, a new
   * period (the next 5-minute bucket of the same error spike) is the same episode, not a new alert.
   */
  condition: string;
  rule: AlertRule;
  level: AlertLevel;
  title: string;
  /** Names the figure and what to do. */
  message: string;
}

/** Error rate: the current minute and the four before it. */
export const ERROR_RATE_WINDOW_MINUTES = 5;
/** Fewer API calls than this in the window say nothing about a rate. */
export const ERROR_RATE_MIN_REQUESTS = 5;
/** Cache efficiency: the current minute and the 59 before it. */
export const CACHE_WINDOW_MINUTES = 60;
/** Fewer prompt tokens than this in the window say nothing about the cache. */
export const CACHE_MIN_PROMPT_TOKENS = 100_000;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

const pct = (fraction: number): string => formatPercent(fraction, 0);
/** `2026-11-25T12:05Z`: a UTC minute, for ids. */
const isoMinute = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16)}Z`;

/** The minute buckets of the last `minutes` minutes, the current one included (every cell). */
function recentMinutes(state: StoreState, minutes: number, nowMs: number): Counters {
  const from = minuteStart(nowMs) - (minutes - 1) * MINUTE_MS;
  const out: Counters = {};
  for (const b of state.minutes) if (b.start >= from) for (const cell of b.cells.values()) addCounters(out, cell.counters);
  return out;
}

const BUDGET_WORDS: Record<BudgetKind, { name: string; flag: string; key: string }> = {
  day: { name: 'Daily', flag: '--budget-day', key: 'budgets.dayUsd' },
  session: { name: 'Session', flag: '--budget-session', key: 'budgets.sessionUsd' },
  month: { name: 'Monthly', flag: '--budget-month', key: 'budgets.monthUsd' },
};

function spentWhere(s: BudgetStatus): string {
  if (s.kind === 'day') return `today (${s.period})`;
  if (s.kind === 'month') return `this month (${s.period})`;
  return `by session ${shortId(s.period)}`;
}

/** One alert per budget past a threshold: the highest one crossed (a jump past 100 % is one alert, not two). */
export function budgetAlerts(statuses: readonly BudgetStatus[]): Alert[] {
  const out: Alert[] = [];
  for (const s of statuses) {
    if (s.level === 'ok') continue;
    const w = BUDGET_WORDS[s.kind];
    const threshold = s.level === 'error' ? BUDGET_ERROR_PERCENT : BUDGET_WARN_PERCENT;
    const id = `budget-${s.kind}-${threshold}-${s.period}`;
    const spent = `${formatUsd(s.spentUsd)} of the ${formatUsd(s.limitUsd)} ${w.name.toLowerCase()} budget spent ${spentWhere(s)} (${pct(s.fraction)})`;
    const alert: Alert =
      s.level === 'error'
        ? { id, condition: id, rule: 'budget', level: 'error', title: `${w.name} budget exceeded`, message: `${spent}. Pause costly work or switch to a cheaper model (/model), or raise ${w.flag} or ${w.key} in config.json.` }
        : { id, condition: id, rule: 'budget', level: 'warn', title: `${w.name} budget at ${pct(s.fraction)}`, message: `${spent}. If that is expected, raise ${w.flag} or ${w.key} in config.json.` };
    out.push(alert);
  }
  return out;
}

/** api_error share of API calls over the last ERROR_RATE_WINDOW_MINUTES, at or above the threshold. */
export function errorRateAlert(state: StoreState, threshold: number, nowMs: number): Alert | null {
  const c = recentMinutes(state, ERROR_RATE_WINDOW_MINUTES, nowMs);
  const errors = c.apiErrors ?? 0;
  const calls = (c.apiRequests ?? 0) + errors;
  if (calls < ERROR_RATE_MIN_REQUESTS || errors / calls < threshold) return null;
  const bucket = Math.floor(nowMs / (ERROR_RATE_WINDOW_MINUTES * MINUTE_MS)) * ERROR_RATE_WINDOW_MINUTES * MINUTE_MS;
  return {
    id: `error-rate-${isoMinute(bucket)}`,
    condition: 'error-rate',
    rule: 'error-rate',
    level: 'error',
    title: `API error rate ${pct(errors / calls)}`,
    message: `${errors} of ${calls} API calls failed in the last ${ERROR_RATE_WINDOW_MINUTES} min (alert at ${pct(threshold)}). See their status codes in the event log: 429 is rate limiting, 529 or 5xx an overloaded API (status.anthropic.com).`,
  };
}

/**
 * Cache efficiency over the last CACHE_WINDOW_MINUTES below `min`, from whichever source saw more
 * prompt tokens: metrics lag up to an export interval, and some setups send only one signal.
 */
export function cacheEfficiencyAlert(state: StoreState, min: number, nowMs: number): Alert | null {
  const c = recentMinutes(state, CACHE_WINDOW_MINUTES, nowMs);
  const metric = { input: c.tokIn ?? 0, read: c.tokCacheRead ?? 0, write: c.tokCacheCreation ?? 0 };
  const events = { input: c.evTokIn ?? 0, read: c.evTokCacheRead ?? 0, write: c.evTokCacheCreation ?? 0 };
  const total = (t: typeof metric): number => t.input + t.read + t.write;
  const t = total(metric) >= total(events) ? metric : events;
  const prompt = total(t);
  if (prompt < CACHE_MIN_PROMPT_TOKENS) return null;
  const efficiency = t.read / prompt;
  if (efficiency >= min) return null;
  return {
    id: `cache-efficiency-${isoMinute(Math.floor(nowMs / HOUR_MS) * HOUR_MS)}`,
    condition: 'cache-efficiency',
    rule: 'cache-efficiency',
    level: 'warn',
    title: `Cache efficiency ${pct(efficiency)}`,
    message: `Only ${pct(efficiency)} of ${formatCount(prompt)} prompt tokens in the last hour were cache reads (alert below ${pct(min)}); uncached tokens cost more. Pauses over 5 min (the cache expires), /clear, switching models and edits to CLAUDE.md or MCP tools all start the cache over.`,
  };
}

export function stalledAlert(s: StalledSession): Alert {
  const who = `Session ${shortId(s.id)}`;
  return {
    id: `stalled-${s.id}-${isoMinute(s.lastTelemetryAt)}`,
    condition: `stalled-${s.id}`,
    rule: 'stalled-session',
    level: 'warn',
    title: `${who} may be stalled`,
    message: `${who} was mid-turn (last event: ${s.lastEvent}) and nothing has arrived from it for ${formatDuration(s.silentMs / 1000)}. It may be stuck on a request or a tool, or its telemetry stopped reaching cc-top: look at its terminal, then run cc-top doctor.`,
  };
}

/** Every alert that holds at `nowMs`: budgets, error rate, cache efficiency, stalled sessions. */
export function evaluateAlerts(state: StoreState, config: InsightsConfig, nowMs: number): Alert[] {
  const alerts = budgetAlerts(budgetStatus(state, config.budgets, nowMs));
  const errors = errorRateAlert(state, config.rules.errorRateThreshold, nowMs);
  if (errors) alerts.push(errors);
  const cache = cacheEfficiencyAlert(state, config.rules.cacheEfficiencyMin, nowMs);
  if (cache) alerts.push(cache);
  for (const s of stalledSessions(state, config.rules.stalledSessionMinutes, nowMs)) alerts.push(stalledAlert(s));
  return alerts;
}
