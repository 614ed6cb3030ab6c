// Money in reports: kept as integer nano-USD everywhere until shown, so sums are exact.

/** Nano-USD as USD, rounded to the nano-dollar (never 0.7801636312499999). */
export function usd(nanos: number): number {
  return Math.round(nanos) / 1e9;
}

/** USD as integer nano-USD. */
export function nanos(usdValue: number): number {
  return Math.round(usdValue * 1e9);
}
