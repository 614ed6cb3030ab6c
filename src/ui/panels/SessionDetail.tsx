// One session, opened from the table: its figures (the same live figures as the table and the
// Overview), its cost per bucket when there is room, and its own events, scrolled with j/k/g/G.
import type { EventRow } from '../../report/eventLog.js';
import { rateOver } from '../../report/burn.js';
import { fit, shortId } from '../../report/cells.js';
import { formatAgo, formatCount, formatDuration, formatUsd, formatWhen, liveUsd, plural } from '../../report/format.js';
import type { SessionSummary } from '../../report/summary.js';
import { FramedLines } from '../components/FramedLines.js';
import { line, seg, type Line, type Segment } from '../components/Lines.js';
import { sessionSlice } from './chartSeries.js';
import { costChart } from './CostPanel.js';
import { logLines } from './eventLines.js';
import { ACTIVE_MEANING, isActive, type PanelProps, type View } from './panelProps.js';

const label = (text: string) => seg(fit(text, 10), 'muted');

/** Where the cost comes from: metrics, events, and whether they agree. */
function sourcesLine(s: SessionSummary): Segment[] {
  switch (s.reconciliation) {
    case 'provisional':
      return [seg(`~${formatUsd(s.provisionalUsd)} from events, metrics pending`, 'warn')];
    case 'mismatch':
      return [seg('metrics and events disagree (see --once --json reconciliation)', 'error')];
    case 'events-only':
      return [seg(`events only: no metrics came (${formatUsd(s.provisionalUsd)} from events; is OTEL_METRICS_EXPORTER=otlp?)`, 'warn')];
    case 'metrics-only':
      return [seg('metrics only (no api_request events)', 'muted')];
    default:
      return [seg(s.reconciliation === 'ok' ? 'metrics and events agree' : '–', s.reconciliation === 'ok' ? 'ok' : 'muted')];
  }
}

/** Started, lasted, last seen (and whether that makes it active). */
export function sessionTimeLine(s: SessionSummary, now: number): Line {
  const active = isActive(s.lastSeen, now);
  return line(
    label('When'),
    `started ${formatWhen(Date.parse(s.firstSeen), now)} · lasted ${formatDuration(s.durationSec)} · last seen ${formatAgo(Date.parse(s.lastSeen), now)}`,
    active ? seg(` · active (${ACTIVE_MEANING})`, 'ok') : '',
  );
}

export function sessionCostLine(s: SessionSummary): Line {
  return line(label('Cost'), seg(liveUsd(s.liveCostUsd, s.provisionalUsd, s.estimatedUsd, s.unpricedRequests), undefined, true), `  ${plural(s.apiRequests, 'request')}`, s.apiErrors ? seg(` · ${plural(s.apiErrors, 'error')}`, 'error') : '', ` · ${plural(s.prompts, 'prompt')}`);
}

export function sessionTokensLine(s: SessionSummary): Line {
  const t = s.liveTokens;
  return line(label('Tokens'), `${formatCount(t.total)} = in ${formatCount(t.input)} · out ${formatCount(t.output)} · cache read ${formatCount(t.cacheRead)} · write ${formatCount(t.cacheCreation)}`);
}

export function sessionCodeLine(s: SessionSummary): Line {
  return line(label('Code'), seg(`+${formatCount(s.linesAdded)}`, 'ok'), ' ', seg(`-${formatCount(s.linesRemoved)}`, 'error'), ` lines · ${plural(s.commits, 'commit')} · ${plural(s.pullRequests, 'PR')}`);
}

export function sessionFacts(view: View, s: SessionSummary): Line[] {
  const own = sessionSlice(view, s.id);
  return [
    line(label('Session'), s.id),
    line(label('Project'), s.project ?? seg('not known (no repository label, no status line folder)', 'muted'), s.projectDir && s.projectDir !== s.project ? seg(`  ${s.projectDir}`, 'muted') : ''),
    sessionTimeLine(s, view.now),
    sessionCostLine(s),
    line(label('Sources'), ...sourcesLine(s)),
    line(label('Burn'), `${formatUsd(rateOver(own, view.now, 300_000).usdPerHour)}/h over 5 min · ${formatUsd(rateOver(own, view.now, 3_600_000).usdPerHour)}/h over 1 h`),
    sessionTokensLine(s),
    sessionCodeLine(s),
    line(label('Time'), `you ${formatDuration(s.activeTimeSec.user)} · Claude ${formatDuration(s.activeTimeSec.cli)}`, seg(' active', 'muted')),
    line(label('Models'), s.models.join(', ') || '–'),
  ];
}

export function sessionDetailLines(props: Pick<PanelProps, 'view' | 'ui'>, s: SessionSummary, rows: readonly EventRow[], width: number, height: number): Line[] {
  const { view, ui } = props;
  const facts = sessionFacts(view, s).slice(0, height);
  const room = height - facts.length - 2;
  if (room <= 0) return facts;
  const scrolled = Math.min(ui.sessions.offset, Math.max(0, rows.length - 1));
  const heading = line(seg(`events ${rows.length ? `(${scrolled ? `${scrolled} newer below · G newest` : 'newest last'} · j/k scroll)` : ''}`, 'muted'));
  // The events take what they need; a chart of the session's cost takes what is left, if enough.
  const eventRoom = rows.length === 0 ? 1 : Math.min(room, rows.length);
  const chartRoom = room - eventRoom - 1;
  const chart = chartRoom >= 5 ? [line(), ...costChart(view, width, chartRoom, s.id), line()] : [];
  const events = rows.length ? logLines(rows, rows.length - 1 - scrolled, room - chart.length, { width, now: view.now, startupHint: !ui.events.showStartup }) : [line(seg('no events from this session in the log', 'muted'))];
  return [...facts, ...chart, ...(chart.length ? [] : [line()]), heading, ...events].slice(0, height);
}

export function SessionDetail(props: PanelProps & { session: SessionSummary }) {
  return (
    <FramedLines
      title={`Session ${props.session.project ? `${props.session.project} ` : ''}${shortId(props.session.id)}`}
      hotkey="4"
      focused={props.focused}
      width={props.width}
      height={props.height}
      theme={props.theme}
      note="Esc: back to the table"
      lines={(inner) => sessionDetailLines(props, props.session, props.sessionRows ?? [], inner.width, inner.height)}
    />
  );
}
