// Spreading Claude Code's exact totals over request times: integer shares that always sum to the
// total, in proportion to the weights.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion } from '../../../src/transcripts/apportion.js';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('apportion', () => {
  it('splits in proportion, the remainder to the largest fractions', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(67_500_000, [1, 1, 1, 1])).toEqual([16_875_000, 16_875_000, 16_875_000, 16_875_000]);
    expect(apportion(7, [0, 2, 5])).toEqual([0, 2, 5]);
  });

  it('splits equally when every weight is zero, and gives nothing to share nothing', () => {
    expect(apportion(5, [0, 0])).toEqual([3, 2]);
    expect(apportion(0, [3, 4])).toEqual([0, 0]);
    expect(apportion(9, [])).toEqual([]);
  });

  it('always sums to the total exactly, each share within one of its exact part', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 45 }), fc.array(fc.integer({ min: 0, max: 2_000_000_000 }), { minLength: 1, maxLength: 60 }), (total, weights) => {
        const shares = apportion(total, weights);
        expect(sum(shares)).toBe(total);
        const w = sum(weights);
        shares.forEach((s, i) => {
          expect(s).toBeGreaterThanOrEqual(0);
          const exact = w > 0 ? (total * weights[i]!) / w : total / weights.length;
          expect(Math.abs(s - exact)).toBeLessThan(1 + exact * 1e-12 + 1e-6);
        });
      }),
    );
  });
});
