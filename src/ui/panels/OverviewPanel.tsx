// 1 Overview: the window's live cost (coloured by threshold, `~` while provisional), tokens,
// sessions, code, time, cache efficiency, the ratios and the burn rate; cost by model and the top
// sessions beside them when the panel is wide; then the window's cost as a running total, in the
// rows that are left.
import { costRole } from '../../report/paint.js';
import { PROJECTION_MIN_MINUTES, type Burn } from '../../report/burn.js';
import { formatBurn } from '../../report/burnText.js';
import { cellWidth, fit } from '../../report/cells.js';
import { formatCountdown, formatCount, formatDuration, formatRatio, formatUsd, formatUsdShort, liveUsd, plural } from '../../report/format.js';
import type { Summary } from '../../report/summary.js';
import { gauge } from '../components/bar.js';
import { chartPoints, stackedChart } from '../components/timeChart.js';
import { FramedLines } from '../components/FramedLines.js';
import { beside, line, seg, type Line, type Segment } from '../components/Lines.js';
import { bucketWords, costOf, runningTotals, viewSeries, windowWords } from './chartSeries.js';
import { ACTIVE_MEANING, TWO_COLUMNS, type PanelProps, type View } from './panelProps.js';
import { activeSessions, sessionsByCost } from './viewSessions.js';
import { sessionName } from './sessionName.js';

const LABEL = 10;
const label = (text: string) => seg(fit(text, LABEL), 'muted');

/**
 * Where the approximate part of the cost comes from: events whose metrics are on their way (or
 * never coming), or transcripts cc-top priced itself.
 */
function provisionalNote(summary: Summary): Segment[] {
  const live = summary.live;
  const notes: Segment[] = [];
  if (live.provisionalUsd > 0) {
    const pending = summary.sessions.some((s) => s.reconciliation === 'provisional');
    notes.push(seg(` incl. ${formatUsd(live.provisionalUsd)} from events${pending ? ', metrics pending' : ' only (no metrics came)'}`, 'warn'));
  }
  if (summary.totals.estimatedUsd > 0) notes.push(seg(` incl. ${formatUsd(summary.totals.estimatedUsd)} estimated from transcripts`, 'warn'));
  return notes;
}

export function overviewFacts(view: View, width: number): Line[] {
  const { summary, thresholds, burn } = view;
  const t = summary.totals;
  const d = summary.derived;
  const live = summary.live;
  const active = activeSessions(view);
  const per = [
    d.costPer1kOutputTokens === null ? null : `${formatUsd(d.costPer1kOutputTokens)}/1K out`,
    d.costPerCommit === null ? null : `${formatUsd(d.costPerCommit)}/commit`,
    d.costPer100Lines === null ? null : `${formatUsd(d.costPer100Lines)}/100 lines`,
  ].filter((x): x is string => x !== null);
  const tk = live.tokens;
  // Requests, errors and prompts are events: a source without them (Prometheus) shows none rather than 0.
  const noEvents = view.state.origin?.noEvents === true;
  return [
    line(
      label('Cost'),
      seg(liveUsd(live.costUsd, live.provisionalUsd, t.estimatedUsd, t.unpricedRequests), costRole(live.costUsd, thresholds), true),
      ...provisionalNote(summary),
      noEvents ? '' : seg(`  ${plural(t.apiRequests, 'request')}`, 'muted'),
      !noEvents && t.apiErrors ? seg(` · ${plural(t.apiErrors, 'error')}`, 'error') : '',
    ),
    line(
      label('Tokens'),
      seg(`${live.provisionalTokens > 0 ? '~' : ''}${formatCount(tk.total)}`, undefined, true),
      seg(`  in ${formatCount(tk.input)} · out ${formatCount(tk.output)} · cache read ${formatCount(tk.cacheRead)} · write ${formatCount(tk.cacheCreation)}`, 'muted'),
    ),
    line(label('Sessions'), plural(t.sessions, 'session'), ' · ', seg(`${active} active`, active ? 'ok' : undefined), seg(` (${ACTIVE_MEANING})`, 'muted'), noEvents ? '' : ` · ${plural(t.prompts, 'prompt')}`),
    line(label('Code'), seg(`+${formatCount(t.linesAdded)}`, 'ok'), ' ', seg(`-${formatCount(t.linesRemoved)}`, 'error'), ` lines · ${plural(t.commits, 'commit')} · ${plural(t.pullRequests, 'PR')}`),
    line(label('Time'), `you ${formatDuration(t.activeTimeSec.user)} · Claude ${formatDuration(t.activeTimeSec.cli)} active`, seg(` · Claude/you ${formatRatio(d.productivityRatio)} (peak session ${formatRatio(d.peakLeverage)})`, 'muted')),
    line(label('Cache'), ...gauge(d.cacheEfficiency, Math.max(6, Math.min(24, width - LABEL - 10)), { warn: 0.4, ok: 0.7 }), seg(' of prompt tokens read from cache', 'muted')),
    line(label('Per'), per.length ? per.join(' · ') : seg('–', 'muted')),
    line(label('Burn'), seg(formatBurn(burn), burn.last5m.usdPerHour > 0 ? undefined : 'muted')),
    ...(burn.fiveHour ? [fiveHourLine(burn.fiveHour)] : []),
  ];
}

/** Cost by model and the top sessions, for the right-hand column of a wide Overview. */
function spendColumn(view: View, width: number, rows: number): Line[] {
  const { summary } = view;
  const money = 10;
  const name = Math.max(8, width - money);
  const models = summary.byModel.slice(0, Math.max(1, Math.min(4, Math.floor((rows - 3) / 2))));
  const lines: Line[] = [line(seg(`${fit('cost by model', name)}${fit('cost', money, 'right')}`, 'muted'))];
  for (const m of models) lines.push(line(fit(m.model, name), fit(liveUsd(m.liveCostUsd, m.provisionalUsd, m.estimatedUsd, m.unpricedRequests), money, 'right')));
  lines.push(line(), line(seg(`${fit('top sessions', name)}${fit('cost', money, 'right')}`, 'muted')));
  const top = sessionsByCost(view).slice(0, Math.max(1, rows - lines.length));
  for (const s of top) lines.push(line(fit(sessionName(s), name), fit(liveUsd(s.liveCostUsd, s.provisionalUsd, s.estimatedUsd, s.unpricedRequests), money, 'right')));
  return lines.slice(0, rows);
}

/** The window's cost as a running total, `height` rows with its title. */
export function cumulativeCostChart(view: View, width: number, height: number): Line[] {
  if (height < 4) return [];
  const [series] = viewSeries(view, 'cost', chartPoints(width), [costOf]);
  const live = view.summary.live;
  const total = liveUsd(live.costUsd, live.provisionalUsd, view.summary.totals.estimatedUsd, view.summary.totals.unpricedRequests);
  const head = `Cost ${windowWords(view)}, running total: `;
  // The bucket size where it fits.
  const buckets = ` · ${bucketWords(series!)}`;
  const title = line(seg(head, 'muted'), seg(total, undefined, true), cellWidth(head + total + buckets) <= width ? seg(buckets, 'muted') : '');
  return [title, ...stackedChart(series!, [{ name: '', values: runningTotals(series!) }], { width, rows: height - 3, format: formatUsdShort })];
}

export function overviewLines({ view, width }: Pick<PanelProps, 'view' | 'width'>, height: number): Line[] {
  let facts = overviewFacts(view, width);
  if (width >= TWO_COLUMNS) {
    const left = Math.min(72, Math.floor(width * 0.6));
    facts = beside(facts, spendColumn(view, width - left - 2, facts.length), left);
  }
  // The facts come first; the chart takes whatever height is left (none when there is too little).
  const shown = facts.slice(0, height);
  return [...shown, ...cumulativeCostChart(view, width, height - shown.length)];
}

function fiveHourLine(p: NonNullable<Burn['fiveHour']>): Line {
  if (p.projectedPercentage === null) return line(label('5h limit'), `${Math.round(p.usedPercentage)}% now`, seg(` · projection after ${PROJECTION_MIN_MINUTES} min of spend (${p.basisMinutes} so far)`, 'muted'));
  return line(
    label('5h limit'),
    seg(`${Math.round(p.usedPercentage)}% now → on pace for ${Math.round(p.projectedPercentage)}% at reset`, p.willExceed ? 'error' : 'ok'),
    seg(` (from ${p.basisMinutes} min of spend)`, 'muted'),
    p.exhaustedInSec !== null ? seg(` out in ${formatCountdown(p.exhaustedInSec)}`, 'error') : '',
  );
}

export function OverviewPanel(props: PanelProps) {
  return (
    <FramedLines title="Overview" hotkey="1" focused={props.focused} width={props.width} height={props.height} theme={props.theme} note={props.view.window.name} lines={(inner) => overviewLines({ ...props, width: inner.width }, inner.height)} />
  );
}
