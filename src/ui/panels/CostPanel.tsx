// 3 Cost: by model or the grouping `g` picks (bars), top sessions, cost over time, cost per 1K output tokens per model.
import { fit, shortId } from '../../report/cells.js';
import { formatCount, formatUsd } from '../../report/format.js';
import { costRole } from '../../report/paint.js';
import { ratio } from '../../report/summary.js';
import { windowSeries } from '../../report/series.js';
import { bar } from '../components/bar.js';
import { chartLines, chartPoints } from '../components/chart.js';
import { FramedLines } from '../components/FramedLines.js';
import { line, seg, type Line } from '../components/Lines.js';
import type { PanelProps } from './panelProps.js';
import { groupLabel } from './TokensPanel.js';

export function costLines({ view, width, chartRows }: Pick<PanelProps, 'view' | 'width' | 'chartRows'>, height: number): Line[] {
  const { summary, slice, thresholds } = view;
  const total = summary.totals.costUsd;
  const nameWidth = Math.max(12, Math.min(26, width - 40));
  const barWidth = Math.max(4, Math.min(20, width - nameWidth - 30));
  const by = summary.groups?.by ?? 'model';
  const lines: Line[] = [line(seg(`${fit(`by ${by} (g)`, nameWidth)}${fit('cost', 10, 'right')}  share${' '.repeat(Math.max(1, barWidth - 3))}$/1K out`, 'muted'))];
  const rows = summary.groups?.rows ?? [];
  for (const m of rows.slice(0, 5)) {
    const per1k = ratio(m.costUsd, m.tokens.output / 1000);
    lines.push(
      line(fit(groupLabel(by, m.key), nameWidth), seg(fit(formatUsd(m.costUsd), 10, 'right'), costRole(m.costUsd, thresholds)), '  ', bar(total ? m.costUsd / total : 0, barWidth), ` ${per1k === null ? '–' : formatUsd(per1k)}`),
    );
  }
  if (rows.length === 0) lines.push(line(seg('no cost in this window', 'muted')));
  lines.push(line(), line(seg(`${fit('top sessions', 12)}${fit('cost', 10, 'right')}${fit('tokens', 9, 'right')}  model`, 'muted')));
  const top = [...summary.sessions].sort((a, b) => b.costUsd - a.costUsd).slice(0, Math.max(2, Math.min(5, height - lines.length - chartRows - 4)));
  for (const s of top) lines.push(line(fit(shortId(s.id), 12), fit(formatUsd(s.costUsd), 10, 'right'), fit(formatCount(s.tokens.total), 9, 'right'), `  ${s.models[0] ?? '–'}`));
  const room = height - lines.length - 2;
  if (room >= 3) {
    const series = windowSeries(slice, chartPoints(width), (c) => (c.costNanos ?? 0) / 1e9);
    lines.push(line(), line(seg('cost over time', 'muted')), ...chartLines(series.values, { width, height: Math.min(chartRows + 1, room), format: formatUsd, role: 'accent' }));
  }
  return lines.slice(0, height);
}

export function CostPanel(props: PanelProps) {
  return (
    <FramedLines title="Cost" hotkey="3" focused={props.focused} width={props.width} height={props.height} theme={props.theme} note={props.view.window.name} lines={(inner) => costLines({ ...props, width: inner.width }, inner.height)} />
  );
}
