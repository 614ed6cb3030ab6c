// Time charts that can be read: one column per clock-aligned bucket (eighth-block resolution), a y
// scale in the figure's units with a round top, and a time axis labelled at round times. A chart
// fills the width and height it is given; several figures can share one time axis (stacked).
// Columns rather than a line (asciichart): a bucket's value is an amount, and a line between
// buckets would invent values between them; asciichart also has no time axis.
import { cellWidth, fit } from '../../report/cells.js';
import { formatClock, formatMonthDay } from '../../report/format.js';
import type { Series } from '../../report/series.js';
import type { UiRole } from '../theme.js';
import { seg, type Line } from './Lines.js';

const EIGHTHS = ['', '▁', '▂', '▃', '▄', '▅', '▆', '▇'];
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Round tops for a scale: each step at most a quarter above the one before, so little height goes unused. */
const NICE = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** The smallest round number at or above `v` (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten). */
export function niceTop(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 0;
  const power = 10 ** Math.floor(Math.log10(v));
  for (const m of NICE) if (m * power >= v * (1 - 1e-12)) return m * power;
  return 10 * power;
}

/** Where each of `n` columns starts in `width` cells (and, last, where the last ends): the width shared out as evenly as whole cells allow. */
export function columnEdges(n: number, width: number): number[] {
  const count = Math.max(1, n);
  const each = Math.max(1, width / count);
  return Array.from({ length: count + 1 }, (_, i) => Math.floor(i * each));
}

/** Rows of columns, bottom row last: value i fills the cells from edges[i] to edges[i + 1]. A null value (a bucket still to come) is left blank. */
export function columnRows(values: readonly (number | null)[], top: number, rows: number, edges: readonly number[]): string[] {
  const out = Array.from({ length: rows }, () => '');
  values.forEach((v, i) => {
    const cellsWide = edges[i + 1]! - edges[i]!;
    // At least an eighth for any amount, so a small spend beside a large one still shows.
    const eighths = v === null || !(v > 0) || top <= 0 ? 0 : Math.max(1, Math.min(rows * 8, Math.round((v / top) * rows * 8)));
    for (let r = 0; r < rows; r++) {
      const fromBottom = rows - 1 - r;
      const fill = Math.min(8, Math.max(0, eighths - fromBottom * 8));
      out[r] += (fill === 8 ? '█' : EIGHTHS[fill]! || ' ').repeat(cellsWide);
    }
  });
  return out;
}

/** Label intervals a time axis may use, smallest first. */
const LABEL_INTERVALS = [1, 5, 10, 15, 30, 60, 120, 180, 360, 720].map((m) => m * MINUTE_MS).concat([1, 2, 7, 14, 28].map((d) => d * DAY_MS));
const LABEL_CELLS = 5;

/** Local midnight-based position of `t`: minutes into its day, and its day number. */
function localParts(t: number): { minuteOfDay: number; day: number } {
  const d = new Date(t);
  const local = t - d.getTimezoneOffset() * MINUTE_MS;
  return { minuteOfDay: d.getHours() * 60 + d.getMinutes(), day: Math.floor(local / DAY_MS) };
}

/** Whether a bucket start falls on a round time for this label interval (local clock). */
function onInterval(t: number, interval: number): boolean {
  const { minuteOfDay, day } = localParts(t);
  if (interval < DAY_MS) return minuteOfDay % (interval / MINUTE_MS) === 0 && new Date(t).getSeconds() === 0;
  return minuteOfDay === 0 && day % (interval / DAY_MS) === 0;
}

/** `14:00`; the date at midnight when the axis spans days, and for daily buckets. */
function tickLabel(t: number, stepMs: number, spansDays: boolean): string {
  if (stepMs >= DAY_MS) return formatMonthDay(t);
  return spansDays && localParts(t).minuteOfDay === 0 ? formatMonthDay(t) : formatClock(t);
}

/** The axis line (`└──┬──`) and the labels under it, for columns starting at `edges`, `width` cells in all. */
export function timeAxis(series: Pick<Series, 'starts' | 'stepMs'>, edges: readonly number[], width: number): { axis: string; labels: string } {
  const { starts, stepMs } = series;
  const spansDays = starts.length > 0 && localParts(starts[0]!).day !== localParts(starts[starts.length - 1]!).day;
  const colWidth = Math.max(1, Math.floor(width / Math.max(1, starts.length)));
  const interval = LABEL_INTERVALS.find((i) => i >= stepMs && i % stepMs === 0 && (i / stepMs) * colWidth >= LABEL_CELLS + 1) ?? LABEL_INTERVALS[LABEL_INTERVALS.length - 1]!;
  const axis = Array<string>(width).fill('─');
  const labels = Array<string>(width).fill(' ');
  let free = 0;
  starts.forEach((t, i) => {
    const at = edges[i]!;
    // Daily and weekly buckets: every so many from the first (they start at local midnights).
    const round = stepMs >= DAY_MS ? i % (interval / stepMs) === 0 : onInterval(t, interval);
    if (!round || at < free || at + LABEL_CELLS > width) return;
    axis[at] = '┬';
    [...tickLabel(t, stepMs, spansDays)].forEach((ch, k) => (labels[at + k] = ch));
    free = at + LABEL_CELLS + 1;
  });
  return { axis: axis.join(''), labels: labels.join('') };
}

export interface ChartFigure {
  /** Shown left of the scale (stacked charts name each figure); '' for a single chart. */
  name: string;
  /** A value per bucket; null for buckets still to come (not drawn). */
  values: readonly (number | null)[];
  role?: UiRole;
}

export interface ChartOptions {
  width: number;
  /** Rows of columns per figure (at least 1). */
  rows: number;
  format: (v: number) => string;
}

/**
 * Figures over the same buckets, one above the other, each with its own round scale, then one time
 * axis: `rows` rows per figure plus two for the axis. A figure's top label is its scale; the axis
 * line carries 0.
 */
export function stackedChart(series: Pick<Series, 'starts' | 'stepMs'>, figures: readonly ChartFigure[], o: ChartOptions): Line[] {
  const rows = Math.max(1, o.rows);
  const tops = figures.map((f) => niceTop(Math.max(0, ...f.values.map((v) => v ?? 0))));
  const scaleCells = Math.max(cellWidth(o.format(0)), ...tops.flatMap((t) => [cellWidth(o.format(t)), cellWidth(o.format(t / 2))]));
  const nameCells = Math.max(0, ...figures.map((f) => cellWidth(f.name)));
  const gutter = (nameCells ? nameCells + 1 : 0) + scaleCells + 1;
  const plotWidth = Math.max(1, o.width - gutter - 1);
  // More buckets than cells (the scale came out wider than the caller allowed for): the oldest go.
  const skip = Math.max(0, series.starts.length - plotWidth);
  const shown = { starts: series.starts.slice(skip), stepMs: series.stepMs };
  const edges = columnEdges(shown.starts.length, plotWidth);
  const lines: Line[] = [];
  figures.forEach((f, k) => {
    const top = tops[k]!;
    const plotted = columnRows(f.values.slice(skip), top, rows, edges);
    plotted.forEach((text, r) => {
      const name = r === 0 ? f.name : '';
      // The scale on the top row; a half-way mark on a tall chart's middle row.
      const mid = rows >= 4 && rows % 2 === 0 && r === rows / 2;
      const scale = r === 0 && top > 0 ? o.format(top) : mid && top > 0 ? o.format(top / 2) : '';
      const prefix = `${nameCells ? `${fit(name, nameCells)} ` : ''}${fit(scale, scaleCells, 'right')} `;
      lines.push([seg(prefix, 'muted'), seg(scale ? '┤' : '│', 'muted'), seg(text, f.role ?? 'accent')]);
    });
  });
  const { axis, labels } = timeAxis(shown, edges, plotWidth);
  const zero = `${' '.repeat(nameCells ? nameCells + 1 : 0)}${fit(o.format(0), scaleCells, 'right')} `;
  lines.push([seg(zero, 'muted'), seg(`└${axis}`, 'muted')], [seg(`${' '.repeat(gutter + 1)}${labels}`, 'muted')]);
  return lines;
}

/** Rows a stacked chart takes for `figures` figures of `rows` rows each. */
export const chartHeight = (figures: number, rows: number) => figures * rows + 2;

/** How many buckets a chart `width` cells wide can draw, one cell each, after names of `nameCells` and a scale. */
export function chartPoints(width: number, nameCells = 0): number {
  return Math.max(2, width - (nameCells ? nameCells + 1 : 0) - SCALE_ALLOWANCE - 2);
}

/** Cells a scale label usually takes (`$2.5K`, `250K`, `$0.05`). */
const SCALE_ALLOWANCE = 6;
