// The buckets a view needs and the intervals asked for them: every tier's buckets tile without
// overlapping, each is exactly the sum of whole intervals, and the burn rate's buckets start where
// the local store's would.
import { describe, expect, it } from 'vitest';
import { planBuckets, runsOf, type Plan, type PlanRequest } from '../../../src/prometheusSource/bucketPlan.js';
import { resolveWindow, WINDOW_NAMES } from '../../../src/report/window.js';
import { dayStart } from '../../../src/store/rollups.js';

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 25, 14, 37, 23, 456);

function plan(window: (typeof WINDOW_NAMES)[number], extra: Partial<PlanRequest> = {}, now = NOW): Plan {
  return planBuckets({ window: resolveWindow(window, now), chart: false, days: 'none', month: false, allSinceMs: now - 90 * 86_400_000, ...extra });
}

function checkTiling(p: Plan): void {
  for (const tier of ['minutes', 'hours', 'days'] as const) {
    const bs = p.buckets.filter((b) => b.tier === tier).sort((a, b) => a.start - b.start);
    for (let i = 1; i < bs.length; i++) expect(bs[i]!.start).toBeGreaterThanOrEqual(bs[i - 1]!.end);
  }
  for (let i = 1; i < p.intervals.length; i++) expect(p.intervals[i]!.start).toBeGreaterThanOrEqual(p.intervals[i - 1]!.end);
  for (const b of p.buckets) {
    // A bucket is whole intervals, end to end.
    const inside = p.intervals.filter((iv) => iv.start >= b.start && iv.end <= b.end);
    expect(inside.reduce((n, iv) => n + (iv.end - iv.start), 0)).toBe(b.end - b.start);
  }
}

describe('planBuckets', () => {
  it('--once: one bucket for the window, and the last hour cut where the burn rate reads it', () => {
    const p = plan('today');
    checkTiling(p);
    const minutes = p.buckets.filter((b) => b.tier === 'minutes').sort((a, b) => a.start - b.start);
    const f60 = Date.UTC(2026, 10, 25, 13, 37);
    const f5 = Date.UTC(2026, 10, 25, 14, 32);
    expect(minutes.map((b) => [b.start, b.end])).toEqual([
      [dayStart(NOW), f60],
      [f60, f5],
      [f5, NOW],
    ]);
    expect(p.intervals).toHaveLength(3);
  });

  it('7d and 30d --once: the window in one hour bucket, the last hour apart', () => {
    for (const w of ['7d', '30d'] as const) {
      const p = plan(w);
      checkTiling(p);
      const hours = p.buckets.filter((b) => b.tier === 'hours');
      expect(hours).toEqual([{ tier: 'hours', start: resolveWindow(w, NOW).from, end: NOW }]);
      expect(p.intervals.length).toBeLessThanOrEqual(3);
    }
  });

  it('the live view: clock-aligned buckets every chart of the window can read', () => {
    const today = plan('today', { chart: true });
    checkTiling(today);
    const quarter = today.buckets.filter((b) => b.tier === 'minutes' && b.end - b.start === 15 * MIN);
    expect(quarter.length).toBeGreaterThan(50);
    expect(quarter.every((b) => b.start % (15 * MIN) === 0)).toBe(true);
    expect(today.buckets.filter((b) => b.tier === 'hours').length).toBe(15);
    const month = plan('30d', { chart: true });
    checkTiling(month);
    expect(month.buckets.filter((b) => b.tier === 'hours').every((b) => b.end === NOW || b.end % (12 * 3_600_000) === 0)).toBe(true);
    expect(month.buckets.filter((b) => b.tier === 'days').length).toBe(31);
    // Equal intervals go in runs (one range query each).
    expect(runsOf(month.intervals).length).toBeLessThan(month.intervals.length / 4);
  });

  it('day buckets for --by day and budgets, a month bucket before them', () => {
    const byDay = plan('7d', { days: 'window' });
    checkTiling(byDay);
    const days = byDay.buckets.filter((b) => b.tier === 'days');
    expect(days).toHaveLength(7);
    expect(days.every((b) => b.start === dayStart(b.start))).toBe(true);
    expect(days.at(-1)!.end).toBe(NOW);
    const budget = plan('today', { days: 'today', month: true });
    checkTiling(budget);
    expect(budget.buckets.filter((b) => b.tier === 'days').map((b) => [b.start, b.end])).toEqual([
      [Date.UTC(2026, 10, 1), dayStart(NOW)],
      [dayStart(NOW), NOW],
    ]);
  });

  it('tiles every window, with and without charts, at any time of day', () => {
    for (let t = NOW; t < NOW + 36 * 3_600_000; t += 97 * MIN + 13_000) {
      for (const w of WINDOW_NAMES) for (const chart of [false, true]) checkTiling(plan(w, { chart, days: 'window', month: true }, t));
    }
  });
});
