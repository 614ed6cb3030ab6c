// When telemetry was received for a session: kept as a few merged spans of data time, written to
// the store and read back (whole milliseconds, whatever the points' nanosecond starts).
import { describe, expect, it } from 'vitest';
import { applyMetricBatch, applyEvent } from '../../../src/store/aggregate.js';
import { addSpan } from '../../../src/store/importRecords.js';
import { parseStore, serializeStore } from '../../../src/store/persistence.js';
import { emptyState, OTLP_SPANS_CAP, type SessionRecord } from '../../../src/store/state.js';
import { apiRequest, costSample, SESSION_A, T0 } from '../../builders/samples.js';

describe('telemetry spans', () => {
  it('cover a metric point from its start, an event at its time, and survive the store file', () => {
    const state = emptyState(T0);
    // A start that is not a whole millisecond, as exporters send.
    applyMetricBatch(state, [costSample(0.1, { startNs: `${T0 - 60_000}000250`, timeMs: T0 })], T0 + 1_000);
    applyEvent(state, apiRequest('claude-sonnet-4-5', 0.1, {}, { timeMs: T0 + 90_000 }), T0 + 100_000);
    expect(state.sessions.get(SESSION_A)!.otlpSpans).toEqual([
      [T0 - 60_000, T0],
      [T0 + 90_000, T0 + 90_000],
    ]);
    const back = parseStore(serializeStore(state), 'store.json', T0 + 100_000);
    expect(back.sessions.get(SESSION_A)!.otlpSpans).toEqual(state.sessions.get(SESSION_A)!.otlpSpans);
  });

  it('merge when they touch, and stay under the cap by merging the closest', () => {
    const s = { otlpSpans: [] } as unknown as SessionRecord;
    addSpan(s, 100, 200);
    addSpan(s, 200, 300);
    addSpan(s, 50, 60);
    expect(s.otlpSpans).toEqual([
      [50, 60],
      [100, 300],
    ]);
    for (let i = 0; i < OTLP_SPANS_CAP + 4; i++) addSpan(s, 1_000 + i * 100 + (i === 5 ? -95 : 0), 1_000 + i * 100 + 1);
    expect(s.otlpSpans).toHaveLength(OTLP_SPANS_CAP);
    expect(s.otlpSpans!.every(([a, b], i, all) => a <= b && (i === 0 || a > all[i - 1]![1]))).toBe(true);
  });

  it('are taken as the whole known life of a session in a store written before spans were kept', () => {
    const state = emptyState(T0);
    applyMetricBatch(state, [costSample(0.1, { timeMs: T0 })], T0);
    const doc = JSON.parse(serializeStore(state)) as { sessions: { otlpSpans?: unknown; firstSeen: number; lastSeen: number }[] };
    delete doc.sessions[0]!.otlpSpans;
    const back = parseStore(JSON.stringify(doc), 'store.json', T0);
    const s = back.sessions.get(SESSION_A)!;
    expect(s.otlpSpans).toEqual([[s.firstSeen, s.lastSeen]]);
  });
});
