// Live provisional cost: api_request events show spend seconds after it happens, metrics one
// export interval later; the live figure never counts the same spend twice.
import { describe, expect, it } from 'vitest';
import { selectSummary } from '../../../src/report/summary.js';
import { METRICS_GRACE_MS } from '../../../src/report/reconcile.js';
import { applyEvent, applyMetricSample } from '../../../src/store/aggregate.js';
import { emptyState, type StoreState } from '../../../src/store/state.js';
import { apiRequest, costSample, metricSample, SESSION_A, SESSION_B, T0 } from '../../builders/samples.js';

const SONNET = 'claude-sonnet-4-5';
const HAIKU = 'claude-haiku-4-5';

function request(state: StoreState, model: string, usd: number, at = T0, session = SESSION_A, output = 100) {
  applyEvent(state, apiRequest(model, usd, { output }, { timeMs: at, sessionId: session }), at);
}
function metrics(state: StoreState, model: string, usd: number, at = T0, session = SESSION_A, output = 100) {
  applyMetricSample(state, costSample(usd, { model, sessionId: session, timeMs: at, attrs: { 'session.id': session, model } }), at);
  applyMetricSample(state, metricSample({ counter: 'tokOut', units: output, model, sessionId: session, timeMs: at, attrs: { 'session.id': session, model, type: 'output' } }), at);
}

describe('live cost and reconciliation', () => {
  it('events before metrics: the cost is live at once, marked provisional', () => {
    const s = emptyState(T0);
    request(s, SONNET, 0.25);
    const sum = selectSummary(s, 'today', T0 + 1_000);
    expect(sum.totals.costUsd).toBe(0);
    expect(sum.live).toMatchObject({ costUsd: 0.25, provisionalUsd: 0.25, provisionalTokens: 100 });
    expect(sum.live.tokens.output).toBe(100);
    expect(sum.reconciliation.status).toBe('provisional');
    expect(sum.sessions[0]).toMatchObject({ liveCostUsd: 0.25, provisionalUsd: 0.25, reconciliation: 'provisional' });
  });

  it('then the metrics take over: the same total, not twice', () => {
    const s = emptyState(T0);
    request(s, SONNET, 0.25);
    metrics(s, SONNET, 0.25, T0 + 10_000);
    const sum = selectSummary(s, 'today', T0 + 11_000);
    expect(sum.totals.costUsd).toBe(0.25);
    expect(sum.live).toMatchObject({ costUsd: 0.25, provisionalUsd: 0, provisionalTokens: 0 });
    expect(sum.reconciliation).toEqual({ status: 'ok', provisionalUsd: 0, sessions: [] });
  });

  it('metrics before events: nothing provisional, no double count once the events come', () => {
    const s = emptyState(T0);
    metrics(s, SONNET, 0.5);
    expect(selectSummary(s, 'today', T0).live).toMatchObject({ costUsd: 0.5, provisionalUsd: 0 });
    request(s, SONNET, 0.5, T0 + 500);
    const sum = selectSummary(s, 'today', T0 + 1_000);
    expect(sum.live.costUsd).toBe(0.5);
    expect(sum.reconciliation.status).toBe('ok');
  });

  it('partly arrived: metrics for the first request, events for both', () => {
    const s = emptyState(T0);
    request(s, SONNET, 0.1);
    metrics(s, SONNET, 0.1, T0 + 1_000);
    request(s, SONNET, 0.3, T0 + 2_000);
    const sum = selectSummary(s, 'today', T0 + 3_000);
    expect(sum.totals.costUsd).toBe(0.1);
    expect(sum.live.costUsd).toBeCloseTo(0.4, 12);
    expect(sum.live.provisionalUsd).toBeCloseTo(0.3, 12);
  });

  it('two models never offset each other', () => {
    const s = emptyState(T0);
    // Metrics arrived for Sonnet only; Haiku's request is still provisional.
    request(s, SONNET, 0.2);
    request(s, HAIKU, 0.05);
    metrics(s, SONNET, 0.2, T0 + 1_000);
    const sum = selectSummary(s, 'today', T0 + 2_000);
    expect(sum.live.provisionalUsd).toBeCloseTo(0.05, 12);
    expect(sum.live.costUsd).toBeCloseTo(0.25, 12);
  });

  it('metrics only (logs exporter off): ok, nothing provisional', () => {
    const s = emptyState(T0);
    metrics(s, SONNET, 1);
    const sum = selectSummary(s, 'today', T0);
    expect(sum.live.costUsd).toBe(1);
    expect(sum.sessions[0]!.reconciliation).toBe('metrics-only');
    expect(sum.reconciliation.status).toBe('ok');
  });

  it('events only, long after: the metrics are not coming; shown as such, still counted live', () => {
    const s = emptyState(T0);
    request(s, SONNET, 0.7);
    const sum = selectSummary(s, 'today', T0 + METRICS_GRACE_MS + 1);
    expect(sum.sessions[0]!.reconciliation).toBe('events-only');
    expect(sum.live.costUsd).toBe(0.7);
  });

  it('both arrived and disagree beyond rounding: a mismatch, per session', () => {
    const s = emptyState(T0);
    request(s, SONNET, 0.3, T0, SESSION_B);
    metrics(s, SONNET, 0.2, T0 + 1_000, SESSION_B);
    const early = selectSummary(s, 'today', T0 + 2_000);
    expect(early.reconciliation.status).toBe('provisional');
    const late = selectSummary(s, 'today', T0 + METRICS_GRACE_MS + 1);
    expect(late.reconciliation.status).toBe('mismatch');
    expect(late.reconciliation.sessions).toEqual([{ id: SESSION_B, status: 'mismatch', metricsCostUsd: 0.2, eventsCostUsd: 0.3, differenceUsd: expect.closeTo(-0.1, 12) }]);
  });

  it('rounding differences are not a mismatch', () => {
    const s = emptyState(T0);
    request(s, SONNET, 0.019575000000000002);
    metrics(s, SONNET, 0.019575);
    expect(selectSummary(s, 'today', T0 + METRICS_GRACE_MS + 1).reconciliation.status).toBe('ok');
  });
});
