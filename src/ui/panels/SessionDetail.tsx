// One session, opened from the table: its figures, models, and its own latest events.
import { eventRows } from '../../report/eventLog.js';
import { rateOver } from '../../report/burn.js';
import { makeSlice } from '../../report/figures.js';
import { fit, shortId } from '../../report/cells.js';
import { formatAgo, formatCount, formatDuration, formatUsd, plural } from '../../report/format.js';
import type { SessionSummary } from '../../report/summary.js';
import { FramedLines } from '../components/FramedLines.js';
import { line, seg, type Line, type Segment } from '../components/Lines.js';
import { eventLine } from './EventsPanel.js';
import type { PanelProps } from './panelProps.js';

/** Where the cost comes from: metrics, events, and whether they agree. */
function sourcesLine(s: SessionSummary): Segment[] {
  switch (s.reconciliation) {
    case 'provisional':
      return [seg(`~${formatUsd(s.provisionalUsd)} from events, metrics pending`, 'warn')];
    case 'mismatch':
      return [seg('metrics and events disagree (see --once --json reconciliation)', 'error')];
    case 'events-only':
      return [seg('events only: no metrics arrived (is OTEL_METRICS_EXPORTER=otlp?)', 'warn')];
    case 'metrics-only':
      return [seg('metrics only (no api_request events)', 'muted')];
    default:
      return [seg(s.reconciliation === 'ok' ? 'metrics and events agree' : '–', s.reconciliation === 'ok' ? 'ok' : 'muted')];
  }
}

export function sessionDetailLines(props: Pick<PanelProps, 'view'>, s: SessionSummary, width: number, height: number): Line[] {
  const { view } = props;
  const label = (text: string) => seg(fit(text, 10), 'muted');
  const project = s.project;
  const own = makeSlice(view.state, view.window, { key: 'session', value: s.id });
  const lines: Line[] = [
    line(label('Session'), s.id),
    line(label('Seen'), `${formatAgo(Date.parse(s.lastSeen), view.now)} · first ${formatAgo(Date.parse(s.firstSeen), view.now)}`, project ? ` · ${project}` : ''),
    line(label('Cost'), seg(formatUsd(s.liveCostUsd), undefined, true), `  ${plural(s.apiRequests, 'request')}`, s.apiErrors ? seg(` ${plural(s.apiErrors, 'error')}`, 'error') : '', ` · ${plural(s.prompts, 'prompt')}`),
    line(label('Sources'), ...sourcesLine(s)),
    line(label('Burn'), `${formatUsd(rateOver(own, view.now, 300_000).usdPerHour)}/h over 5 min · ${formatUsd(rateOver(own, view.now, 3_600_000).usdPerHour)}/h over 1 h`),
    line(label('Tokens'), `${formatCount(s.tokens.total)} = in ${formatCount(s.tokens.input)} · out ${formatCount(s.tokens.output)} · cache ${formatCount(s.tokens.cacheRead)}/${formatCount(s.tokens.cacheCreation)}`),
    line(label('Code'), seg(`+${s.linesAdded}`, 'ok'), ' ', seg(`-${s.linesRemoved}`, 'error'), ` lines · ${plural(s.commits, 'commit')} · ${plural(s.pullRequests, 'PR')}`),
    line(label('Active'), `you ${formatDuration(s.activeTimeSec.user)} · Claude ${formatDuration(s.activeTimeSec.cli)}`),
    line(label('Models'), s.models.join(', ') || '–'),
    line(),
    line(seg('events (Esc: back to the table)', 'muted')),
  ];
  const rows = eventRows(view.state, { session: s.id });
  const room = Math.max(0, height - lines.length);
  for (const r of rows.slice(-room)) lines.push(eventLine(r, width, view.now));
  if (rows.length === 0) lines.push(line(seg('no events from this session in the log', 'muted')));
  return lines.slice(0, height);
}

export function SessionDetail(props: PanelProps & { session: SessionSummary }) {
  return (
    <FramedLines
      title={`Session ${shortId(props.session.id)}`}
      hotkey="4"
      focused={props.focused}
      width={props.width}
      height={props.height}
      theme={props.theme}
      lines={(inner) => sessionDetailLines(props, props.session, inner.width, inner.height)}
    />
  );
}
