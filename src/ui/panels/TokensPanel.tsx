// 2 Tokens: the four types with counts and shares, tokens by model (or the grouping `g` picks), and
// each type per bucket over the window, each with its own scale, on one time axis.
import { cellWidth, fit, shortId } from '../../report/cells.js';
import { formatCount, formatPercent } from '../../report/format.js';
import type { CounterKey } from '../../telemetry/model.js';
import { bar } from '../components/bar.js';
import { chartPoints, stackedChart } from '../components/timeChart.js';
import { FramedLines } from '../components/FramedLines.js';
import { beside, line, seg, type Line } from '../components/Lines.js';
import { perBucket, thenChart, viewSeries, windowWords } from './chartSeries.js';
import { TWO_COLUMNS, type PanelProps, type View } from './panelProps.js';

const TYPES: { label: string; key: 'input' | 'output' | 'cacheRead' | 'cacheCreation'; counter: CounterKey }[] = [
  { label: 'input', key: 'input', counter: 'tokIn' },
  { label: 'output', key: 'output', counter: 'tokOut' },
  { label: 'cache read', key: 'cacheRead', counter: 'tokCacheRead' },
  { label: 'cache write', key: 'cacheCreation', counter: 'tokCacheCreation' },
];

/** `by model (g)`, or `by model` where the key hint does not fit (the footer has it). */
export function groupHeading(by: string, width: number): string {
  return cellWidth(`by ${by} (g)`) <= width - 1 ? `by ${by} (g)` : `by ${by}`;
}

/** Session ids are shown short, as everywhere else. */
export function groupLabel(by: string, key: string): string {
  return by === 'session' ? shortId(key) : key;
}

/** Each token type per bucket, stacked on one time axis, in `height` rows with the title; all types together when too low for four. */
function tokensChart(view: View, width: number, height: number): Line[] {
  const rows = Math.floor((height - 3) / TYPES.length);
  if (height < 4) return [];
  const series = viewSeries(
    view,
    'tokens',
    chartPoints(width, 11),
    TYPES.map((t) => (c) => c[t.counter] ?? 0),
  );
  if (rows < 1) {
    const total = { ...series[0]!, values: series[0]!.values.map((_, i) => series.reduce((n, s) => n + s.values[i]!, 0)) };
    return [line(seg(`Tokens per ${total.stepLabel} bucket, ${windowWords(view)}, all types`, 'muted')), ...stackedChart(total, [{ name: '', values: perBucket(total) }], { width, rows: height - 3, format: formatCount })];
  }
  const title = line(seg(`Tokens per ${series[0]!.stepLabel} bucket, ${windowWords(view)} (each type on its own scale)`, 'muted'));
  return [title, ...stackedChart(series[0]!, TYPES.map((t, i) => ({ name: t.label, values: perBucket(series[i]!) })), { width, rows, format: formatCount })];
}

/** The four types with their counts and shares. */
function typeTable(view: View, width: number): Line[] {
  const tokens = view.summary.live.tokens;
  const barWidth = Math.max(4, Math.min(40, width - 32));
  const lines: Line[] = [line(seg(`${fit('type', 12)}${fit('tokens', 9, 'right')}  share`, 'muted'))];
  for (const t of TYPES) {
    const share = tokens.total ? tokens[t.key] / tokens.total : 0;
    lines.push(line(fit(t.label, 12), fit(formatCount(tokens[t.key]), 9, 'right'), '  ', bar(share, barWidth), ` ${formatPercent(tokens.total ? share : null)}`));
  }
  return lines;
}

/** Tokens by the grouping `g` picks, at most `rows` groups. */
function groupTable(view: View, width: number, rows: number): Line[] {
  const { summary } = view;
  const by = summary.groups?.by ?? 'model';
  const groups = summary.groups?.rows ?? [];
  // The figures take 40 cells (8 + 7 + 7 + 9 + 9): the name gets what is left, as much as it needs.
  const longest = Math.max(cellWidth(`by ${by}`) + 1, ...groups.slice(0, 5).map((g) => cellWidth(groupLabel(by, g.key)) + 1));
  const nameWidth = Math.max(12, Math.min(longest + 4, width - 40));
  const lines: Line[] = [line(seg(`${fit(groupHeading(by, nameWidth), nameWidth)}${fit('total', 8, 'right')}${fit('in', 7, 'right')}${fit('out', 7, 'right')}${fit('cache rd', 9, 'right')}${fit('cache wr', 9, 'right')}`, 'muted'))];
  for (const m of groups.slice(0, Math.max(1, rows))) {
    lines.push(
      line(
        fit(groupLabel(by, m.key), nameWidth),
        fit(formatCount(m.tokens.total), 8, 'right'),
        fit(formatCount(m.tokens.input), 7, 'right'),
        fit(formatCount(m.tokens.output), 7, 'right'),
        fit(formatCount(m.tokens.cacheRead), 9, 'right'),
        fit(formatCount(m.tokens.cacheCreation), 9, 'right'),
      ),
    );
  }
  if (groups.length === 0) lines.push(line(seg(view.filterNote?.text ?? 'no tokens in this window', 'muted')));
  return lines;
}

export function tokensLines({ view, width }: Pick<PanelProps, 'view' | 'width'>, height: number): Line[] {
  let tables: Line[];
  if (width >= TWO_COLUMNS) {
    // Wide: the two tables side by side, so the chart gets the height.
    const left = Math.floor(width * 0.45);
    tables = beside(typeTable(view, left), groupTable(view, width - left - 2, 4), left);
  } else {
    // Up to five groups, fewer when the chart below would have too little room.
    tables = [...typeTable(view, width), line(), ...groupTable(view, width, Math.min(5, height - 12))];
  }
  return thenChart(tables, height, 4, (rows) => tokensChart(view, width, rows));
}

export function TokensPanel(props: PanelProps) {
  return (
    <FramedLines title="Tokens" hotkey="2" focused={props.focused} width={props.width} height={props.height} theme={props.theme} note={props.view.window.name} lines={(inner) => tokensLines({ ...props, width: inner.width }, inner.height)} />
  );
}
