// 2 Tokens: the four types with counts and shares, tokens by model (or the grouping `g` picks),
// and each type over time.
import { fit, shortId } from '../../report/cells.js';
import { formatCount, formatPercent } from '../../report/format.js';
import { windowSeries } from '../../report/series.js';
import type { CounterKey } from '../../telemetry/model.js';
import { bar } from '../components/bar.js';
import { FramedLines } from '../components/FramedLines.js';
import { line, seg, type Line } from '../components/Lines.js';
import { sparkline } from '../components/sparkline.js';
import type { PanelProps } from './panelProps.js';

const TYPES: { label: string; key: 'input' | 'output' | 'cacheRead' | 'cacheCreation'; counter: CounterKey }[] = [
  { label: 'input', key: 'input', counter: 'tokIn' },
  { label: 'output', key: 'output', counter: 'tokOut' },
  { label: 'cache read', key: 'cacheRead', counter: 'tokCacheRead' },
  { label: 'cache write', key: 'cacheCreation', counter: 'tokCacheCreation' },
];

/** Session ids are shown short, as everywhere else. */
export function groupLabel(by: string, key: string): string {
  return by === 'session' ? shortId(key) : key;
}

export function tokensLines({ view, width }: Pick<PanelProps, 'view' | 'width'>, height: number): Line[] {
  const { summary, window } = view;
  const tokens = summary.totals.tokens;
  const barWidth = Math.max(4, Math.min(30, width - 32));
  const lines: Line[] = [line(seg(`${fit('type', 12)}${fit('tokens', 9, 'right')}  share`, 'muted'))];
  for (const t of TYPES) {
    const share = tokens.total ? tokens[t.key] / tokens.total : 0;
    lines.push(line(fit(t.label, 12), fit(formatCount(tokens[t.key]), 9, 'right'), '  ', bar(share, barWidth), ` ${formatPercent(tokens.total ? share : null)}`));
  }
  lines.push(line());
  // The figures take 38 cells (9 + 8 + 8 + 13): the name gets what is left, up to 28.
  const nameWidth = Math.max(12, Math.min(28, width - 38));
  const by = summary.groups?.by ?? 'model';
  lines.push(line(seg(`${fit(`by ${by} (g)`, nameWidth)}${fit('total', 9, 'right')}${fit('in', 8, 'right')}${fit('out', 8, 'right')}${fit('cache r/w', 13, 'right')}`, 'muted')));
  const models = (summary.groups?.rows ?? []).slice(0, Math.max(1, Math.floor((height - 12) / 2)));
  for (const m of models) {
    lines.push(
      line(
        fit(groupLabel(by, m.key), nameWidth),
        fit(formatCount(m.tokens.total), 9, 'right'),
        fit(formatCount(m.tokens.input), 8, 'right'),
        fit(formatCount(m.tokens.output), 8, 'right'),
        fit(`${formatCount(m.tokens.cacheRead)}/${formatCount(m.tokens.cacheCreation)}`, 13, 'right'),
      ),
    );
  }
  if (models.length === 0) lines.push(line(seg('no tokens in this window', 'muted')));
  if (height - lines.length >= 6) {
    lines.push(line(), line(seg(`over time (${window.name})`, 'muted')));
    const points = Math.max(4, width - 13);
    for (const t of TYPES) {
      const s = windowSeries(view.slice, points, (c) => c[t.counter] ?? 0);
      lines.push(line(fit(t.label, 12), ' ', seg(sparkline(s.values), 'accent')));
    }
  }
  return lines.slice(0, height);
}

export function TokensPanel(props: PanelProps) {
  return (
    <FramedLines title="Tokens" hotkey="2" focused={props.focused} width={props.width} height={props.height} theme={props.theme} note={props.view.window.name} lines={(inner) => tokensLines({ ...props, width: inner.width }, inner.height)} />
  );
}
