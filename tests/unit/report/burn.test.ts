// Burn rate and projections with an injected clock, from the minute rollups.
import { describe, expect, it } from 'vitest';
import { projectEndOfDay, projectFiveHour, rateOver, selectBurn, spentSince } from '../../../src/report/burn.js';
import { makeSlice, type Slice } from '../../../src/report/figures.js';
import { resolveWindow } from '../../../src/report/window.js';
import type { StoreState } from '../../../src/store/state.js';
import { applyEvent, applyMetricSample } from '../../../src/store/aggregate.js';
import { emptyState } from '../../../src/store/state.js';
import { apiRequest, costSample, SESSION_A, SESSION_B } from '../../builders/samples.js';

// 2026-11-25 18:00 UTC (tests run with TZ=UTC): 6 hours to midnight.
const NOW = Date.UTC(2026, 10, 25, 18, 0, 0);
const MIN = 60_000;
const all = (state: StoreState): Slice => makeSlice(state, resolveWindow('today', NOW));

function spendAt(state: ReturnType<typeof emptyState>, minutesAgo: number, usd: number) {
  const t = NOW - minutesAgo * MIN;
  applyMetricSample(state, costSample(usd, { timeMs: t, startNs: `${t - 1000}000000`, timeNs: `${t}000000` }), t);
}

describe('burn rate', () => {
  it('$/h over the last 5 minutes and the last hour', () => {
    const s = emptyState(NOW);
    spendAt(s, 2, 0.5); // inside both windows
    spendAt(s, 30, 1); // inside the hour only
    spendAt(s, 90, 10); // outside both
    expect(rateOver(all(s), NOW, 5 * MIN).usdPerHour).toBeCloseTo(0.5 * 12, 9);
    expect(rateOver(all(s), NOW, 60 * MIN).usdPerHour).toBeCloseTo(1.5, 9);
  });

  it('counts events ahead of metrics once: the larger source per window, not per minute', () => {
    const s = emptyState(NOW);
    // The request's event at minute -3, its metric exported at minute -2: one $0.40 request.
    applyEvent(s, apiRequest('claude-sonnet-4-5', 0.4, { output: 1000 }, { timeMs: NOW - 3 * MIN }), NOW - 3 * MIN);
    spendAt(s, 2, 0.4);
    expect(spentSince(all(s), NOW - 5 * MIN).nanos).toBe(400_000_000);
    expect(rateOver(all(s), NOW, 5 * MIN).tokensPerMinute).toBe(1000 / 5);
  });

  it('projects the day to midnight at the last hour\'s rate', () => {
    const s = emptyState(NOW);
    spendAt(s, 600, 3); // 08:00 today
    spendAt(s, 20, 2); // within the last hour
    const burn = selectBurn(all(s), NOW, null);
    expect(burn.endOfDay.spentUsd).toBeCloseTo(5, 9);
    expect(burn.endOfDay.hoursLeft).toBeCloseTo(6, 9);
    expect(burn.endOfDay.projectedUsd).toBeCloseTo(5 + 2 * 6, 9);
    expect(burn.fiveHour).toBeNull();
  });

  it('projects the 5-hour plan window from the percentage per dollar seen in it', () => {
    const s = emptyState(NOW);
    spendAt(s, 120, 2); // in the window (it started 3 h ago)
    spendAt(s, 30, 2); // last hour: $2/h
    // 40 % used for $4 seen: 10 %/$; at $2/h for the 2 h to the reset: +40 % -> 80 %.
    const p = projectFiveHour(all(s), { usedPercentage: 40, resetsAt: null, resetsInSec: 2 * 3600 }, rateOver(all(s), NOW, 60 * MIN), NOW)!;
    expect(p.spentInWindowUsd).toBeCloseTo(4, 9);
    expect(p.projectedPercentage).toBeCloseTo(80, 9);
    expect(p).toMatchObject({ willExceed: false, exhaustedInSec: null });
    // At 70 % for the same $4: 17.5 %/$, 35 %/h; 100 % is crossed in 30/35 h, before the reset.
    const over = projectFiveHour(all(s), { usedPercentage: 70, resetsAt: null, resetsInSec: 2 * 3600 }, rateOver(all(s), NOW, 60 * MIN), NOW)!;
    expect(over.projectedPercentage).toBeCloseTo(140, 9);
    expect(over.willExceed).toBe(true);
    expect(over.exhaustedInSec).toBe(Math.round((30 / 35) * 3600));
  });

  it('no projection without a reset time or any spend seen in the window', () => {
    const s = emptyState(NOW);
    expect(projectFiveHour(all(s), { usedPercentage: 40, resetsAt: null, resetsInSec: 3600 }, { usdPerHour: 1, tokensPerMinute: 0 }, NOW)).toBeNull();
    spendAt(s, 10, 1);
    expect(projectFiveHour(all(s), { usedPercentage: 40, resetsAt: null, resetsInSec: null }, { usdPerHour: 1, tokensPerMinute: 0 }, NOW)).toBeNull();
  });

  it('per session, and narrowed by any filter like every figure', () => {
    const s = emptyState(NOW);
    const req = (usd: number, minutesAgo: number, sessionId: string, model = 'claude-sonnet-4-5') => applyEvent(s, apiRequest(model, usd, {}, { timeMs: NOW - minutesAgo * MIN, sessionId }), NOW);
    req(0.25, 1, SESSION_A);
    req(9, 1, SESSION_B, 'claude-haiku-4-5');
    req(5, 20, SESSION_A);
    const window = resolveWindow('today', NOW);
    expect(rateOver(makeSlice(s, window, { key: 'session', value: SESSION_A.slice(0, 8) }), NOW, 5 * MIN).usdPerHour).toBeCloseTo(0.25 * 12, 9);
    expect(rateOver(makeSlice(s, window, { key: 'model', value: 'claude-haiku-4-5' }), NOW, 5 * MIN).usdPerHour).toBeCloseTo(9 * 12, 9);
    expect(rateOver(makeSlice(s, window, { key: 'model', value: 'nobody' }), NOW, 60 * MIN).usdPerHour).toBe(0);
  });

  it('one pass gives every figure as reading each on its own does, a plan window reaching back past midnight', () => {
    // 01:00: the day is an hour old; the 5-hour window (reset in 2 h) began at 22:00 yesterday.
    const at = Date.UTC(2026, 10, 26, 1, 0, 0);
    const s = emptyState(at);
    const spend = (minutesAgo: number, usd: number) => {
      const t = at - minutesAgo * MIN;
      applyMetricSample(s, costSample(usd, { timeMs: t, startNs: `${t - 1000}000000`, timeNs: `${t}000000` }), t);
    };
    spend(170, 4); // 22:10 yesterday: in the plan window only
    spend(50, 2); // 00:10: in the hour and the day
    spend(3, 1); // in every window
    applyEvent(s, apiRequest('claude-haiku-4-5', 0.5, {}, { timeMs: at - 2 * MIN }), at); // events only: read live
    const slice = makeSlice(s, resolveWindow('7d', at));
    const plan = { usedPercentage: 30, resetsAt: null, resetsInSec: 2 * 3600 };
    const burn = selectBurn(slice, at, plan);
    const last1h = rateOver(slice, at, 60 * MIN);
    expect(burn.last5m).toEqual(rateOver(slice, at, 5 * MIN));
    expect(burn.last1h).toEqual(last1h);
    expect(burn.endOfDay).toEqual(projectEndOfDay(slice, at, last1h));
    expect(burn.endOfDay.spentUsd).toBeCloseTo(3.5, 9);
    expect(burn.fiveHour).toEqual(projectFiveHour(slice, plan, last1h, at));
    expect(burn.fiveHour!.spentInWindowUsd).toBeCloseTo(7.5, 9);
  });

  it('a 5-hour projection waits for enough spend to say anything, and says how much it rests on', () => {
    const s = emptyState(NOW);
    spendAt(s, 3, 1);
    const early = projectFiveHour(all(s), { usedPercentage: 10, resetsAt: null, resetsInSec: 4 * 3600 }, rateOver(all(s), NOW, 60 * MIN), NOW)!;
    expect(early).toMatchObject({ projectedPercentage: null, willExceed: null, basisMinutes: 4 });
    spendAt(s, 40, 1);
    const later = projectFiveHour(all(s), { usedPercentage: 10, resetsAt: null, resetsInSec: 4 * 3600 }, rateOver(all(s), NOW, 60 * MIN), NOW)!;
    expect(later.basisMinutes).toBe(41);
    expect(later.projectedPercentage).not.toBeNull();
  });
});
