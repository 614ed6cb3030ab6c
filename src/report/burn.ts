// How fast money and tokens are going: $/h and tokens/min over the last 5 minutes and hour, the
// day's projected total, and where the 5-hour plan window will stand at its reset.
//
// Rates are summed from the minute buckets' live figures (see live.ts), narrowed by the slice's
// filter like every other figure. A window longer than cc-top has been running still divides by
// its full length: the rate is "per hour of wall time", not "per hour of data".
import { dayStart, minuteStart } from '../store/rollups.js';
import { sliceCells, type Slice } from './figures.js';
import { usd } from './money.js';
import type { PlanWindow } from './planUsage.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const FIVE_HOURS_MS = 5 * HOUR_MS;
/** A 5-hour projection needs spend spread over at least this long to say anything. */
export const PROJECTION_MIN_MINUTES = 15;

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
  /** Minutes between the first spend cc-top saw in the window and now: what the projection rests on. */
  basisMinutes: number;
  /** Usage at the reset if the last hour's rate goes on; null until PROJECTION_MIN_MINUTES of spend. */
  projectedPercentage: number | null;
  willExceed: boolean | null;
  /** Seconds until the projection reaches 100 %, when it does before the reset. */
  exhaustedInSec: number | null;
}

export interface Burn {
  last5m: Rate;
  last1h: Rate;
  endOfDay: EndOfDay;
  fiveHour: FiveHourProjection | null;
}

/** Live spend (nano-USD) and tokens in the minute buckets from `fromMs` on, and the first minute with spend. */
export function spentSince(slice: Slice, fromMs: number): { nanos: number; tokens: number; firstAt: number | null } {
  let nanos = 0;
  let tokens = 0;
  let firstAt: number | null = null;
  const minutes = slice.state.minutes;
  let i = minutes.length;
  // A bucket counts when any of its minute is inside the window.
  while (i > 0 && minutes[i - 1]!.start + MINUTE_MS > fromMs) i--;
  for (const b of minutes.slice(i)) {
    let spent = false;
    for (const cell of sliceCells(slice, [b])) {
      const c = slice.rule.live(cell);
      nanos += c.costNanos ?? 0;
      tokens += (c.tokIn ?? 0) + (c.tokOut ?? 0) + (c.tokCacheRead ?? 0) + (c.tokCacheCreation ?? 0);
      if (c.costNanos) spent = true;
    }
    if (spent && firstAt === null) firstAt = b.start;
  }
  return { nanos, tokens, firstAt };
}

export function rateOver(slice: Slice, nowMs: number, windowMs: number): Rate {
  const s = spentSince(slice, nowMs - windowMs);
  return { usdPerHour: usd(s.nanos) / (windowMs / HOUR_MS), tokensPerMinute: s.tokens / (windowMs / MINUTE_MS) };
}

export function projectEndOfDay(slice: Slice, nowMs: number, rate: Rate): EndOfDay {
  const spentUsd = usd(spentSince(slice, dayStart(nowMs)).nanos);
  const midnight = dayStart(dayStart(nowMs) + 36 * HOUR_MS);
  const hoursLeft = Math.max(0, (midnight - nowMs) / HOUR_MS);
  return { spentUsd, projectedUsd: spentUsd + rate.usdPerHour * hoursLeft, hoursLeft };
}

/**
 * Where the 5-hour window will stand at its reset. Claude Code reports usage as a percentage of a
 * quota it does not state; the percentage per dollar is estimated from what cc-top saw spent in
 * the window so far. Null when that cannot be estimated (no reset time, nothing spent yet).
 */
export function projectFiveHour(slice: Slice, plan: PlanWindow | null, rate: Rate, nowMs: number): FiveHourProjection | null {
  if (!plan || plan.resetsInSec === null) return null;
  const resetAt = nowMs + plan.resetsInSec * 1000;
  const spent = spentSince(slice, resetAt - FIVE_HOURS_MS);
  const spentUsd = usd(spent.nanos);
  if (spentUsd <= 0 || spent.firstAt === null) return null;
  const basisMinutes = Math.max(0, Math.floor((minuteStart(nowMs) - spent.firstAt) / MINUTE_MS) + 1);
  const base = { usedPercentage: plan.usedPercentage, spentInWindowUsd: spentUsd, basisMinutes };
  if (basisMinutes < PROJECTION_MIN_MINUTES) return { ...base, projectedPercentage: null, willExceed: null, exhaustedInSec: plan.usedPercentage >= 100 ? 0 : null };
  const percentPerHour = rate.usdPerHour * (plan.usedPercentage / spentUsd);
  const projected = plan.usedPercentage + percentPerHour * (plan.resetsInSec / 3600);
  const exhaustedInSec = plan.usedPercentage >= 100 ? 0 : projected > 100 && percentPerHour > 0 ? Math.round(((100 - plan.usedPercentage) / percentPerHour) * 3600) : null;
  return { ...base, projectedPercentage: projected, willExceed: projected > 100, exhaustedInSec };
}

export function selectBurn(slice: Slice, nowMs: number, fiveHour: PlanWindow | null): Burn {
  const last5m = rateOver(slice, nowMs, 5 * MINUTE_MS);
  const last1h = rateOver(slice, nowMs, HOUR_MS);
  return { last5m, last1h, endOfDay: projectEndOfDay(slice, nowMs, last1h), fiveHour: projectFiveHour(slice, fiveHour, last1h, nowMs) };
}
