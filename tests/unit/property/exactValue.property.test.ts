// /metrics prints cost as a double divided from integer nano-dollars: that prints the exact
// decimal of the integer for every amount up to a million dollars on one series.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { valueOfUnits } from '../../../src/metricsEndpoint/families.js';

/** The integer count of 10^-scale units a decimal text stands for (exponent form included). */
function scaledInteger(text: string, scale: number): bigint {
  const m = /^(\d+)(?:\.(\d+))?(?:e([-+]?\d+))?$/.exec(text);
  if (!m) throw new Error(`not a plain decimal: ${text}`);
  const digits = `${m[1]}${m[2] ?? ''}`;
  const exponent = Number(m[3] ?? 0) - (m[2]?.length ?? 0) + scale;
  if (exponent >= 0) return BigInt(digits) * 10n ** BigInt(exponent);
  const divisor = 10n ** BigInt(-exponent);
  const n = BigInt(digits);
  if (n % divisor !== 0n) throw new Error(`${text} is not a whole number of 10^-${scale}`);
  return n / divisor;
}

describe('values printed on /metrics', () => {
  it('are the exact decimal of the integer nano-dollars (and microseconds) below 10^15 units', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e15 - 1 }), (units) => {
        expect(scaledInteger(String(valueOfUnits(units, 1e9)), 9)).toBe(BigInt(units));
        expect(scaledInteger(String(valueOfUnits(units, 1e6)), 6)).toBe(BigInt(units));
      }),
      { numRuns: 20_000 },
    );
    for (const units of [1, 7, 19_575_000, 999_999_999_999_999]) expect(scaledInteger(String(valueOfUnits(units, 1e9)), 9)).toBe(BigInt(units));
  });
});
