// One-line sparklines: the shape of a series in as many cells as there are values.
const TICKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  if (max === 0) return '▁'.repeat(values.length);
  return values.map((v) => (v <= 0 ? ' ' : TICKS[Math.min(TICKS.length - 1, Math.floor((v / max) * (TICKS.length - 1) + 0.5))])).join('');
}
