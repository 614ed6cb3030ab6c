// Line charts (asciichart) as Lines that fit a width: the series is squeezed to the columns left
// after the axis labels.
import asciichart from 'asciichart';
import { fit } from '../../report/cells.js';
import type { Line } from './Lines.js';
import type { UiRole } from '../theme.js';

const LABEL_WIDTH = 9;

/** How many values fit in a chart `width` columns wide. */
export function chartPoints(width: number): number {
  return Math.max(2, width - LABEL_WIDTH - 2);
}

export function chartLines(values: number[], options: { width: number; height: number; format: (v: number) => string; role?: UiRole }): Line[] {
  if (options.height < 2 || options.width < LABEL_WIDTH + 4) return [];
  const points = values.slice(-chartPoints(options.width));
  const plot = asciichart.plot(points.length > 1 ? points : [points[0] ?? 0, points[0] ?? 0], {
    height: options.height - 1,
    // A label too long for the axis is cut with an ellipsis: cutting its start would show a
    // smaller figure ($12,345.67 as 2,345.67).
    format: (v: number) => fit(options.format(v), LABEL_WIDTH - 1, 'right'),
  });
  return plot.split('\n').map((text) => [{ text, ...(options.role ? { role: options.role } : {}) }]);
}
