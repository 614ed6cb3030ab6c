// "ago" labels exact to their unit, and the one timer of an idle screen waking when (and only when)
// a label changes; labels whose changes fall together change together.
import { describe, expect, it } from 'vitest';
import { AGO_TOGETHER_MS, formatAgo, nextAgoChange } from '../../../src/report/format.js';

const NOW = 1_700_000_000_000;

describe('formatAgo', () => {
  it.each([
    [0, 'just now'],
    [9_999, 'just now'],
    [10_000, '10s ago'],
    [59_999, '50s ago'],
    [60_000, '1m ago'],
    [117_000, '1m ago'],
    [179_999, '2m ago'],
    [3_600_000, '1h ago'],
    [86_400_000 * 3 + 5, '3d ago'],
  ])('%i ms old reads %s (rounded down to its unit, never up)', (age, label) => {
    expect(formatAgo(NOW - age, NOW)).toBe(label);
  });
});

describe('nextAgoChange', () => {
  const labels = (times: number[], at: number) => times.map((t) => formatAgo(t, at)).join(' · ');

  it('wakes exactly when a label changes, never before (many ages)', () => {
    for (let age = 0; age < 200_000; age += 977) {
      const times = [NOW - age];
      const wait = nextAgoChange(times, NOW)!;
      expect(labels(times, NOW + wait - 1), `age ${age}`).toBe(labels(times, NOW));
      expect(labels(times, NOW + wait), `age ${age}`).not.toBe(labels(times, NOW));
    }
  });

  it('two times 12 ms apart never read "2m ago · 3m ago" at a wake-up', () => {
    const times = [NOW - 179_990, NOW - 179_978];
    let at = NOW;
    for (let i = 0; i < 5; i++) {
      at += nextAgoChange(times, at)!;
      const [a, b] = times.map((t) => formatAgo(t, at));
      expect(a, `wake ${i} at ${at - NOW} ms`).toBe(b);
    }
  });

  it('waits for a change within AGO_TOGETHER_MS of the first, no further', () => {
    expect(nextAgoChange([NOW - 5_000, NOW - 5_000 + AGO_TOGETHER_MS], NOW)).toBe(5_000 + AGO_TOGETHER_MS);
    expect(nextAgoChange([NOW - 5_000, NOW - 5_000 + AGO_TOGETHER_MS + 1], NOW)).toBe(5_000);
  });
});
