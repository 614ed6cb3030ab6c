// 3 Cost: by model or the grouping `g` picks (bars, $/1K output), the top sessions, and the cost
// per bucket over the window in the rows that are left. Live figures, `~` while provisional.
import { cellWidth, fit } from '../../report/cells.js';
import { formatCount, formatUsd, formatUsdShort, liveUsd } from '../../report/format.js';
import { costRole } from '../../report/paint.js';
import { ratio } from '../../report/summary.js';
import { bar } from '../components/bar.js';
import { chartPoints, stackedChart } from '../components/timeChart.js';
import { FramedLines } from '../components/FramedLines.js';
import { beside, line, seg, type Line } from '../components/Lines.js';
import { costOf, perBucket, sessionSlice, thenChart, viewSeries, windowWords } from './chartSeries.js';
import { TWO_COLUMNS, type PanelProps, type View } from './panelProps.js';
import { sessionName } from './sessionName.js';
import { groupHeading, groupLabel } from './TokensPanel.js';
import { sessionsByCost } from './viewSessions.js';

/** The cost per bucket over the window (or one session's: `session`), `height` rows with its title. */
export function costChart(view: View, width: number, height: number, session?: string): Line[] {
  if (height < 4) return [];
  const [series] = session ? viewSeries(view, `cost:${session}`, chartPoints(width), [costOf], sessionSlice(view, session)) : viewSeries(view, 'cost', chartPoints(width), [costOf]);
  const title = session ? 'Its cost' : 'Cost';
  return [line(seg(`${title} per ${series!.stepLabel} bucket, ${windowWords(view)}`, 'muted')), ...stackedChart(series!, [{ name: '', values: perBucket(series!) }], { width, rows: height - 3, format: formatUsdShort })];
}

/** Cost by the grouping `g` picks: live cost, share of the total, $ per 1K output tokens. */
function groupTable(view: View, width: number): Line[] {
  const { summary, thresholds } = view;
  const total = summary.live.costUsd;
  const by = summary.groups?.by ?? 'model';
  const rows = summary.groups?.rows ?? [];
  // Names get the room first (up to their length); the share bar what is left.
  const longest = Math.max(cellWidth(`by ${by} (g)`), ...rows.slice(0, 5).map((r) => cellWidth(groupLabel(by, r.key))));
  const nameWidth = Math.max(12, Math.min(longest + 1, width - 36));
  const barWidth = Math.max(4, Math.min(30, width - nameWidth - 24));
  const lines: Line[] = [line(seg(`${fit(groupHeading(by, nameWidth), nameWidth)}${fit('cost', 10, 'right')}  ${fit('share', barWidth)} ${fit('$/1K out', 10, 'right')}`, 'muted'))];
  for (const m of rows.slice(0, 5)) {
    const per1k = ratio(m.costUsd, m.tokens.output / 1000);
    lines.push(
      line(fit(groupLabel(by, m.key), nameWidth), seg(fit(liveUsd(m.costUsd, m.provisionalUsd, m.estimatedUsd, m.unpricedRequests), 10, 'right'), costRole(m.costUsd, thresholds)), '  ', bar(total ? m.costUsd / total : 0, barWidth), ` ${fit(per1k === null ? '–' : formatUsd(per1k), 10, 'right')}`),
    );
  }
  if (rows.length === 0) lines.push(line(seg(view.filterNote?.text ?? 'no cost in this window', 'muted')));
  return lines;
}

/** The sessions that cost most, at most `rows`. */
function topSessions(view: View, width: number, rows: number): Line[] {
  const top = sessionsByCost(view).slice(0, Math.max(1, rows));
  if (top.length === 0) return [];
  const sessionWidth = Math.max(12, Math.min(40, width - 32, Math.max(...top.map((s) => cellWidth(sessionName(s)) + 1))));
  return [
    line(seg(`${fit('top sessions', sessionWidth)}${fit('cost', 10, 'right')}${fit('tokens', 9, 'right')}  model`, 'muted')),
    ...top.map((s) => line(fit(sessionName(s), sessionWidth), fit(liveUsd(s.liveCostUsd, s.provisionalUsd, s.estimatedUsd, s.unpricedRequests), 10, 'right'), fit(formatCount(s.liveTokens.total), 9, 'right'), `  ${s.models[0] ?? '–'}`)),
  ];
}

export function costLines({ view, width }: Pick<PanelProps, 'view' | 'width'>, height: number): Line[] {
  let tables: Line[];
  if (width >= TWO_COLUMNS) {
    // Wide: the two tables side by side, so the chart gets the height.
    const left = Math.floor(width * 0.5);
    tables = beside(groupTable(view, left), topSessions(view, width - left - 2, 5), left);
  } else {
    const groups = groupTable(view, width);
    // Up to five sessions, fewer when the chart below would get too few rows.
    const sessions = topSessions(view, width, Math.min(5, height - groups.length - 7));
    tables = sessions.length ? [...groups, line(), ...sessions] : groups;
  }
  return thenChart(tables, height, 4, (rows) => costChart(view, width, rows));
}

export function CostPanel(props: PanelProps) {
  return (
    <FramedLines title="Cost" hotkey="3" focused={props.focused} width={props.width} height={props.height} theme={props.theme} note={props.view.window.name} lines={(inner) => costLines({ ...props, width: inner.width }, inner.height)} />
  );
}
