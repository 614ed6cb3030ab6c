// 4 Sessions: a table people recognise (project, start, duration, live cost, …, the short id last),
// sortable with `s`, moved through with j/k; Enter opens one session. Below a short table, the
// selected session's figures and its cost over the window fill the panel.
import { fit, shortId } from '../../report/cells.js';
import { formatAgo, formatCount, formatDuration, formatWhen, liveUsd } from '../../report/format.js';
import { sortSessions } from '../../report/sessionTable.js';
import type { SessionSummary } from '../../report/summary.js';
import { FramedLines } from '../components/FramedLines.js';
import { line, seg, type Line, type Segment } from '../components/Lines.js';
import { costChart } from './CostPanel.js';
import { thenChart } from './chartSeries.js';
import { ACTIVE_MEANING, isActive, type PanelProps, type View } from './panelProps.js';
import { activeSessions } from './viewSessions.js';
import { SessionDetail, sessionCodeLine, sessionCostLine, sessionTimeLine, sessionTokensLine } from './SessionDetail.js';
import { UsersPanel } from './UsersPanel.js';
import type { SessionSort } from '../uiState.js';

interface Column {
  title: string;
  width: number;
  align: 'left' | 'right';
  cell: (s: SessionSummary, now: number) => string;
  /** Columns with a higher number are dropped first when the panel is narrow. */
  priority: number;
  /** The name column: it takes the room the others leave, up to `max`. */
  grow?: { max: number };
}

/** `~` while part of the cost is provisional (metrics pending, or events only), `≠` when both came and disagree. */
const RECONCILE_MARK: Partial<Record<SessionSummary['reconciliation'], string>> = { mismatch: '≠' };

const SORT_LABELS: Record<SessionSort, string> = { lastSeen: 'last seen', cost: 'cost', tokens: 'tokens', requests: 'requests' };

const COLUMNS: Column[] = [
  { title: 'project', width: 10, align: 'left', cell: (s) => s.project ?? '–', priority: 0, grow: { max: 40 } },
  { title: 'started', width: 11, align: 'right', cell: (s, now) => formatWhen(Date.parse(s.firstSeen), now), priority: 1 },
  { title: 'lasted', width: 8, align: 'right', cell: (s) => formatDuration(s.durationSec), priority: 3 },
  // The live cost: `~` while part of it is provisional (events ahead of metrics) or estimated (priced
  // by cc-top from a transcript), `≠` when events and metrics disagree.
  { title: 'cost', width: 10, align: 'right', cell: (s) => `${RECONCILE_MARK[s.reconciliation] ?? ''}${liveUsd(s.liveCostUsd, s.provisionalUsd, s.estimatedUsd, s.unpricedRequests)}`, priority: 0 },
  { title: 'tokens', width: 8, align: 'right', cell: (s) => formatCount(s.liveTokens.total), priority: 2 },
  { title: 'req', width: 5, align: 'right', cell: (s) => formatCount(s.apiRequests), priority: 5 },
  { title: 'err', width: 4, align: 'right', cell: (s) => formatCount(s.apiErrors), priority: 7 },
  { title: 'lines', width: 11, align: 'right', cell: (s) => `+${formatCount(s.linesAdded)}/-${formatCount(s.linesRemoved)}`, priority: 6 },
  { title: 'commits', width: 8, align: 'right', cell: (s) => formatCount(s.commits), priority: 8 },
  { title: 'seen', width: 9, align: 'right', cell: (s, now) => formatAgo(Date.parse(s.lastSeen), now), priority: 2 },
  // "claude-" says nothing in a column of Claude models.
  { title: 'models', width: 12, align: 'left', cell: (s) => s.models.map((m) => m.replace(/^claude-/, '')).join(','), priority: 4 },
  { title: 'id', width: 8, align: 'left', cell: (s) => shortId(s.id), priority: 0 },
];

/** Columns that only events fill (not shown for a source without them, e.g. Prometheus). */
const EVENT_COLUMNS = new Set(['req', 'err']);

/** The columns that fit `width` (after the 2-cell marker), in table order, the name column widened into what is left. */
export function columnsFor(width: number, noEvents = false): Column[] {
  let chosen = COLUMNS.filter((c) => !noEvents || !EVENT_COLUMNS.has(c.title));
  const total = (cols: Column[]) => cols.reduce((n, c) => n + c.width + 1, 2);
  while (total(chosen) > width && chosen.length > 3) {
    const drop = chosen.reduce((a, b) => (b.priority > a.priority ? b : a));
    chosen = chosen.filter((c) => c !== drop);
  }
  const spare = Math.max(0, width - total(chosen));
  return chosen.map((c) => (c.grow ? { ...c, width: Math.min(c.grow.max, c.width + spare) } : c));
}

export function sessionTableLines(sessions: SessionSummary[], selected: number, now: number, width: number, height: number, noEvents = false): Line[] {
  const cols = columnsFor(width, noEvents);
  const header = line(seg(`  ${cols.map((c) => fit(c.title, c.width, c.align)).join(' ')}`, 'muted'));
  if (sessions.length === 0) return [header];
  const rows = Math.max(1, height - 1);
  const first = Math.max(0, Math.min(selected - Math.floor(rows / 2), sessions.length - rows));
  const lines: Line[] = [header];
  sessions.slice(first, first + rows).forEach((s, i) => {
    const isSelected = first + i === selected;
    // Selection and activity each have their own mark, so both show without colour.
    const marker: Segment = { text: isSelected ? '›' : ' ', bold: true };
    const activity: Segment = { text: isActive(s.lastSeen, now) ? '●' : ' ', role: 'ok' };
    const text = cols.map((c) => fit(c.cell(s, now), c.width, c.align)).join(' ');
    lines.push([marker, activity, { text, inverse: isSelected, bold: isSelected }]);
  });
  return lines;
}

/** The selected session in a few lines, and its cost over the window in the rest. */
function previewLines(view: View, s: SessionSummary, width: number, height: number): Line[] {
  const lines: Line[] = [line(seg(`selected: ${s.project ? `${s.project} ` : ''}${shortId(s.id)} · Enter opens it`, 'muted')), sessionCostLine(s), sessionTimeLine(s, view.now), sessionTokensLine(s), sessionCodeLine(s)];
  return thenChart(lines, height, 4, (rows) => costChart(view, width, rows, s.id));
}

export function sessionsLines(props: Pick<PanelProps, 'view' | 'ui'>, sessions: SessionSummary[], width: number, height: number): Line[] {
  const { view, ui } = props;
  const noEvents = view.state.origin?.noEvents === true;
  if (sessions.length === 0) return [...sessionTableLines(sessions, 0, view.now, width, height, noEvents), line(seg(view.filterNote?.text ?? 'no sessions in this window', 'muted'))];
  // The table takes what it needs; with room to spare (6 rows at least), the selected session shows below.
  const spare = height - 1 - sessions.length - 2;
  const tableRows = spare >= 6 ? sessions.length + 1 : height;
  const table = sessionTableLines(sessions, ui.sessions.selected, view.now, width, tableRows, noEvents);
  const selected = sessions[Math.min(ui.sessions.selected, sessions.length - 1)];
  if (spare < 6 || !selected) return table;
  return [...table, line(), ...previewLines(view, selected, width, height - table.length - 1)];
}

export function SessionsPanel(props: PanelProps) {
  const { view, ui } = props;
  // Grouped by user, the table has one row per person.
  if (ui.groupBy === 'user' && view.summary.groups?.by === 'user') return <UsersPanel {...props} />;
  const sessions = sortSessions(view.summary.sessions, ui.sessions.sort);
  const open = ui.sessions.open ? view.summary.sessions.find((s) => s.id === ui.sessions.open) : undefined;
  if (open) return <SessionDetail {...props} session={open} />;
  const active = activeSessions(view);
  const note = `${sessions.length} · ● ${active} active · by ${SORT_LABELS[ui.sessions.sort]}`;
  // What "active" means, where there is room to say it.
  const meaning = ` (● ${ACTIVE_MEANING})`;
  return (
    <FramedLines
      title="Sessions"
      hotkey="4"
      focused={props.focused}
      width={props.width}
      height={props.height}
      theme={props.theme}
      note={props.width - 20 > note.length + meaning.length ? `${note}${meaning}` : note}
      lines={(inner) => sessionsLines(props, sessions, inner.width, inner.height)}
    />
  );
}
