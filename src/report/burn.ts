// How fast money and tokens are going: $/h and tokens/min over the last 5 minutes and hour, the
// day's projected total, and where the 5-hour plan window will stand at its reset.
//
// Rates are summed from the minute buckets' live figures (see live.ts), narrowed by the slice's
// filter like every other figure. A window longer than cc-top has been running still divides by
// its full length: the rate is "per hour of wall time", not "per hour of data".
import { dayStart, minuteStart } from '../store/rollups.js';
import { inSlice, type Slice } from './figures.js';
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

/** Live spend (nano-USD) and tokens over some minute buckets, and the first minute with spend. */
export interface Spent {
  nanos: number;
  tokens: number;
  firstAt: number | null;
}

/** Spend from a time on (the minute buckets with any of their minute at or after it). */
type SpentSince = (fromMs: number) => Spent;

interface MinuteSpend {
  start: number;
  nanos: number;
  tokens: number;
  spent: boolean;
}

/**
 * The live spend of each minute bucket from `fromMs` on, in one pass over their cells: every
 * figure of the burn rate (5 min, 1 h, today, the plan window) is a sum over a tail of them.
 */
function minuteSpends(slice: Slice, fromMs: number): MinuteSpend[] {
  const minutes = slice.state.minutes;
  let i = minutes.length;
  // A bucket counts when any of its minute is inside the window.
  while (i > 0 && minutes[i - 1]!.start + MINUTE_MS > fromMs) i--;
  const out: MinuteSpend[] = [];
  for (; i < minutes.length; i++) {
    const b = minutes[i]!;
    const m: MinuteSpend = { start: b.start, nanos: 0, tokens: 0, spent: false };
    for (const cell of b.cells.values()) {
      if (!inSlice(slice, cell)) continue;
      const c = slice.rule.live(cell);
      m.nanos += c.costNanos ?? 0;
      m.tokens += (c.tokIn ?? 0) + (c.tokOut ?? 0) + (c.tokCacheRead ?? 0) + (c.tokCacheCreation ?? 0);
      if (c.costNanos) m.spent = true;
    }
    out.push(m);
  }
  return out;
}

/** Sums over the tails of `spends` (sorted by start). */
function spentIn(spends: readonly MinuteSpend[]): SpentSince {
  return (fromMs) => {
    let nanos = 0;
    let tokens = 0;
    let firstAt: number | null = null;
    for (let i = spends.length - 1; i >= 0 && spends[i]!.start + MINUTE_MS > fromMs; i--) {
      const m = spends[i]!;
      nanos += m.nanos;
      tokens += m.tokens;
      if (m.spent) firstAt = m.start;
    }
    return { nanos, tokens, firstAt };
  };
}

/** Live spend (nano-USD) and tokens in the minute buckets from `fromMs` on, and the first minute with spend. */
export function spentSince(slice: Slice, fromMs: number): Spent {
  return spentIn(minuteSpends(slice, fromMs))(fromMs);
}

function rateOf(spent: SpentSince, nowMs: number, windowMs: number): Rate {
  const s = spent(nowMs - windowMs);
  return { usdPerHour: usd(s.nanos) / (windowMs / HOUR_MS), tokensPerMinute: s.tokens / (windowMs / MINUTE_MS) };
}

export function rateOver(slice: Slice, nowMs: number, windowMs: number): Rate {
  return rateOf((from) => spentSince(slice, from), nowMs, windowMs);
}

function endOfDayOf(spent: SpentSince, nowMs: number, rate: Rate): EndOfDay {
  const spentUsd = usd(spent(dayStart(nowMs)).nanos);
  const midnight = dayStart(dayStart(nowMs) + 36 * HOUR_MS);
  const hoursLeft = Math.max(0, (midnight - nowMs) / HOUR_MS);
  return { spentUsd, projectedUsd: spentUsd + rate.usdPerHour * hoursLeft, hoursLeft };
}

export function projectEndOfDay(slice: Slice, nowMs: number, rate: Rate): EndOfDay {
  return endOfDayOf((from) => spentSince(slice, from), nowMs, rate);
}

/** Where the 5-hour window starts, when the plan says when it resets. */
function fiveHourStart(plan: PlanWindow | null, nowMs: number): number | null {
  return !plan || plan.resetsInSec === null ? null : nowMs + plan.resetsInSec * 1000 - FIVE_HOURS_MS;
}

function fiveHourOf(spentFrom: SpentSince, plan: PlanWindow | null, rate: Rate, nowMs: number): FiveHourProjection | null {
  const from = fiveHourStart(plan, nowMs);
  if (!plan || plan.resetsInSec === null || from === null) return null;
  const spent = spentFrom(from);
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

/**
 * Where the 5-hour window will stand at its reset. Claude Code reports usage as a percentage of a
 * quota it does not state; the percentage per dollar is estimated from what cc-top saw spent in
 * the window so far. Null when that cannot be estimated (no reset time, nothing spent yet).
 */
export function projectFiveHour(slice: Slice, plan: PlanWindow | null, rate: Rate, nowMs: number): FiveHourProjection | null {
  return fiveHourOf((from) => spentSince(slice, from), plan, rate, nowMs);
}

export function selectBurn(slice: Slice, nowMs: number, fiveHour: PlanWindow | null): Burn {
  // One pass over the minute buckets reaching back as far as any figure needs.
  const starts = [nowMs - HOUR_MS, dayStart(nowMs), fiveHourStart(fiveHour, nowMs) ?? nowMs];
  const spent = spentIn(minuteSpends(slice, Math.min(...starts)));
  const last5m = rateOf(spent, nowMs, 5 * MINUTE_MS);
  const last1h = rateOf(spent, nowMs, HOUR_MS);
  return { last5m, last1h, endOfDay: endOfDayOf(spent, nowMs, last1h), fiveHour: fiveHourOf(spent, fiveHour, last1h, nowMs) };
}
