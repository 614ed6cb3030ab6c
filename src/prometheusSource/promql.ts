// PromQL text: quoted values, selectors, and the two sums an exact increment is made of.
//
// Over an interval (a, c] of length S, with a lookback L, for every series:
//   D = its last sample in [a - L, c]      P = its last sample in [a - L, a]
// A series that counts on through the interval gives D - P = its increase; one that starts inside
// it has no P, so it counts from zero; one that stopped before `a` gives D = P, nothing. So the
// increments of a group of series are sum(D) - sum(P): two sums the server computes, with no
// matching of series and no extrapolation. (A series that drops, a reset, is the one case this
// misses; resets are found and counted apart, see counterResets.ts.)
import type { Matcher } from './teamKeys.js';

/** A PromQL string literal (Go quoting: JSON's escapes are a subset). */
export function quote(value: string): string {
  return JSON.stringify(value);
}

export function selector(name: string, matchers: readonly Matcher[]): string {
  const parts = matchers.map((m) => `${m.label}${m.op}${quote(m.value)}`);
  return `${name}{${parts.join(',')}}`;
}

/** A duration in milliseconds, as PromQL writes it. */
export const ms = (n: number): string => `${Math.max(1, Math.round(n))}ms`;

/** Seconds with milliseconds, for `@` and the API's time parameters. */
export const sec = (t: number): string => (t / 1000).toFixed(3);

/** Tags a sum with the part it answers, so many sums travel in one query and come apart again. */
export function tagged(expr: string, tag: string): string {
  return `label_replace(${expr}, "cc_part", ${quote(tag)}, "", "")`;
}

/**
 * sum(D) or sum(P) of one metric name, by `by`. At one instant: `@` fixes the interval; in a range
 * query (no `at`), each step's time is c and `offset` reaches back to a. Values that are not
 * numbers a counter can hold (NaN, negative) are left out before summing.
 */
export function boundarySum(which: 'D' | 'P', name: string, matchers: readonly Matcher[], by: readonly string[], lengthMs: number, lookbackMs: number, at?: { start: number; end: number }): string {
  const sel = selector(name, matchers);
  const inner =
    which === 'D'
      ? `last_over_time(${sel}[${ms(lengthMs + lookbackMs)}]${at ? ` @ ${sec(at.end)}` : ''})`
      : `last_over_time(${sel}[${ms(lookbackMs)}]${at ? ` @ ${sec(at.start)}` : ` offset ${ms(lengthMs)}`})`;
  return `sum by (${by.join(', ')}) (${inner} >= 0)`;
}
