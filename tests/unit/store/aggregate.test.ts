import { describe, expect, it } from 'vitest';
import { applyEvent, applyMetricBatch, applyMetricSample, noteUnknownMetrics } from '../../../src/store/aggregate.js';
import { pruneRollups } from '../../../src/store/rollups.js';
import { CELLS_CAP, EVENT_LOG_CAP, HOUR_BUCKETS_CAP, MINUTE_BUCKETS_CAP, MODELS_CAP, OVERFLOW_KEY, SESSIONS_CAP, TOOLS_CAP, emptyState } from '../../../src/store/state.js';
import type { MetricSample } from '../../../src/telemetry/model.js';
import { apiRequest, bucketSum, costSample, event, metricSample, SESSION_A, SESSION_B, T0, tierSums } from '../../builders/samples.js';

describe('applying metric samples', () => {
  it('keeps totals, per-model totals, per-session figures and rollups in step, exactly', () => {
    const state = emptyState(T0);
    // 0.1 + 0.2 is not 0.3 in floating point; in nano-USD it is.
    applyMetricSample(state, costSample(0.1), T0);
    applyMetricSample(state, costSample(0.2, { timeMs: T0 + 61_000, timeNs: `${T0 + 61_000}000000` }), T0 + 61_000);
    applyMetricSample(state, costSample(0.05, { timeMs: T0 + 61_000, model: 'claude-haiku-4-5', sessionId: SESSION_B }), T0 + 61_000);
    expect(state.totals.counters.costNanos).toBe(350_000_000);
    expect(state.totals.byModel.get('claude-sonnet-4-5')!.costNanos).toBe(300_000_000);
    expect(state.totals.byModel.get('claude-haiku-4-5')!.costNanos).toBe(50_000_000);
    expect(state.sessions.get(SESSION_A)!.counters.costNanos).toBe(300_000_000);
    expect([...state.sessions.get(SESSION_B)!.usage.values()]).toEqual([{ model: 'claude-haiku-4-5', counters: { costNanos: 50_000_000 } }]);
    expect(state.sessionsSeen).toBe(2);
    expect(tierSums(state, 'minutes').map(([t, c]) => [t, c.costNanos])).toEqual([
      [T0, 100_000_000],
      [T0 + 60_000, 250_000_000],
    ]);
    expect(state.hours).toHaveLength(1);
    expect(bucketSum(state.hours[0]!).costNanos).toBe(350_000_000);
    // Every bucket keeps the split by session and model.
    expect(bucketSum(state.days[0]!, (c) => c.session === SESSION_B && c.model === 'claude-haiku-4-5').costNanos).toBe(50_000_000);
  });

  it('a batch lands exactly as its points one by one, across minutes, sessions, models and labels', () => {
    const point = (counter: MetricSample['counter'], units: number, at: number, sessionId: string, model: string | undefined, labels: Record<string, string> = {}) =>
      metricSample({ counter, units, timeMs: at, timeNs: `${at}000000`, startNs: `${at - 1000}000000`, sessionId, model, labels, attrs: { 'session.id': sessionId, type: counter, ...(model ? { model } : {}) } });
    const m1 = T0 + 60_000;
    const samples = [
      point('tokIn', 10, T0 + 1_000, SESSION_A, 'claude-sonnet-4-5', { 'user.id': 'u1' }),
      point('tokIn', 20, m1 + 1_000, SESSION_A, 'claude-sonnet-4-5'),
      point('tokOut', 5, T0 + 2_000, SESSION_A, 'claude-sonnet-4-5', { 'terminal.type': 'tmux' }),
      point('commits', 1, m1 + 2_000, SESSION_A, undefined),
      point('tokIn', 7, T0 + 3_000, SESSION_B, 'claude-haiku-4-5', { 'user.id': 'u2' }),
      point('tokIn', 3, m1 + 3_000, SESSION_A, 'claude-sonnet-4-5'),
      point('commits', 2, T0 + 4_000, SESSION_A, undefined),
    ];
    const now = m1 + 10_000;
    const batched = emptyState(T0);
    expect(applyMetricBatch(batched, samples, now)).toEqual({ counted: 7, duplicates: 0, stale: 0, newStreams: 4 });
    const oneByOne = emptyState(T0);
    for (const s of samples) applyMetricSample(oneByOne, s, now);
    const figures = (st: typeof batched) => ({ totals: st.totals, sessions: st.sessions, minutes: st.minutes, hours: st.hours, days: st.days });
    expect(figures(batched)).toEqual(figures(oneByOne));
    expect(tierSums(batched, 'minutes')).toEqual([
      [T0, { tokIn: 17, tokOut: 5, commits: 2 }],
      [m1, { tokIn: 23, commits: 1 }],
    ]);
    expect(Object.fromEntries(batched.sessions.get(SESSION_A)!.labels)).toEqual({ 'user.id': 'u1', 'terminal.type': 'tmux' });
    // and the same batch again is all duplicates, changing nothing
    expect(applyMetricBatch(batched, samples, now)).toEqual({ counted: 0, duplicates: 7, stale: 0, newStreams: 0 });
    expect(figures(batched)).toEqual(figures(oneByOne));
  });

  it('counts a retried delta export once and reports it as a duplicate', () => {
    const state = emptyState(T0);
    const s = metricSample({ counter: 'tokOut', units: 80 });
    expect(applyMetricSample(state, s, T0)).toBe('counted');
    expect(applyMetricSample(state, { ...s }, T0)).toBe('duplicate');
    expect(state.totals.counters.tokOut).toBe(80);
    expect(state.duplicates.points).toBe(1);
  });

  it('clamps future timestamps to now, so no bucket lies ahead of the clock', () => {
    const state = emptyState(T0);
    applyMetricSample(state, metricSample({ counter: 'commits', units: 1, timeMs: T0 + 86_400_000 }), T0);
    expect(state.minutes[0]!.start).toBe(T0);
  });

  it('adds old data to the totals but not to rollups that no longer retain it', () => {
    const state = emptyState(T0);
    const old = T0 - 3 * 86_400_000;
    applyMetricSample(state, metricSample({ counter: 'commits', units: 2, timeMs: old }), T0);
    expect(state.totals.counters.commits).toBe(2);
    expect(state.minutes).toHaveLength(0);
    expect(state.hours).toHaveLength(1);
    expect(state.days).toHaveLength(1);
  });

  it('prunes rollups past retention', () => {
    const state = emptyState(T0);
    applyMetricSample(state, metricSample({ counter: 'commits', units: 1 }), T0);
    pruneRollups(state, T0 + (MINUTE_BUCKETS_CAP + 1) * 60_000);
    expect(state.minutes).toHaveLength(0);
    expect(state.hours).toHaveLength(1);
    pruneRollups(state, T0 + (HOUR_BUCKETS_CAP + 1) * 3_600_000);
    expect(state.hours).toHaveLength(0);
    expect(state.days).toHaveLength(1);
  });

  it('notes unknown metrics once in the log and counts every point', () => {
    const state = emptyState(T0);
    noteUnknownMetrics(state, [{ name: 'x.y', points: 2 }], T0);
    noteUnknownMetrics(state, [{ name: 'x.y', points: 3 }], T0);
    expect(state.unknown.metrics.get('x.y')).toBe(5);
    expect(state.events.filter((e) => e.name === 'unknown_metric')).toHaveLength(1);
  });

  it('notes an unknown metric named like an Object member (constructor) in the log like any other', () => {
    const state = emptyState(T0);
    noteUnknownMetrics(state, [{ name: 'constructor', points: 1 }], T0);
    expect(state.unknown.metrics.get('constructor')).toBe(1);
    expect(state.events.find((e) => e.name === 'unknown_metric')?.fields).toEqual([
      ['name', 'constructor'],
      ['points', 1],
    ]);
  });

  it('points without a session id count in the totals and belong to no session', () => {
    const state = emptyState(T0);
    applyMetricSample(state, costSample(0.5, { sessionId: undefined }), T0);
    expect(state.totals.counters.costNanos).toBe(500_000_000);
    expect(state.sessions.size).toBe(0);
    expect(state.sessionsSeen).toBe(0);
    expect(bucketSum(state.minutes[0]!, (c) => c.session === '').costNanos).toBe(500_000_000);
  });
});

describe('applying events', () => {
  it('counts requests, errors, prompts and tool calls, and keeps the provisional cost apart from the metric cost', () => {
    const state = emptyState(T0);
    applyEvent(state, apiRequest('claude-sonnet-4-5', 0.016875, { input: 1200, output: 80 }), T0);
    applyEvent(state, event({ type: 'api_error', model: 'claude-sonnet-4-5', statusCode: 529 }), T0);
    applyEvent(state, event({ type: 'user_prompt', promptLength: 11 }), T0);
    applyEvent(state, event({ type: 'tool_result', toolName: 'Bash', success: false, durationMs: 31 }), T0);
    applyEvent(state, event({ type: 'tool_result', toolName: 'Bash', success: true, durationMs: 5 }), T0);
    applyEvent(state, event({ type: 'tool_decision', toolName: 'Bash', decision: 'reject' }), T0);
    expect(state.totals.counters).toMatchObject({ apiRequests: 1, apiErrors: 1, prompts: 1, toolCalls: 2, toolFailures: 1, toolRejects: 1, evCostNanos: 16_875_000, evTokIn: 1200 });
    expect(state.totals.counters.costNanos).toBeUndefined();
    expect(state.totals.byModel.get('claude-sonnet-4-5')).toMatchObject({ apiRequests: 1, apiErrors: 1 });
    const hour = state.hours[0]!;
    expect(bucketSum(hour, (c) => c.tool === 'Bash')).toEqual({ toolCalls: 2, toolFailures: 1, toolRejects: 1 });
    const cells = [...hour.cells.values()];
    expect(cells.find((c) => c.tool === 'Bash')!.durations).toEqual([31, 5]);
    expect(cells.find((c) => c.model === 'claude-sonnet-4-5' && c.counters.apiRequests)).toMatchObject({ durations: [100], ttfts: [20] });
    expect(Object.fromEntries(state.errorsByStatus)).toEqual({ '529': 1 });
    expect(state.events.map((e) => e.name)).toEqual(['api_request', 'api_error', 'user_prompt', 'tool_result', 'tool_result', 'tool_decision']);
  });

  it('drops a record re-sent by an exporter retry', () => {
    const state = emptyState(T0);
    const e = apiRequest('m', 0.01, {}, { sequence: 42 });
    expect(applyEvent(state, e, T0)).toBe('counted');
    expect(applyEvent(state, { ...e }, T0)).toBe('duplicate');
    expect(state.totals.counters.apiRequests).toBe(1);
    expect(state.events).toHaveLength(1);
  });

  it('caps the event log, the session table and the tool names', () => {
    const state = emptyState(T0);
    for (let i = 0; i < EVENT_LOG_CAP + 5; i++) applyEvent(state, event({ type: 'other' }, { sequence: 10_000 + i }), T0);
    expect(state.events).toHaveLength(EVENT_LOG_CAP);
    expect(state.events[0]!.sequence).toBe(10_005);

    for (let i = 0; i <= SESSIONS_CAP; i++) applyEvent(state, apiRequest('m', 0.01, {}, { sessionId: `s${i}`, timeMs: T0 + i, sequence: i }), T0 + i);
    expect(state.sessions.size).toBe(SESSIONS_CAP);
    // The least recently seen (SESSION_A) went first; its figures stay, folded.
    expect(state.sessions.has(SESSION_A)).toBe(false);
    expect(state.sessionsSeen).toBe(SESSIONS_CAP + 2);
    expect(state.evicted.sessions).toBe(2);
    expect(state.totals.counters.apiRequests).toBe(SESSIONS_CAP + 1);

    for (let i = 0; i < TOOLS_CAP + 3; i++) applyEvent(state, event({ type: 'tool_result', toolName: `t${i}`, success: true }, { sequence: 50_000 + i }), T0);
    const tools = new Set([...state.days[0]!.cells.values()].map((c) => c.tool).filter(Boolean));
    expect(tools.size).toBe(TOOLS_CAP + 1);
    expect(bucketSum(state.days[0]!, (c) => c.tool === OVERFLOW_KEY).toolCalls).toBe(3);
  });

  it('a session seen again moves to the end: the least recently seen is evicted, not the oldest created', () => {
    const state = emptyState(T0);
    applyEvent(state, apiRequest('m', 0.01, {}, { sessionId: 'first', timeMs: T0 }), T0);
    applyEvent(state, apiRequest('m', 0.01, {}, { sessionId: 'second', timeMs: T0 + 1 }), T0 + 1);
    applyEvent(state, apiRequest('m', 0.01, {}, { sessionId: 'first', timeMs: T0 + 2 }), T0 + 2);
    expect([...state.sessions.keys()]).toEqual(['second', 'first']);
  });

  it('marks unknown events in the log and counts them by name', () => {
    const state = emptyState(T0);
    applyEvent(state, event({ type: 'other' }, { name: 'brand_new_event', known: false }), T0);
    expect(state.events[0]).toMatchObject({ name: 'brand_new_event', kind: 'unknown' });
    expect(Object.fromEntries(state.unknown.events)).toEqual({ brand_new_event: 1 });
  });

  it('merges session labels as they appear', () => {
    const state = emptyState(T0);
    applyEvent(state, event({ type: 'other' }, { labels: { 'user.id': 'u1' } }), T0);
    applyMetricSample(state, metricSample({ counter: 'commits', units: 1, labels: { 'user.id': 'u1', 'vcs.repository.name': 'cc-top' } }), T0);
    expect(Object.fromEntries(state.sessions.get(SESSION_A)!.labels)).toEqual({ 'user.id': 'u1', 'vcs.repository.name': 'cc-top' });
  });
});

describe('grouping dimensions', () => {
  it('keeps cost by query source (bucketed like the metrics) in totals and cells, and counts events by name', () => {
    const state = emptyState(T0);
    applyMetricSample(state, costSample(0.3, { querySource: 'subagent' }), T0);
    applyEvent(state, event({ type: 'api_request', model: 'm', costNanos: 5, tokens: { input: 1, output: 0, cacheRead: 0, cacheCreation: 0 }, querySource: 'main' }), T0);
    applyEvent(state, event({ type: 'other' }, { name: 'api_retries_exhausted' }), T0);
    expect(Object.fromEntries(state.totals.bySource)).toEqual({ subagent: { costNanos: 300_000_000 }, main: { apiRequests: 1, evCostNanos: 5, evTokIn: 1 } });
    expect(bucketSum(state.minutes[0]!, (c) => c.source === 'subagent').costNanos).toBe(300_000_000);
    expect(Object.fromEntries(state.eventCounts)).toEqual({ api_request: 1, api_retries_exhausted: 1 });
  });
});

describe('cardinality caps', () => {
  it('notes the first overflow of each cap once, and puts the overflow under (other)', () => {
    const state = emptyState(T0);
    for (let i = 0; i < MODELS_CAP + 5; i++) applyMetricSample(state, costSample(0.01, { model: `m${i}`, timeNs: String(i + 1) }), T0 + i);
    expect(state.totals.byModel.size).toBe(MODELS_CAP + 1);
    expect(state.totals.byModel.get(OVERFLOW_KEY)!.costNanos).toBe(5 * 10_000_000);
    expect(state.totals.counters.costNanos).toBe((MODELS_CAP + 5) * 10_000_000);
    expect(Object.fromEntries(state.capsReached)).toEqual({ models: T0 + MODELS_CAP });
    expect(state.events.filter((e) => e.name === 'cap_reached')).toEqual([
      {
        time: T0 + MODELS_CAP,
        session: '',
        name: 'cap_reached',
        fields: [
          ['what', 'models'],
          ['cap', MODELS_CAP],
        ],
        kind: 'notice',
      },
    ]);
  });

  it('past the cell cap, new cells fold into one overflow cell per bucket: totals stay exact, memory bounded', () => {
    const state = emptyState(T0);
    const sessions = Math.ceil(CELLS_CAP / 3) + 50;
    for (let i = 0; i < sessions; i++) applyEvent(state, apiRequest('m', 0.001, {}, { sessionId: `s${i}`, sequence: i }), T0);
    const cells = state.minutes[0]!.cells.size + state.hours[0]!.cells.size + state.days[0]!.cells.size;
    expect(cells).toBeLessThanOrEqual(CELLS_CAP + 3);
    expect(bucketSum(state.minutes[0]!).apiRequests).toBe(sessions);
    expect(state.minutes[0]!.cells.has(`${OVERFLOW_KEY}\u0000\u0000\u0000`)).toBe(true);
    expect(state.capsReached.has('rollup cells')).toBe(true);
  });

  it('keeps the stream table bounded even within a minute, and says so', async () => {
    const { Store } = await import('../../../src/store/store.js');
    const { Memory } = await import('lowdb');
    const { STREAMS_CAP } = await import('../../../src/store/state.js');
    const store = await Store.open({ adapter: Object.assign(new Memory<ReturnType<typeof emptyState>>(), { location: 'memory' }), clock: () => T0 });
    const perBatch = 5_000;
    for (let b = 0; b < (STREAMS_CAP * 2) / perBatch; b++) {
      const samples = Array.from({ length: perBatch }, (_, i) => metricSample({ counter: 'commits', units: 1, attrs: { 'session.id': 's', series: `${b}-${i}` } }));
      store.ingestMetrics({ samples, unknown: [], rejected: [], foreign: 0, originals: new Map() });
    }
    expect(store.state.streams.size).toBeLessThanOrEqual(STREAMS_CAP * 1.1);
    expect(store.state.capsReached.get('metric streams')).toBe(T0);
    expect(store.state.totals.counters.commits).toBe(STREAMS_CAP * 2);
    await store.close();
  });
});
