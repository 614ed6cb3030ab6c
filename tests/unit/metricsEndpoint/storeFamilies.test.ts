// What /metrics serves for a store: Claude Code's metric names and labels, one series per session,
// model, query source and type; exact values; sessions past the cap under session_id="(other)";
// figures without a session id without the label; labels summed away on request.
import { describe, expect, it } from 'vitest';
import { claudeCodeFamilies } from '../../../src/metricsEndpoint/storeFamilies.js';
import { FamilyRegistry } from '../../../src/metricsEndpoint/registry.js';
import { applyMetricBatch } from '../../../src/store/aggregate.js';
import { emptyState, SESSIONS_CAP, type StoreState } from '../../../src/store/state.js';
import { interpretMetrics } from '../../../src/telemetry/metrics.js';
import { CLAUDE_RESOURCE, metricsRequest, type Attributes } from '../../builders/otlpRequest.js';
import { costSample, ns, T0 } from '../../builders/samples.js';
import { seriesMap, seriesOf } from '../../builders/exposition.js';

const SONNET = 'claude-sonnet-4-5';
const HAIKU = 'claude-haiku-4-5';
const A = '3286bc07-aa7e-449d-b483-297b2fdaa160';

let tick = 0;
/** One Claude Code export (delta points, each at a new time) through the real interpretation. */
function send(state: StoreState, resource: Attributes, metrics: { name: string; attrs: Attributes; value: number }[]): void {
  const timeNs = ns(T0 + ++tick * 1000);
  const request = metricsRequest({ resource: { ...CLAUDE_RESOURCE, ...resource }, metrics: metrics.map((m) => ({ name: m.name, points: [{ attrs: m.attrs, timeNs, value: m.value }] })) });
  applyMetricBatch(state, interpretMetrics(request).samples, T0 + tick * 1000);
}

const ID = (session: string | undefined) => ({ ...(session !== undefined ? { 'session.id': session } : {}), 'user.id': 'u-1', 'terminal.type': 'xterm' });

function response(state: StoreState, session: string | undefined, model: string, source: string, usd: number, tokens: [number, number, number, number], resource: Attributes = {}): void {
  const attrs = { ...ID(session), model, query_source: source };
  const [input, output, cacheRead, cacheCreation] = tokens;
  send(state, resource, [
    { name: 'claude_code.cost.usage', attrs, value: usd },
    { name: 'claude_code.token.usage', attrs: { ...attrs, type: 'input' }, value: input },
    { name: 'claude_code.token.usage', attrs: { ...attrs, type: 'output' }, value: output },
    { name: 'claude_code.token.usage', attrs: { ...attrs, type: 'cacheRead' }, value: cacheRead },
    { name: 'claude_code.token.usage', attrs: { ...attrs, type: 'cacheCreation' }, value: cacheCreation },
  ]);
}

async function exposition(state: StoreState, dropLabels: string[] = []): Promise<string> {
  return (await new FamilyRegistry().render(claudeCodeFamilies(state, { dropLabels }), 'prometheus')).text;
}

const key = (name: string, labels: Record<string, string>) =>
  `${name}{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',')}}`;

describe('Claude Code families from the store', () => {
  it('one series per session, model, query source and type, with each session label (dots as underscores)', async () => {
    const state = emptyState(T0);
    const team = { 'team.id': 'platform', 'user.email': 'a@example.com' };
    response(state, A, SONNET, 'main', 0.1, [100, 20, 0, 0], team);
    response(state, A, SONNET, 'main', 0.2, [50, 5, 1000, 0], team);
    response(state, A, HAIKU, 'auxiliary', 0.000123, [10, 1, 0, 0], team);
    // A session id that is also an Object.prototype member, and resource keys that try to be other labels.
    response(state, 'constructor', SONNET, 'subagent', 0.5, [7, 0, 0, 3], { 'team.id': 'web', model: 'not-a-model', 'session.id': 'x', __proto__x: 'p' } as Attributes);
    send(state, team, [
      { name: 'claude_code.lines_of_code.count', attrs: { ...ID(A), type: 'added', model: SONNET }, value: 5 },
      { name: 'claude_code.lines_of_code.count', attrs: { ...ID(A), type: 'removed', model: SONNET }, value: 1 },
      { name: 'claude_code.commit.count', attrs: ID(A), value: 1 },
      { name: 'claude_code.pull_request.count', attrs: ID(A), value: 1 },
      { name: 'claude_code.session.count', attrs: { ...ID(A), start_type: 'fresh' }, value: 1 },
      { name: 'claude_code.code_edit_tool.decision', attrs: { ...ID(A), decision: 'accept', tool_name: 'Write', source: 'config', language: 'Markdown' }, value: 2 },
      { name: 'claude_code.code_edit_tool.decision', attrs: { ...ID(A), decision: 'reject', tool_name: 'Edit', source: 'config', language: 'Markdown' }, value: 1 },
      { name: 'claude_code.active_time.total', attrs: { ...ID(A), type: 'cli' }, value: 1.234567 },
    ]);

    const text = await exposition(state);
    const series = seriesMap(text);
    const a = { session_id: A, user_id: 'u-1', terminal_type: 'xterm', team_id: 'platform', user_email: 'a@example.com' };
    const c = { session_id: 'constructor', user_id: 'u-1', terminal_type: 'xterm', team_id: 'web', _proto_x: 'p' };
    const expected = new Map<string, number>([
      [key('claude_code_cost_usage_total', { ...a, model: SONNET, query_source: 'main' }), 0.3],
      [key('claude_code_cost_usage_total', { ...a, model: HAIKU, query_source: 'auxiliary' }), 0.000123],
      [key('claude_code_cost_usage_total', { ...c, model: SONNET, query_source: 'subagent' }), 0.5],
      [key('claude_code_token_usage_total', { ...a, model: SONNET, query_source: 'main', type: 'input' }), 150],
      [key('claude_code_token_usage_total', { ...a, model: SONNET, query_source: 'main', type: 'output' }), 25],
      [key('claude_code_token_usage_total', { ...a, model: SONNET, query_source: 'main', type: 'cacheRead' }), 1000],
      // Zero token types are there, as Claude Code sends all four with every response.
      [key('claude_code_token_usage_total', { ...a, model: SONNET, query_source: 'main', type: 'cacheCreation' }), 0],
      [key('claude_code_token_usage_total', { ...a, model: HAIKU, query_source: 'auxiliary', type: 'input' }), 10],
      [key('claude_code_token_usage_total', { ...a, model: HAIKU, query_source: 'auxiliary', type: 'output' }), 1],
      [key('claude_code_token_usage_total', { ...a, model: HAIKU, query_source: 'auxiliary', type: 'cacheRead' }), 0],
      [key('claude_code_token_usage_total', { ...a, model: HAIKU, query_source: 'auxiliary', type: 'cacheCreation' }), 0],
      [key('claude_code_token_usage_total', { ...c, model: SONNET, query_source: 'subagent', type: 'input' }), 7],
      [key('claude_code_token_usage_total', { ...c, model: SONNET, query_source: 'subagent', type: 'output' }), 0],
      [key('claude_code_token_usage_total', { ...c, model: SONNET, query_source: 'subagent', type: 'cacheRead' }), 0],
      [key('claude_code_token_usage_total', { ...c, model: SONNET, query_source: 'subagent', type: 'cacheCreation' }), 3],
      [key('claude_code_lines_of_code_count_total', { ...a, model: SONNET, type: 'added' }), 5],
      [key('claude_code_lines_of_code_count_total', { ...a, model: SONNET, type: 'removed' }), 1],
      [key('claude_code_commit_count_total', a), 1],
      [key('claude_code_pull_request_count_total', a), 1],
      [key('claude_code_session_count_total', a), 1],
      [key('claude_code_code_edit_tool_decision_total', { ...a, decision: 'accept' }), 2],
      [key('claude_code_code_edit_tool_decision_total', { ...a, decision: 'reject' }), 1],
      [key('claude_code_active_time_total', { ...a, type: 'cli' }), 1.234567],
    ]);
    expect(new Map([...series].sort())).toEqual(new Map([...expected].sort()));
    // The help texts and types are Claude Code's.
    expect(text).toContain('# HELP claude_code_cost_usage_total Cost of the Claude Code session\n# TYPE claude_code_cost_usage_total counter');
    expect(text).toContain('# HELP claude_code_token_usage_total Number of tokens used\n');
  });

  it('prints the exact decimal of the integer nano-dollars: 0.1 + 0.2 is 0.3, not 0.30000000000000004', async () => {
    const state = emptyState(T0);
    for (const usd of [0.1, 0.2, 0.019575000000000002, 0.0076500000000000005]) response(state, A, SONNET, 'main', usd, [1, 1, 1, 1]);
    const [cost] = seriesOf(await exposition(state), 'claude_code_cost_usage_total');
    expect(cost!.text).toBe('0.327225');
  });

  it('folds sessions past the store cap under session_id="(other)", keeping every figure', async () => {
    const state = emptyState(T0);
    for (let i = 0; i < SESSIONS_CAP + 2; i++) applyMetricBatch(state, [costSample(0.001, { sessionId: `s-${i}`, timeMs: T0 + i })], T0 + i);
    const cost = seriesOf(await exposition(state), 'claude_code_cost_usage_total');
    expect(cost).toHaveLength(SESSIONS_CAP + 1);
    expect(cost.find((s) => s.labels['session_id'] === '(other)')).toMatchObject({ text: '0.002', labels: { session_id: '(other)', model: SONNET } });
    expect(cost.find((s) => s.labels['session_id'] === 's-0')).toBeUndefined();
    expect(cost.reduce((sum, s) => sum + Math.round(s.value * 1e9), 0)).toBe((SESSIONS_CAP + 2) * 1_000_000);
  });

  it('serves figures sent without a session id (OTEL_METRICS_INCLUDE_SESSION_ID=false) without the label', async () => {
    const state = emptyState(T0);
    response(state, undefined, SONNET, 'main', 0.25, [10, 2, 0, 0]);
    response(state, A, SONNET, 'main', 0.5, [1, 1, 0, 0]);
    const cost = seriesOf(await exposition(state), 'claude_code_cost_usage_total');
    expect(cost.map((s) => [s.labels, s.text])).toEqual(
      expect.arrayContaining([
        [{ user_id: 'u-1', session_id: A, terminal_type: 'xterm', model: SONNET, query_source: 'main' }, '0.5'],
        [{ model: SONNET, query_source: 'main' }, '0.25'],
      ]),
    );
  });

  it('sums dropped labels away exactly, one series per remaining label set', async () => {
    const state = emptyState(T0);
    // Two sessions of one user and team, their labels arriving in different orders.
    response(state, A, SONNET, 'main', 0.1, [1, 0, 0, 0], { 'team.id': 'platform', 'cost.center': 'cc1', 'user.email': 'a@example.com' });
    response(state, 'b', SONNET, 'main', 0.2, [2, 0, 0, 0], { 'user.email': 'b@example.com', 'cost.center': 'cc1', 'team.id': 'platform' });
    response(state, 'c', HAIKU, 'main', 0.4, [4, 0, 0, 0], { 'team.id': 'web', 'cost.center': 'cc1' });
    applyMetricBatch(state, [costSample(0.8, { sessionId: undefined, model: SONNET })], T0);
    const text = await exposition(state, ['session_id', 'user_email', 'user_id', 'terminal_type']);
    const series = seriesMap(text);
    expect(series.get(key('claude_code_cost_usage_total', { team_id: 'platform', cost_center: 'cc1', model: SONNET, query_source: 'main' }))).toBe(0.3);
    expect(series.get(key('claude_code_cost_usage_total', { team_id: 'web', cost_center: 'cc1', model: HAIKU, query_source: 'main' }))).toBe(0.4);
    expect(series.get(key('claude_code_cost_usage_total', { model: SONNET }))).toBe(0.8);
    expect(seriesOf(text, 'claude_code_cost_usage_total')).toHaveLength(3);
    expect(series.get(key('claude_code_token_usage_total', { team_id: 'platform', cost_center: 'cc1', model: SONNET, query_source: 'main', type: 'input' }))).toBe(3);
    // Dropping a label no series has changes nothing.
    expect(seriesMap(await exposition(state, ['nothing_here']))).toEqual(seriesMap(await exposition(state)));
  });

  it('serves nothing of a family no figure has reached', async () => {
    const families = claudeCodeFamilies(emptyState(T0));
    expect(families).toEqual([]);
  });
});
