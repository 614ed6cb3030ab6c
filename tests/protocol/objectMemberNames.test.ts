// Names from the wire that are also names of Object's members ("__proto__", "constructor", ...)
// are data like any other: counted under their own name, never read as an inherited member and
// never written into a prototype. (A model named "__proto__" once added its cost to
// Object.prototype, so every object in the process appeared to carry it.)
import { parseStore, serializeStore } from '../../src/store/persistence.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectSummary } from '../../src/report/summary.js';
import { encodeRequest, logsRequest, metricsRequest, postOtlp } from '../builders/otlpRequest.js';
import { startLiveReceiver, type LiveReceiver } from './liveReceiver.js';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const NOW_NS = `${Date.now()}000000`;
/** An attribute set with a computed key: a literal `'__proto__': v` would set the prototype instead. */
const attrs = (pairs: [string, string][]) => Object.fromEntries(pairs);

describe('names that are Object members', () => {
  let live: LiveReceiver;
  const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
  beforeAll(async () => {
    live = await startLiveReceiver();
  });
  afterAll(async () => {
    await live.close();
  });

  it('are counted under their own names by session, model, tool and event, and leave Object.prototype alone', async () => {
    for (const [i, name] of NAMES.entries()) {
      for (const encoding of ['protobuf', 'json'] as const) {
        const contentType = encoding === 'json' ? 'application/json' : 'application/x-protobuf';
        const session = `${name}${encoding === 'json' ? '' : ' '}`.trim() + (encoding === 'json' ? '' : '-pb');
        const metrics = metricsRequest({
          resource: { 'service.name': 'claude-code', ...attrs([[name, 'team-x']]) },
          metrics: [
            { name: 'claude_code.cost.usage', points: [{ attrs: attrs([['session.id', session], ['model', name], ['query_source', 'main']]), timeNs: NOW_NS, value: (i + 1) / 100 }] },
            { name: 'claude_code.token.usage', points: [{ attrs: attrs([['session.id', session], ['model', name], ['type', 'input'], [name, 'label']]), timeNs: NOW_NS, value: 10 * (i + 1) }] },
            { name, points: [{ attrs: {}, timeNs: NOW_NS, value: 1 }] },
          ],
        });
        expect((await postOtlp(live.httpUrl, 'metrics', encodeRequest('metrics', metrics, encoding), { contentType })).status).toBe(200);
        const logs = logsRequest({
          records: [
            { eventName: 'tool_result', timeNs: NOW_NS, attrs: attrs([['session.id', session], ['tool_name', name], ['success', 'true'], ['duration_ms', '5']]) },
            { eventName: name, timeNs: NOW_NS, attrs: attrs([['session.id', session], [name, 'field']]) },
          ],
        });
        expect((await postOtlp(live.httpUrl, 'logs', encodeRequest('logs', logs, encoding), { contentType })).status).toBe(200);
      }
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    expect(({} as Record<string, unknown>)['costNanos']).toBeUndefined();

    const state = live.store.state;
    const cents = NAMES.reduce((sum, _n, i) => sum + 2 * (i + 1), 0);
    expect(state.totals.counters.costNanos).toBe(cents * 10_000_000);
    const summary = selectSummary(state, 'all', Date.now());
    for (const [i, name] of NAMES.entries()) {
      expect(state.totals.byModel.get(name)!.costNanos).toBe(2 * (i + 1) * 10_000_000);
      expect(state.totals.byModel.get(name)!.tokIn).toBe(20 * (i + 1));
      expect(state.sessions.get(name)!.counters.costNanos).toBe((i + 1) * 10_000_000);
      expect(state.sessions.get(name)!.labels.get(name)).toBe('team-x');
      expect(summary.tools.find((t) => t.name === name)?.calls).toBe(2);
      expect(state.eventCounts.get(name)).toBe(2);
      expect(state.unknown.metrics.get(name)).toBe(2);
      // A session uses only its own model (a model named constructor reports no one else).
      const sessions = summary.sessions.filter((s) => s.models.includes(name)).map((s) => s.id);
      expect(sessions.sort()).toEqual([name, `${name}-pb`].sort());
    }

    // The report and the store file see them too.
    expect(summary.byModel.map((m) => m.model).sort()).toEqual([...NAMES].sort());
    const reloaded = parseStore(serializeStore(state), 'reloaded');
    expect([...reloaded.totals.byModel.keys()].sort()).toEqual([...NAMES].sort());
    expect(reloaded.totals.byModel.get('__proto__')!.costNanos).toBe(2 * 10_000_000);
  });
});
