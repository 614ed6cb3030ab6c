// 4 Sessions: a table (sortable with `s`, moved through with j/k); Enter opens one session.
import { fit, shortId } from '../../report/cells.js';
import { formatAgo, formatCount, formatUsd } from '../../report/format.js';
import { sortSessions } from '../../report/sessionTable.js';
import type { SessionSummary } from '../../report/summary.js';
import { FramedLines } from '../components/FramedLines.js';
import { line, seg, type Line, type Segment } from '../components/Lines.js';
import { ACTIVE_MS, type PanelProps } from './panelProps.js';
import { SessionDetail } from './SessionDetail.js';
import { UsersPanel } from './UsersPanel.js';
import type { SessionSort } from '../uiState.js';

interface Column {
  title: string;
  width: number;
  align: 'left' | 'right';
  cell: (s: SessionSummary, now: number) => string;
  /** Columns with a lower priority are dropped first when the panel is narrow. */
  priority: number;
}

const RECONCILE_MARK: Partial<Record<SessionSummary['reconciliation'], string>> = { provisional: '~', mismatch: '≠' };

const SORT_LABELS: Record<SessionSort, string> = { lastSeen: 'last seen', cost: 'cost', tokens: 'tokens', requests: 'requests' };

const COLUMNS: Column[] = [
  { title: 'session', width: 9, align: 'left', cell: (s) => shortId(s.id), priority: 0 },
  // Live cost; `~` while part of it is provisional (events ahead of metrics) or estimated (priced by
  // cc-top from a transcript), `≠` when events and metrics disagree.
  { title: 'cost', width: 10, align: 'right', cell: (s) => `${RECONCILE_MARK[s.reconciliation] ?? (s.estimatedUsd > 0 ? '~' : '')}${formatUsd(s.liveCostUsd)}`, priority: 0 },
  { title: 'tokens', width: 8, align: 'right', cell: (s) => formatCount(s.tokens.total), priority: 1 },
  { title: 'req', width: 5, align: 'right', cell: (s) => String(s.apiRequests), priority: 2 },
  { title: 'err', width: 4, align: 'right', cell: (s) => String(s.apiErrors), priority: 5 },
  { title: 'lines', width: 11, align: 'right', cell: (s) => `+${s.linesAdded}/-${s.linesRemoved}`, priority: 4 },
  { title: 'commits', width: 8, align: 'right', cell: (s) => String(s.commits), priority: 6 },
  { title: 'seen', width: 9, align: 'right', cell: (s, now) => formatAgo(Date.parse(s.lastSeen), now), priority: 1 },
  // "claude-" says nothing in a column of Claude models.
  { title: 'models', width: 16, align: 'left', cell: (s) => s.models.map((m) => m.replace(/^claude-/, '')).join(','), priority: 3 },
];

/** Columns that only events fill (not shown for a source without them, e.g. Prometheus). */
const EVENT_COLUMNS = new Set(['req', 'err']);

/** The columns that fit `width` (after the 2-cell marker), in table order. */
function columnsFor(width: number, noEvents = false): Column[] {
  let chosen = COLUMNS.filter((c) => !noEvents || !EVENT_COLUMNS.has(c.title));
  const total = (cols: Column[]) => cols.reduce((n, c) => n + c.width + 1, 2);
  while (total(chosen) > width && chosen.length > 2) {
    const drop = chosen.reduce((a, b) => (b.priority > a.priority ? b : a));
    chosen = chosen.filter((c) => c !== drop);
  }
  return chosen;
}

export function sessionTableLines(sessions: SessionSummary[], selected: number, now: number, width: number, height: number, noEvents = false): Line[] {
  const cols = columnsFor(width, noEvents);
  const header = line(seg(`  ${cols.map((c) => fit(c.title, c.width, c.align)).join(' ')}`, 'muted'));
  if (sessions.length === 0) return [header, line(seg('no sessions in this window', 'muted'))];
  const rows = Math.max(1, height - 1);
  const first = Math.max(0, Math.min(selected - Math.floor(rows / 2), sessions.length - rows));
  const lines: Line[] = [header];
  sessions.slice(first, first + rows).forEach((s, i) => {
    const isSelected = first + i === selected;
    const active = now - Date.parse(s.lastSeen) < ACTIVE_MS;
    // Selection and activity each have their own mark, so both show without colour.
    const marker: Segment = { text: isSelected ? '›' : ' ', bold: true };
    const activity: Segment = { text: active ? '●' : ' ', role: 'ok' };
    const text = cols.map((c) => fit(c.cell(s, now), c.width, c.align)).join(' ');
    lines.push([marker, activity, { text, inverse: isSelected, bold: isSelected }]);
  });
  return lines;
}

export function SessionsPanel(props: PanelProps) {
  const { view, ui } = props;
  // Grouped by user, the table has one row per person.
  if (ui.groupBy === 'user' && view.summary.groups?.by === 'user') return <UsersPanel {...props} />;
  const sessions = sortSessions(view.summary.sessions, ui.sessions.sort);
  const noEvents = view.state.origin?.noEvents === true;
  const open = ui.sessions.open ? view.summary.sessions.find((s) => s.id === ui.sessions.open) : undefined;
  if (open) return <SessionDetail {...props} session={open} />;
  return (
    <FramedLines
      title="Sessions"
      hotkey="4"
      focused={props.focused}
      width={props.width}
      height={props.height}
      theme={props.theme}
      note={`${sessions.length} · by ${SORT_LABELS[ui.sessions.sort]}`}
      lines={(inner) => sessionTableLines(sessions, ui.sessions.selected, view.now, inner.width, inner.height, noEvents)}
    />
  );
}
