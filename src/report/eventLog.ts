// The event log as rows a person reads: time, session, a short type and the message that tells
// what happened. Claude Code's start-up noise (plugins loaded, hooks registered, managed settings)
// is folded into one line per session unless asked for. Shared by the Events panel and a
// session's own events.
import type { LogEntry, StoreState } from '../store/state.js';
import type { AttrValue, Field } from '../telemetry/model.js';
import { shortId } from './cells.js';
import { formatCount, formatMs, formatUsd } from './format.js';

export type EventKind = 'request' | 'error' | 'tool' | 'prompt' | 'notice' | 'alert' | 'other';

export interface EventRow {
  time: number;
  /** Short session id, or `cc-top` for its own notices. */
  session: string;
  /** The full session id ('' for notices). */
  sessionId: string;
  /** The event's own name (`tool_decision`). */
  name: string;
  /** What the line calls it (`decision`). */
  label: string;
  kind: EventKind;
  text: string;
  /** The entry the row shows (for the detail view). */
  entry: LogEntry;
}

/** Start-up events Claude Code sends once per process: folded into one line per session. */
export const STARTUP_EVENTS: ReadonlySet<string> = new Set([
  'plugin_loaded',
  'plugin_installed',
  'hook_registered',
  'managed_settings_resolved',
  'mcp_server_connection',
  'retention_sweep',
  'skill_activated',
]);

const LABELS: ReadonlyMap<string, string> = new Map([
  ['user_prompt', 'prompt'],
  ['api_request', 'api'],
  ['api_error', 'api error'],
  ['api_retries_exhausted', 'retries'],
  ['api_refusal', 'refusal'],
  ['tool_decision', 'decision'],
  ['tool_result', 'tool'],
  ['assistant_response', 'response'],
  ['alert', 'alert'],
  ['permission_mode_changed', 'mode'],
  ['internal_error', 'error'],
  ['hook_execution_start', 'hook'],
  ['hook_execution_complete', 'hook'],
  ['subagent_completed', 'subagent'],
  ['compaction', 'compact'],
  ['startup', 'start-up'],
]);

/** The short name an event goes by on its line. */
export function eventLabel(name: string): string {
  return LABELS.get(name) ?? name.replace(/_/g, ' ');
}

const num = (v: AttrValue | undefined): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);

function fieldsOf(e: LogEntry): Map<string, AttrValue> {
  return new Map(e.fields);
}

function kindOf(e: LogEntry): EventKind {
  if (e.kind === 'notice') return e.name === 'alert' ? 'alert' : 'notice';
  if (e.name === 'api_request') return 'request';
  if (e.name === 'api_error' || e.name === 'api_retries_exhausted' || e.name === 'internal_error') return 'error';
  if (e.name === 'tool_result' || e.name === 'tool_decision') return 'tool';
  if (e.name === 'user_prompt') return 'prompt';
  return 'other';
}

const pairs = (fields: readonly Field[]) => fields.map(([k, v]) => `${k}=${String(v)}`).join(' ');

function describe(e: LogEntry): string {
  const f = fieldsOf(e);
  const s = (k: string) => (f.get(k) === undefined ? '' : String(f.get(k)));
  switch (e.name) {
    case 'api_request': {
      const cost = num(f.get('cost_usd'));
      const tokens = [
        ['in', 'input_tokens'],
        ['out', 'output_tokens'],
        ['cache read', 'cache_read_tokens'],
        ['cache write', 'cache_creation_tokens'],
      ]
        .map(([label, key]) => `${label} ${formatCount(num(f.get(key!)) ?? 0)}`)
        .join(' · ');
      // Cost first: in a narrow pane the end of the line is cut off.
      return `${cost === undefined ? '–' : formatUsd(cost)} ${s('model')} · ${tokens} · ${formatMs(num(f.get('duration_ms')) ?? null)}`.trim();
    }
    case 'api_error':
      return `${s('status_code') || 'no status'} ${s('error')}${f.has('attempt') ? ` (attempt ${s('attempt')})` : ''} ${s('model')}`.replace(/\s+/g, ' ').trim();
    case 'tool_result': {
      const failed = f.get('success') === false || f.get('success') === 'false';
      return `${s('tool_name')} ${failed ? '✗ failed' : '✓'} ${formatMs(num(f.get('duration_ms')) ?? null)}${f.has('error_type') ? ` ${s('error_type')}` : ''}`.trim();
    }
    case 'tool_decision':
      return `${s('tool_name')} ${s('decision')}${f.has('source') ? ` (${s('source')})` : ''}`;
    case 'alert':
      return `${s('level') === 'error' ? '✗' : '!'} ${s('title')}: ${s('message')}`;
    case 'user_prompt':
      return `${num(f.get('prompt_length')) ?? '?'} chars${f.has('command_name') ? ` ${s('command_name')}` : ''}${f.has('prompt') ? `: ${s('prompt')}` : ''}`;
    case 'assistant_response':
      return `${num(f.get('response_length')) ?? '?'} chars ${s('model')}${f.has('response') ? `: ${s('response')}` : ''}`.trim();
    default:
      return f.has('message') ? s('message') : pairs(e.fields);
  }
}

export interface EventRowOptions {
  /** Text to look for (case-insensitive) in the name, session and message. */
  filter?: string;
  /** Only this session's events. */
  session?: string;
  /** Only these sessions' events (and cc-top's own notices). */
  sessions?: ReadonlySet<string>;
  /** Show start-up events one by one instead of one folded line per session. */
  showStartup?: boolean;
}

function row(e: LogEntry, label: string, text: string): EventRow {
  return { time: e.time, session: e.session ? shortId(e.session) : 'cc-top', sessionId: e.session, name: e.name, label, kind: kindOf(e), text, entry: e };
}

/** Log rows, oldest first. */
export function eventRows(state: StoreState, options: EventRowOptions = {}): EventRow[] {
  const needle = options.filter?.toLowerCase() ?? '';
  const rows: EventRow[] = [];
  const folded = new Map<string, { row: EventRow; names: string[] }>();
  for (const e of state.events) {
    if (options.session && e.session !== options.session) continue;
    // A session filter (KEY=VALUE) keeps those sessions' events and cc-top's own notices.
    if (options.sessions && e.session && !options.sessions.has(e.session)) continue;
    if (!options.showStartup && e.kind !== 'notice' && STARTUP_EVENTS.has(e.name)) {
      const key = e.session;
      const f = folded.get(key);
      if (f) {
        f.names.push(e.name);
        continue;
      }
      const r = row(e, eventLabel('startup'), '');
      folded.set(key, { row: r, names: [e.name] });
      rows.push(r);
      continue;
    }
    const r = row(e, eventLabel(e.name), describe(e));
    if (needle && !`${r.name} ${r.label} ${e.session} ${r.text}`.toLowerCase().includes(needle)) continue;
    rows.push(r);
  }
  for (const { row: r, names } of folded.values()) {
    const counts = new Map<string, number>();
    for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
    r.text = [...counts].map(([n, c]) => `${c} ${eventLabel(n)}`).join(' · ');
  }
  const shown = needle ? rows.filter((r) => r.label !== 'start-up' || `${r.text} start-up`.includes(needle)) : rows;
  // The ring is in arrival order; show event time order (ties by sequence, which the ring keeps).
  return shown.sort((a, b) => a.time - b.time);
}
