// How fast money and tokens are going: $/h and tokens/min over the last 5 minutes and hour, the
// day's projected total, and where the 5-hour plan window will stand at its reset.
//
// Rates come from the minute rollups. Within a window both sources are summed on their own and
// the larger taken: events show spend first, metrics confirm it up to an export interval later,
// so per-minute maxima would count one request twice when its event and its metric fall in
// different minutes. A window longer than cc-top has been running still divides by its full
// length: the rate is "per hour of wall time", not "per hour of data".
import { dayStart } from '../store/rollups.js';
import type { StoreState } from '../store/state.js';
import type { Counters } from '../telemetry/model.js';
import type { PlanWindow } from './planUsage.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const FIVE_HOURS_MS = 5 * HOUR_MS;

export interface Rate {
  usdPerHour: number;
  tokensPerMinute: number;
}

export interface EndOfDay {
  spentUsd: number;
  /** Spent so far plus the last hour's rate until local midnight. */
  projectedUsd: number;
  hoursLeft: number;
}

export interface FiveHourProjection {
  usedPercentage: number;
  /** Cost cc-top saw since the window started (its reset minus 5 h). */
  spentInWindowUsd: number;
  /** Usage at the reset if the last hour's rate goes on. */
  projectedPercentage: number;
  willExceed: boolean;
  /** Seconds until the projection reaches 100 %, when it does before the reset. */
  exhaustedInSec: number | null;
}

export interface Burn {
  last5m: Rate;
  last1h: Rate;
  endOfDay: EndOfDay;
  fiveHour: FiveHourProjection | null;
}

const tokens = (c: Counters) => (c.tokIn ?? 0) + (c.tokOut ?? 0) + (c.tokCacheRead ?? 0) + (c.tokCacheCreation ?? 0);
const evTokens = (c: Counters) => (c.evTokIn ?? 0) + (c.evTokOut ?? 0) + (c.evTokCacheRead ?? 0) + (c.evTokCacheCreation ?? 0);

/** Live spend (nano-USD) and tokens in minute buckets from `fromMs` on. */
export function spentSince(state: StoreState, fromMs: number): { nanos: number; tokens: number } {
  let cost = 0;
  let evCost = 0;
  let tok = 0;
  let evTok = 0;
  for (const b of state.minutes) {
    // A bucket counts when any of its minute is inside the window.
    if (b.t + MINUTE_MS <= fromMs) continue;
    cost += b.c.costNanos ?? 0;
    evCost += b.c.evCostNanos ?? 0;
    tok += tokens(b.c);
    evTok += evTokens(b.c);
  }
  return { nanos: Math.max(cost, evCost), tokens: Math.max(tok, evTok) };
}

export function rateOver(state: StoreState, nowMs: number, windowMs: number): Rate {
  const s = spentSince(state, nowMs - windowMs);
  return { usdPerHour: s.nanos / 1e9 / (windowMs / HOUR_MS), tokensPerMinute: s.tokens / (windowMs / MINUTE_MS) };
}

export function projectEndOfDay(state: StoreState, nowMs: number, rate: Rate): EndOfDay {
  const spentUsd = spentSince(state, dayStart(nowMs)).nanos / 1e9;
  const midnight = dayStart(dayStart(nowMs) + 36 * HOUR_MS);
  const hoursLeft = Math.max(0, (midnight - nowMs) / HOUR_MS);
  return { spentUsd, projectedUsd: spentUsd + rate.usdPerHour * hoursLeft, hoursLeft };
}

/**
 * Where the 5-hour window will stand at its reset. Claude Code reports usage as a percentage of a
 * quota it does not state; the percentage per dollar is estimated from what cc-top saw spent in
 * the window so far. Null when that cannot be estimated (no reset time, nothing spent yet).
 */
export function projectFiveHour(state: StoreState, plan: PlanWindow | null, rate: Rate, nowMs: number): FiveHourProjection | null {
  if (!plan || plan.resetsInSec === null) return null;
  const resetAt = nowMs + plan.resetsInSec * 1000;
  const spent = spentSince(state, resetAt - FIVE_HOURS_MS).nanos / 1e9;
  if (spent <= 0) return null;
  const percentPerUsd = plan.usedPercentage / spent;
  const percentPerHour = rate.usdPerHour * percentPerUsd;
  const projected = plan.usedPercentage + percentPerHour * (plan.resetsInSec / 3600);
  const exhaustedInSec = plan.usedPercentage >= 100 ? 0 : projected > 100 && percentPerHour > 0 ? Math.round(((100 - plan.usedPercentage) / percentPerHour) * 3600) : null;
  return { usedPercentage: plan.usedPercentage, spentInWindowUsd: spent, projectedPercentage: projected, willExceed: projected > 100, exhaustedInSec };
}

export function selectBurn(state: StoreState, nowMs: number, fiveHour: PlanWindow | null): Burn {
  const last5m = rateOver(state, nowMs, 5 * MINUTE_MS);
  const last1h = rateOver(state, nowMs, HOUR_MS);
  return { last5m, last1h, endOfDay: projectEndOfDay(state, nowMs, last1h), fiveHour: projectFiveHour(state, fiveHour, last1h, nowMs) };
}

/** One session's $/h from its api_request events in the log (sessions keep no time series). */
export function sessionBurn(state: StoreState, sessionId: string, nowMs: number, windowMs = 5 * MINUTE_MS): number {
  let usd = 0;
  for (const e of state.events) {
    if (e.s !== sessionId || e.n !== 'api_request' || e.t < nowMs - windowMs) continue;
    const cost = Number(e.f['cost_usd']);
    if (Number.isFinite(cost)) usd += cost;
  }
  return usd / (windowMs / HOUR_MS);
}
