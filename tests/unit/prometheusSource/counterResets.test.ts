// Increments of one series from its raw samples, per interval (a, c]: each step up added, a drop
// (a reset) counts the new value from zero, and the baseline is the last sample in [a - L, a].
import { describe, expect, it } from 'vitest';
import { seriesIncrements } from '../../../src/prometheusSource/counterResets.js';

const L = 100;
const s = (...pairs: [number, number][]) => pairs.map(([t, units]) => ({ t, units }));

describe('seriesIncrements', () => {
  it('counts a series that starts inside an interval from zero', () => {
    expect(seriesIncrements(s([150, 7], [180, 9]), [{ start: 100, end: 200 }], L)).toEqual([9]);
  });

  it('adds each step and counts the new value after a drop', () => {
    const samples = s([10, 5], [110, 8], [120, 2], [130, 6]);
    // From 5: +3, then a reset to 2 (counted), then +4.
    expect(seriesIncrements(samples, [{ start: 100, end: 200 }], L)).toEqual([3 + 2 + 4]);
  });

  it('splits across intervals exactly, a sample on an edge belonging to the interval it ends', () => {
    const samples = s([100, 1], [150, 4], [200, 10], [250, 11]);
    expect(seriesIncrements(samples, [{ start: 50, end: 100 }, { start: 100, end: 200 }, { start: 200, end: 300 }], L)).toEqual([1, 9, 1]);
  });

  it('after a silence longer than the lookback, counts the series again from zero', () => {
    expect(seriesIncrements(s([10, 5], [250, 8]), [{ start: 200, end: 300 }], L)).toEqual([8]);
    expect(seriesIncrements(s([150, 5], [250, 8]), [{ start: 200, end: 300 }], L)).toEqual([3]);
  });
});
