// Event log rows as lines a person reads: time, session, a short label in a narrow column, and the
// message in the rest of the line. Alerts and cc-top's own notices are wrapped rather than cut.
// Also the layout of a scrolled log around its marked row, and one event with all its attributes.
import type { EventKind, EventRow } from '../../report/eventLog.js';
import { cellWidth, cutToCells, fit, shortId } from '../../report/cells.js';
import { formatAgo, formatClock } from '../../report/format.js';
import type { LogEntry } from '../../store/state.js';
import type { UiRole } from '../theme.js';
import { line, seg, type Line } from '../components/Lines.js';

const ROLE: Record<EventKind, UiRole | undefined> = { request: 'accent', error: 'error', tool: 'ok', prompt: 'warn', notice: 'muted', alert: 'warn', other: undefined };

/** The label column: `api error`, the longest of the short labels, fits; a longer name pushes its message along rather than being cut. */
export const LABEL_CELLS = 9;
/** Lines an alert or notice may wrap onto. */
const WRAP_LINES = 4;

const pad = (n: number) => String(n).padStart(2, '0');

/** 14:03:07 for today's events; 11-24 14:03 for older ones (cc-top runs for days). */
export function eventTime(t: number, now: number): string {
  const d = new Date(t);
  if (d.toDateString() === new Date(now).toDateString()) return `${formatClock(t)}:${pad(d.getSeconds())}`;
  return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatClock(t)}`;
}

/** Cells of the session column: the short id, or half of it in a narrow panel. */
export const sessionCells = (width: number) => (width >= 64 ? 8 : 4);

/** `text` broken into lines of at most `width` cells, at spaces where it can. */
export function wrapCells(text: string, width: number, maxLines: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest && out.length < maxLines) {
    const cut = cutToCells(rest, width);
    if (cut.whole) {
      out.push(cut.text);
      break;
    }
    const space = cut.text.lastIndexOf(' ');
    const piece = space > width / 3 ? cut.text.slice(0, space) : cut.text;
    out.push(piece);
    rest = rest.slice(piece.length).trimStart();
  }
  return out;
}

export interface EventLineOptions {
  width: number;
  now: number;
  marked?: boolean;
  /** The folded start-up line says which key unfolds it. */
  startupHint?: boolean;
}

/** A row's lines: one, or a few for an alert or notice too long for one. */
export function eventRowLines(r: EventRow, o: EventLineOptions): Line[] {
  const label = cellWidth(r.label) > LABEL_CELLS ? `${r.label} ` : fit(r.label, LABEL_CELLS + 1);
  const head = [
    seg(o.marked ? '›' : ' ', 'accent', true),
    seg(`${eventTime(r.time, o.now)} `, 'muted'),
    // Cut without an ellipsis: the start of an id is what tells sessions apart.
    seg(`${fit(cutToCells(r.session, sessionCells(o.width)).text, sessionCells(o.width))} `, 'muted'),
    seg(label, ROLE[r.kind], r.kind === 'error' || r.kind === 'alert'),
  ];
  const text = r.label === 'start-up' && o.startupHint ? `${r.text} (s shows them)` : r.text;
  const indent = head.reduce((n, s) => n + cellWidth(s.text), 0);
  const room = Math.max(8, o.width - indent);
  const wraps = r.kind === 'alert' || r.kind === 'notice' ? wrapCells(text, room, WRAP_LINES) : [text];
  const role = r.kind === 'alert' ? 'warn' : undefined;
  return wraps.map((t, i) => (i === 0 ? [...head, seg(t, role)] : [seg(' '.repeat(indent)), seg(t, role)]));
}

/**
 * The lines of a log `height` lines tall with row `mark` marked: the mark is the lowest row shown
 * unless the rows above it do not fill the page (then the page starts at the oldest).
 */
export function logLines(rows: readonly EventRow[], mark: number, height: number, o: Omit<EventLineOptions, 'marked'>): Line[] {
  if (rows.length === 0 || height <= 0) return [];
  const at = Math.min(rows.length - 1, Math.max(0, mark));
  const linesOf = (i: number) => eventRowLines(rows[i]!, { ...o, marked: i === at });
  const above: Line[][] = [];
  let used = 0;
  for (let i = at; i >= 0 && used < height; i--) {
    const l = linesOf(i);
    above.unshift(l);
    used += l.length;
  }
  // The top row may have wrapped past the page: its first lines go.
  const top = above.flat().slice(-height);
  const below: Line[] = [];
  for (let i = at + 1; i < rows.length && top.length + below.length < height; i++) below.push(...linesOf(i));
  return [...top, ...below].slice(0, height);
}

const fieldValue = (v: unknown) => String(v);

/** One event with everything it carries: when, which session, its fields and its other attributes. */
export function eventDetailLines(e: LogEntry, width: number, now: number, label: string): Line[] {
  const key = 12;
  const value = Math.max(8, width - key);
  const pair = (k: string, v: string): Line[] => wrapCells(v === '' ? '""' : v, value, 50).map((t, i) => line(seg(fit(i === 0 ? k : '', key), 'muted'), t));
  const lines: Line[] = [
    ...pair('event', `${e.name}${label !== e.name ? ` (${label})` : ''}${e.kind === 'notice' ? ' · from cc-top' : e.kind === 'unknown' ? ' · not a known Claude Code event' : ''}`),
    ...pair('time', `${new Date(e.time).toISOString()} (${formatAgo(e.time, now)})`),
    ...pair('session', e.session || '–'),
  ];
  if (e.sequence !== undefined) lines.push(...pair('sequence', String(e.sequence)));
  if (e.fields.length) lines.push(line(), line(seg('what it says', 'accent', true)));
  for (const [k, v] of e.fields) lines.push(...pair(k, fieldValue(v)));
  if (e.attributes?.length) lines.push(line(), line(seg('other attributes', 'accent', true)));
  for (const [k, v] of e.attributes ?? []) lines.push(...pair(k, fieldValue(v)));
  return lines;
}

/** The short session id of a log entry, as its row shows it. */
export const entrySession = (e: LogEntry) => (e.session ? shortId(e.session) : 'cc-top');
