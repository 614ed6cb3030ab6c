import { Memory } from 'lowdb';
import { describe, expect, it } from 'vitest';
import { createIngest, ITEMS_PER_TURN } from '../../src/ingest.js';
import { probeRequest } from '../../src/probe.js';
import { Store } from '../../src/store/store.js';
import type { StoreState } from '../../src/store/state.js';
import { metricsRequest } from '../builders/otlpRequest.js';
import { T0 } from '../builders/samples.js';

const openStore = () => Store.open({ adapter: Object.assign(new Memory<StoreState>(), { location: 'memory' }), clock: () => T0 });

describe('ingest', () => {
  it('records a doctor probe without counting it anywhere', async () => {
    const store = await openStore();
    const ingest = createIngest(store, { keepPrompts: false });
    // Marked local: a sink after the store (forwarding) never passes it on.
    expect(ingest('logs', probeRequest('probe-1', T0))).toEqual({ rejected: 0, local: true });
    expect(store.state.probes).toEqual([{ id: 'probe-1', time: T0, signal: 'logs' }]);
    expect(store.state.sessionsSeen).toBe(0);
    expect(store.state.events).toHaveLength(0);
    expect(store.state.lastData).toEqual({});
    await store.close();
  });

  it('counts spans of trace exports and stores nothing else of them', async () => {
    const store = await openStore();
    const ingest = createIngest(store, { keepPrompts: false });
    ingest('traces', { resourceSpans: [{ scopeSpans: [{ spans: [{}, {}] }, { spans: [{}] }] }] });
    expect(store.state.traces).toEqual({ requests: 1, spans: 3 });
    expect(store.state.sessionsSeen).toBe(0);
    await store.close();
  });

  it('answers with the rejected point count and a reason for partial success', async () => {
    const store = await openStore();
    const ingest = createIngest(store, { keepPrompts: false });
    const result = ingest('metrics', {
      resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'claude_code.commit.count', sum: { aggregationTemporality: 1, dataPoints: [{ timeUnixNano: '1', asDouble: -1 }] } }] }] }],
    });
    expect(result).toEqual({ rejected: 1, errorMessage: '1 × claude_code.commit.count: negative value on a monotonic counter' });
    expect(store.state.rejected.points).toBe(1);
    // A client that keeps sending bad points is noted once a minute, not once per request.
    for (let i = 0; i < 5; i++) ingest('metrics', { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'claude_code.commit.count', sum: { aggregationTemporality: 1, dataPoints: [{ timeUnixNano: '1', asDouble: -1 }] } }] }] }] });
    expect(store.state.rejected.points).toBe(6);
    expect(store.state.events.filter((e) => e.name === 'rejected_points')).toHaveLength(1);
    await store.close();
  });

  it('applies a request of thousands of points in slices, answering a small export in between, and counts both exactly', async () => {
    const store = await openStore();
    const ingest = createIngest(store, { keepPrompts: false });
    const n = ITEMS_PER_TURN * 3 + 7;
    const cost = (session: string, value: number) => ({ attrs: { 'session.id': session, model: 'claude-sonnet-4-5' }, timeNs: `${T0}000000`, value });
    // A flood of new session ids (past the sessions cap, too), with one point that must be refused.
    const flood = metricsRequest({ metrics: [{ name: 'claude_code.cost.usage', points: [...Array.from({ length: n }, (_, i) => cost(`flood-${i}`, 0.001)), cost('bad', -1)] }] });
    const pending = ingest('metrics', flood);
    let floodDone = false;
    void Promise.resolve(pending).then(() => (floodDone = true));
    await new Promise((resolve) => setImmediate(resolve));
    // A real export arriving a turn later is applied and answered at once, before the flood is done.
    expect(ingest('metrics', metricsRequest({ metrics: [{ name: 'claude_code.cost.usage', points: [cost('real', 0.5)] }] }))).toEqual({ rejected: 0 });
    expect(floodDone).toBe(false);
    expect(store.state.sessions.has('real')).toBe(true);
    // The flood's answer is its own: the refused point, once.
    expect(await pending).toEqual({ rejected: 1, errorMessage: expect.stringContaining('claude_code.cost.usage') });
    expect(store.state.rejected.points).toBe(1);
    expect(store.state.totals.counters.costNanos).toBe(n * 1_000_000 + 500_000_000);
    await store.close();
  });
});
