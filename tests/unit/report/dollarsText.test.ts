import { describe, expect, it } from 'vitest';
import { dollarsText, formatUsd } from '../../../src/report/format.js';

const INTL = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A small deterministic generator (mulberry32), so a failure names a value that can be re-run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('dollarsText', () => {
  it('prints what Intl en-US with two decimals prints, halves included', () => {
    const halves = [1.005, 1.015, 2.675, 99.995, -99.995, 349.895, 999.995, 5192.735, -1234.565, 123456789.125];
    const edges = [1, -1, 9.999, 1000, 999999.999, 1e6, 1e9, 1e15, 123456789012345.67, 1e21, 1.5e300, -2e22];
    for (const v of [...halves, ...edges]) expect(dollarsText(v), String(v)).toBe(INTL.format(v));
  });

  it('agrees with Intl on 200,000 values from a dollar to 10^15, in whole cents, half cents and anything else', () => {
    const next = random(20261130);
    for (let i = 0; i < 200_000; i++) {
      const magnitude = 10 ** Math.floor(next() * 15);
      const kind = i % 3;
      const raw = 1 + next() * magnitude;
      const v = (kind === 0 ? Math.round(raw * 100) / 100 : kind === 1 ? Math.round(raw * 1000) / 1000 + 0.005 : raw) * (next() < 0.1 ? -1 : 1);
      if (dollarsText(v) !== INTL.format(v)) expect(dollarsText(v), String(v)).toBe(INTL.format(v));
    }
  });

  it('is what formatUsd shows from a dollar up', () => {
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0.5)).toBe('$0.5000');
  });
});
