// The event log as rows a person reads: time, session, type and the fields that tell what
// happened. Shared by the Events panel and a session's own events.
import type { LogEntry, StoreState } from '../store/state.js';
import { shortId } from './cells.js';
import { formatCount, formatMs, formatUsd } from './format.js';

export type EventKind = 'request' | 'error' | 'tool' | 'prompt' | 'notice' | 'alert' | 'other';

export interface EventRow {
  t: number;
  session: string;
  name: string;
  kind: EventKind;
  text: string;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);

function kindOf(e: LogEntry): EventKind {
  if (e.k === 'notice') return e.n === 'alert' ? 'alert' : 'notice';
  if (e.n === 'api_request') return 'request';
  if (e.n === 'api_error' || e.n === 'api_retries_exhausted' || e.n === 'internal_error') return 'error';
  if (e.n === 'tool_result' || e.n === 'tool_decision') return 'tool';
  if (e.n === 'user_prompt') return 'prompt';
  return 'other';
}

function describe(e: LogEntry): string {
  const f = e.f;
  switch (e.n) {
    case 'api_request': {
      const cost = num(f['cost_usd']);
      const tokens = [['in', 'input_tokens'], ['out', 'output_tokens'], ['cache read', 'cache_read_tokens'], ['cache write', 'cache_creation_tokens']]
        .map(([label, key]) => `${label} ${formatCount(num(f[key!]) ?? 0)}`)
        .join(' ');
      // Cost first: in a narrow pane the end of the line is cut off.
      return `${cost === undefined ? '–' : formatUsd(cost)} ${f['model'] ?? ''} ${tokens} ${formatMs(num(f['duration_ms']) ?? null)}`.trim();
    }
    case 'api_error':
      return `${f['status_code'] ?? 'no status'} ${f['error'] ?? ''}${f['attempt'] !== undefined ? ` (attempt ${f['attempt']})` : ''} ${f['model'] ?? ''}`.replace(/\s+/g, ' ').trim();
    case 'tool_result': {
      const ok = f['success'] === false || f['success'] === 'false' ? '✗ failed' : '✓';
      return `${f['tool_name'] ?? ''} ${ok} ${formatMs(num(f['duration_ms']) ?? null)}${f['error_type'] ? ` ${f['error_type']}` : ''}`.trim();
    }
    case 'tool_decision':
      return `${f['tool_name'] ?? ''} ${f['decision'] ?? ''}${f['source'] ? ` (${f['source']})` : ''}`;
    case 'alert':
      return `${f['level'] === 'error' ? '✗' : '!'} ${f['title'] ?? ''}: ${f['message'] ?? ''}`;
    case 'user_prompt':
      return `${num(f['prompt_length']) ?? '?'} chars${typeof f['prompt'] === 'string' ? `: ${f['prompt']}` : ''}`;
    default:
      return Object.entries(f)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ');
  }
}

/** Log rows, oldest first, optionally for one session and filtered by text (case-insensitive). */
export function eventRows(state: StoreState, options: { filter?: string; session?: string; sessions?: ReadonlySet<string> } = {}): EventRow[] {
  const needle = options.filter?.toLowerCase() ?? '';
  const rows: EventRow[] = [];
  for (const e of state.events) {
    if (options.session && e.s !== options.session) continue;
    // A session filter (KEY=VALUE) keeps those sessions' events and cc-top's own notices.
    if (options.sessions && e.s && !options.sessions.has(e.s)) continue;
    const row: EventRow = { t: e.t, session: e.s ? shortId(e.s) : 'cc-top', name: e.n, kind: kindOf(e), text: describe(e) };
    if (needle && !`${row.name} ${e.s} ${row.text}`.toLowerCase().includes(needle)) continue;
    rows.push(row);
  }
  // The ring is in arrival order; show event time order (ties by sequence, which the ring keeps).
  return rows.sort((a, b) => a.t - b.t);
}
