// 6 Events: the latest events, following new ones like `tail -f`; scrolling up stops following,
// `G` resumes; `/` filters; colour by event type.
import type { EventKind, EventRow } from '../../report/eventLog.js';
import { fit } from '../../report/cells.js';
import type { UiRole } from '../theme.js';
import { Frame, innerSize } from '../components/Frame.js';
import { Lines, line, seg, type Line } from '../components/Lines.js';
import type { PanelProps } from './panelProps.js';

const ROLE: Record<EventKind, UiRole | undefined> = { request: 'accent', error: 'error', tool: 'ok', prompt: 'warn', notice: 'muted', alert: 'warn', other: undefined };

const pad = (n: number) => String(n).padStart(2, '0');

/** 14:03:07 for today's events; 11-24 14:03 for older ones (cc-top runs for days). */
export function eventTime(t: number, now: number): string {
  const d = new Date(t);
  const today = new Date(now);
  if (d.toDateString() === today.toDateString()) return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function eventLine(r: EventRow, width: number, now: number): Line {
  const nameWidth = width >= 70 ? 16 : 12;
  return line(seg(`${eventTime(r.time, now)} `, 'muted'), seg(`${fit(r.session, 8)} `, 'muted'), seg(`${fit(r.label, nameWidth)} `, ROLE[r.kind], r.kind === 'error' || r.kind === 'alert'), r.text);
}

/** The rows of the log that are on screen: the newest when following, else scrolled up by offset. */
export function visibleRows(rows: EventRow[], page: number, follow: boolean, offset: number): EventRow[] {
  const end = rows.length - (follow ? 0 : Math.min(offset, Math.max(0, rows.length - page)));
  return rows.slice(Math.max(0, end - page), end);
}

export function EventsPanel(props: PanelProps & { rows: EventRow[] }) {
  const { ui, rows } = props;
  const inner = innerSize(props.width, props.height);
  const filterLine = ui.filter.editing ? line(seg('/', 'accent', true), ui.filter.draft, seg('▏', 'accent')) : ui.filter.text ? line(seg(`filter: ${ui.filter.text}  (Esc clears)`, 'warn')) : undefined;
  const page = Math.max(1, inner.height - (filterLine ? 1 : 0));
  const shown = visibleRows(rows, page, ui.events.follow, ui.events.offset);
  const lines: Line[] = shown.map((r) => eventLine(r, inner.width, props.view.now));
  if (props.view.state.origin?.noEvents) lines.push(line(seg('Events are not in Prometheus.', 'muted')));
  else if (rows.length === 0) lines.push(line(seg(ui.filter.text ? 'no events match the filter' : 'no events yet', 'muted')));
  if (filterLine) lines.push(filterLine);
  const note = ui.paused ? 'paused' : ui.events.follow ? `${rows.length} · following` : `${rows.length} · scrolled (G follows)`;
  return (
    <Frame title="Events" hotkey="6" focused={props.focused} width={props.width} height={props.height} theme={props.theme} note={note}>
      <Lines lines={lines} width={inner.width} theme={props.theme} />
    </Frame>
  );
}

