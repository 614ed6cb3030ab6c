// Horizontal bars and a gauge built from block characters.
import type { Segment } from './Lines.js';
import type { UiRole } from '../theme.js';

/** A bar of `width` cells filled to `fraction` (0..1), with eighth-cell resolution. */
export function barText(fraction: number, width: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8);
  const partial = eighths % 8;
  const partials = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
  const text = '█'.repeat(full) + (partial ? partials[partial] : '');
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

export function bar(fraction: number, width: number, role: UiRole = 'accent'): Segment {
  return { text: barText(fraction, width), role };
}

/** A gauge: bar plus percentage, coloured by how good the value is (higher is better). */
export function gauge(fraction: number | null, width: number, thresholds: { warn: number; ok: number }): Segment[] {
  if (fraction === null) return [{ text: `${'·'.repeat(width)} –`, role: 'muted' }];
  const role: UiRole = fraction >= thresholds.ok ? 'ok' : fraction >= thresholds.warn ? 'warn' : 'error';
  return [
    { text: '[', role: 'muted' },
    { text: barText(fraction, width), role },
    { text: ']', role: 'muted' },
    { text: ` ${(fraction * 100).toFixed(1)}%`, role },
  ];
}
