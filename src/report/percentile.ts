// Percentiles over the bounded duration samples the store keeps.

/** Nearest-rank percentiles (each p in 0..100) of the samples, sorted once; nulls when there are none. */
export function percentiles(samples: readonly number[], ...ps: number[]): (number | null)[] {
  if (samples.length === 0) return ps.map(() => null);
  const sorted = Float64Array.from(samples).sort();
  return ps.map((p) => sorted[Math.min(Math.max(1, Math.ceil((p / 100) * sorted.length)), sorted.length) - 1]!);
}

/** Nearest-rank percentile (p in 0..100) of the samples; null when there are none. */
export function percentile(samples: readonly number[], p: number): number | null {
  return percentiles(samples, p)[0]!;
}
