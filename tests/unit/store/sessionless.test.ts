// Figures that came without a session id (OTEL_METRICS_INCLUDE_SESSION_ID=false) are kept apart,
// by model and query source, all time: the sessions, the evicted ones and these make up the
// totals. A file written before they were kept apart gets them back from its totals.
import { describe, expect, it } from 'vitest';
import { applyMetricBatch } from '../../../src/store/aggregate.js';
import { sumCounters } from '../../../src/store/counters.js';
import { documentFromState } from '../../../src/store/document.js';
import { parseStore, serializeStore } from '../../../src/store/persistence.js';
import { emptyState, usageKey } from '../../../src/store/state.js';
import { costSample, metricSample, T0 } from '../../builders/samples.js';

describe('figures without a session', () => {
  it('are kept by model and query source, and with the sessions make up the totals', () => {
    const state = emptyState(T0);
    applyMetricBatch(state, [costSample(0.25, { sessionId: undefined, model: 'sonnet', querySource: 'main' })], T0);
    applyMetricBatch(state, [costSample(0.5, { sessionId: undefined, model: 'haiku', querySource: 'auxiliary', timeMs: T0 + 1 })], T0 + 1);
    applyMetricBatch(state, [metricSample({ counter: 'tokIn', units: 40, sessionId: undefined, model: 'sonnet', querySource: 'main', timeMs: T0 + 2 })], T0 + 2);
    applyMetricBatch(state, [costSample(1, { model: 'sonnet', querySource: 'main', timeMs: T0 + 3 })], T0 + 3);
    expect(state.sessionless.get(usageKey('sonnet', 'main'))).toEqual({ model: 'sonnet', source: 'main', counters: { costNanos: 250_000_000, tokIn: 40 } });
    expect(state.sessionless.get(usageKey('haiku', 'auxiliary'))).toEqual({ model: 'haiku', source: 'auxiliary', counters: { costNanos: 500_000_000 } });
    const sessions = [...state.sessions.values()].flatMap((s) => [...s.usage.values()].map((u) => u.counters));
    const all = sumCounters([...sessions, ...[...state.sessionless.values()].map((u) => u.counters)]);
    expect(all).toEqual(state.totals.counters);
  });

  it('are written to the store file and read back', () => {
    const state = emptyState(T0);
    applyMetricBatch(state, [costSample(0.25, { sessionId: undefined, model: 'sonnet', querySource: 'main' })], T0);
    expect(parseStore(serializeStore(state), 'test').sessionless).toEqual(state.sessionless);
  });

  it('in a file from before they were kept apart, are the totals less the sessions (no model or source known)', () => {
    const state = emptyState(T0);
    applyMetricBatch(state, [costSample(0.25, { sessionId: undefined, model: 'sonnet', querySource: 'main' })], T0);
    applyMetricBatch(state, [costSample(1, { model: 'sonnet', querySource: 'main', timeMs: T0 + 1 })], T0 + 1);
    const { sessionless: _dropped, ...older } = documentFromState(state);
    expect([...parseStore(JSON.stringify(older), 'test').sessionless.values()]).toEqual([{ counters: { costNanos: 250_000_000 } }]);
    // Nothing left over: nothing without a session.
    const { sessionless: _none, ...noneLeft } = documentFromState(emptyState(T0));
    expect(parseStore(JSON.stringify(noneLeft), 'test').sessionless.size).toBe(0);
  });
});
