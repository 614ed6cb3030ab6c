// A believable working day, fed through the real ingest path (OTLP requests -> telemetry -> store)
// so the UI tests see exactly what a user would: two sessions, two models, tools, an API error.
import { Memory } from 'lowdb';
import { createIngest } from '../../src/ingest.js';
import { Store } from '../../src/store/store.js';
import type { StoreState } from '../../src/store/state.js';
import { logsRequest, metricsRequest, type Attributes } from '../builders/otlpRequest.js';
import { ns, SESSION_A, SESSION_B } from '../builders/samples.js';

/** "Now" for every UI test: 2026-11-25 14:30:00 UTC (tests run with TZ=UTC). */
export const NOW = Date.UTC(2026, 10, 25, 14, 30, 0);
const MIN = 60_000;

export async function emptyStore(clock: () => number = () => NOW): Promise<Store> {
  return Store.open({ adapter: Object.assign(new Memory<StoreState>(), { location: 'memory' }), clock });
}

export interface Turn {
  session: string;
  model: string;
  atMs: number;
  usd: number;
  tokens: { input: number; output: number; cacheRead: number; cacheCreation: number };
  tool?: { name: string; success: boolean; durationMs: number };
  lines?: { added: number; removed: number };
  commit?: boolean;
  /** Session attributes Claude Code puts on every point and event (e.g. `vcs.repository.name`). */
  labels?: Attributes;
}

const SONNET = 'claude-sonnet-4-5';
const HAIKU = 'claude-haiku-4-5';

/** The second session works in a repository Claude Code names (OTEL_METRICS_INCLUDE_REPOSITORY); the first's project is not known. */
export const PROJECT_B_NAME = 'cc-top';
const PROJECT_B: Attributes = { 'vcs.repository.name': PROJECT_B_NAME };

export const TURNS: Turn[] = [
  { session: SESSION_A, model: SONNET, atMs: NOW - 40 * MIN, usd: 0.4125, tokens: { input: 1200, output: 5400, cacheRead: 182_000, cacheCreation: 21_000 }, tool: { name: 'Write', success: true, durationMs: 12 }, lines: { added: 42, removed: 0 } },
  { session: SESSION_A, model: HAIKU, atMs: NOW - 39 * MIN, usd: 0.0031, tokens: { input: 2100, output: 90, cacheRead: 0, cacheCreation: 0 } },
  { session: SESSION_A, model: SONNET, atMs: NOW - 25 * MIN, usd: 0.9876, tokens: { input: 800, output: 12_000, cacheRead: 410_000, cacheCreation: 9_000 }, tool: { name: 'Bash', success: false, durationMs: 2300 }, lines: { added: 18, removed: 7 }, commit: true },
  { session: SESSION_B, model: SONNET, atMs: NOW - 12 * MIN, usd: 1.2345, tokens: { input: 3000, output: 15_000, cacheRead: 520_000, cacheCreation: 30_000 }, tool: { name: 'Edit', success: true, durationMs: 40 }, lines: { added: 120, removed: 33 }, labels: PROJECT_B },
  { session: SESSION_B, model: SONNET, atMs: NOW - 2 * MIN, usd: 0.2222, tokens: { input: 500, output: 2_000, cacheRead: 90_000, cacheCreation: 1_000 }, tool: { name: 'Bash', success: true, durationMs: 800 }, labels: PROJECT_B },
];

function point(t: Turn, value: number, attrs: Attributes) {
  return { attrs: { 'session.id': t.session, ...t.labels, ...attrs }, startNs: ns(t.atMs - 10_000), timeNs: ns(t.atMs), value };
}

/** The API error that ends the scenario: an overloaded Sonnet in the second session. */
const API_ERROR = { session: SESSION_B, model: SONNET, error: 'Overloaded' };

/** Feed the turns as Claude Code would: delta metrics per export and events per request. */
export function feedTurns(store: Store, turns: Turn[] = TURNS, { metrics: withMetrics = true, apiError = API_ERROR } = {}): void {
  const ingest = createIngest(store, { keepPrompts: false });
  let sequence = 0;
  for (const t of turns) {
    const tokens = [
      ['input', t.tokens.input],
      ['output', t.tokens.output],
      ['cacheRead', t.tokens.cacheRead],
      ['cacheCreation', t.tokens.cacheCreation],
    ] as const;
    const metrics = [
      { name: 'claude_code.cost.usage', points: [point(t, t.usd, { model: t.model })] },
      { name: 'claude_code.token.usage', points: tokens.map(([type, n]) => point(t, n, { model: t.model, type })) },
    ];
    if (t.lines) metrics.push({ name: 'claude_code.lines_of_code.count', points: [point(t, t.lines.added, { type: 'added' }), point(t, t.lines.removed, { type: 'removed' })] });
    if (t.commit) metrics.push({ name: 'claude_code.commit.count', points: [point(t, 1, {})] });
    if (withMetrics) ingest('metrics', metricsRequest({ metrics }));

    const records: { eventName: string; timeNs: string; attrs: Attributes }[] = [];
    const rec = (eventName: string, offsetMs: number, attrs: Attributes) =>
      records.push({ eventName, timeNs: ns(t.atMs + offsetMs), attrs: { 'session.id': t.session, ...t.labels, 'event.timestamp': new Date(t.atMs + offsetMs).toISOString(), 'event.sequence': sequence++, ...attrs } });
    rec('user_prompt', -3000, { prompt_length: '57', prompt: '<REDACTED>' });
    rec('api_request', -1000, {
      model: t.model,
      cost_usd: t.usd,
      duration_ms: 900 + sequence * 10,
      ttft_ms: 300 + sequence,
      input_tokens: t.tokens.input,
      output_tokens: t.tokens.output,
      cache_read_tokens: t.tokens.cacheRead,
      cache_creation_tokens: t.tokens.cacheCreation,
    });
    if (t.tool) {
      rec('tool_decision', -500, { tool_name: t.tool.name, decision: 'accept', source: 'config' });
      rec('tool_result', 0, { tool_name: t.tool.name, success: String(t.tool.success), duration_ms: t.tool.durationMs });
    }
    ingest('logs', logsRequest({ records }));
  }
  ingest('logs', logsRequest({ records: [{ eventName: 'api_error', timeNs: ns(NOW - MIN), attrs: { 'session.id': apiError.session, model: apiError.model, status_code: 529, error: apiError.error, attempt: 2, duration_ms: 1500 } }] }));
}

export async function scenarioStore(clock: () => number = () => NOW): Promise<Store> {
  const store = await emptyStore(clock);
  feedTurns(store);
  return store;
}
