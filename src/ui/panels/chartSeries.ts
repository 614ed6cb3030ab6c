// The series a frame's charts read, worked out once per view (a key press that only moves a
// selection redraws without going over the cells again).
import { chartEnd, windowSeriesOf, type Series } from '../../report/series.js';
import type { Slice } from '../../report/figures.js';
import type { Counters } from '../../telemetry/model.js';
import { line, type Line } from '../components/Lines.js';
import type { View } from './panelProps.js';

const cache = new WeakMap<View, Map<string, Series[]>>();

export const costOf = (c: Counters) => (c.costNanos ?? 0) / 1e9;

/** `picks` over the view's window in at most `points` buckets; `name` tells apart what is picked (and from which slice). */
export function viewSeries(view: View, name: string, points: number, picks: readonly ((c: Counters) => number)[], slice: Slice = view.slice): Series[] {
  let byName = cache.get(view);
  if (!byName) {
    byName = new Map();
    cache.set(view, byName);
  }
  const key = `${name}:${points}`;
  let series = byName.get(key);
  if (!series) {
    // `today` runs from the hour of its first data to midnight: its buckets never move while no data arrives.
    series = windowSeriesOf(slice, points, picks, { through: chartEnd(view.window), fromFirstData: view.window.name === 'today' });
    byName.set(key, series);
  }
  return series;
}

/** The view's slice narrowed to one session (the same live choice). */
export function sessionSlice(view: View, id: string): Slice {
  return { ...view.slice, filter: { key: 'session', value: id } };
}

/** Values drawn as running totals, up to the last bucket with any (after it, nothing has been added: the line ends at the total shown). */
export function runningTotals(series: Series): (number | null)[] {
  let last = -1;
  series.values.forEach((v, i) => {
    if (v !== 0) last = i;
  });
  let sum = 0;
  return series.values.map((v, i) => (i > last ? null : (sum += v)));
}

/** Per-bucket values, with the buckets still to come left undrawn. */
export function perBucket(series: Series): (number | null)[] {
  return series.values.map((v, i) => (i > series.nowIndex ? null : v));
}

/** `15-min buckets`, `hourly buckets`: for a chart's title. */
export function bucketWords(series: Series): string {
  return `${series.stepLabel} buckets`;
}

const WINDOW_WORDS: Record<View['window']['name'], string> = { today: 'today', '24h': 'last 24 h', '7d': 'last 7 days', '30d': 'last 30 days', all: 'all time' };

export function windowWords(view: View): string {
  return WINDOW_WORDS[view.window.name];
}

/** The lines, then a chart in the rows they leave (after a blank line when there is room for one); none when fewer than `minRows` are left. */
export function thenChart(lines: readonly Line[], height: number, minRows: number, chart: (rows: number) => Line[]): Line[] {
  const top = lines.slice(0, height);
  const left = height - top.length;
  if (left >= minRows + 1) return [...top, line(), ...chart(left - 1)];
  if (left >= minRows) return [...top, ...chart(left)];
  return top;
}
