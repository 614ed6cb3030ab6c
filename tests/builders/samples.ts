// Typed samples and events as the telemetry layer produces them, for store and report tests.
// (OTLP requests of any shape: see otlpRequest.ts.)
import type { Counters, EventDetail, MetricSample, TelemetryEvent } from '../../src/telemetry/model.js';

export const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);
export const SESSION_A = '3286bc07-aa7e-449d-b483-297b2fdaa160';
export const SESSION_B = '9b1f0c55-0d1e-4c2a-9a55-6c1f1e2d3c4b';

/** Nanosecond string for an epoch-ms time. */
export function ns(ms: number): string {
  return `${ms}000000`;
}

export function metricSample(overrides: Partial<MetricSample> & { counter: MetricSample['counter']; units: number }): MetricSample {
  const timeMs = overrides.timeMs ?? T0;
  return {
    name: 'claude_code.token.usage',
    kind: 'tokens',
    temporality: 'delta',
    startNs: ns(timeMs - 1_000),
    timeNs: ns(timeMs),
    timeMs,
    // Like real points, samples of different counters differ in an attribute (`type`, `decision`).
    attrs: { 'session.id': overrides.sessionId ?? SESSION_A, type: overrides.counter, ...(overrides.model ? { model: overrides.model } : {}) },
    resource: { 'service.name': 'claude-code' },
    sessionId: SESSION_A,
    labels: {},
    ...overrides,
  };
}

export function costSample(usd: number, extra: Partial<MetricSample> = {}): MetricSample {
  return metricSample({ name: 'claude_code.cost.usage', kind: 'cost', counter: 'costNanos', units: Math.round(usd * 1e9), model: 'claude-sonnet-4-5', ...extra });
}

let seq = 0;
export function event(detail: EventDetail, overrides: Partial<TelemetryEvent> = {}): TelemetryEvent {
  const name = detail.type === 'other' ? (overrides.name ?? 'plugin_loaded') : detail.type;
  const timeMs = overrides.timeMs ?? T0;
  const sequence = overrides.sequence ?? seq++;
  const sessionId = overrides.sessionId ?? SESSION_A;
  return {
    name,
    known: true,
    timeMs,
    sessionId,
    sequence,
    identity: `${sessionId}|${name}|${timeMs}|${sequence}`,
    detail,
    fields: {},
    attrs: {},
    resource: {},
    labels: {},
    ...overrides,
  };
}

export function apiRequest(model: string, usd: number, tokens: Partial<Record<'input' | 'output' | 'cacheRead' | 'cacheCreation', number>> = {}, overrides: Partial<TelemetryEvent> = {}): TelemetryEvent {
  return event(
    {
      type: 'api_request',
      model,
      costNanos: Math.round(usd * 1e9),
      tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, ...tokens },
      durationMs: 100,
      ttftMs: 20,
    },
    overrides,
  );
}

export function counters(c: Counters): Counters {
  return c;
}
