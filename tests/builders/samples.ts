// Typed samples and events as the telemetry layer produces them, for store and report tests.
// (OTLP requests of any shape: see otlpRequest.ts.)
import type { AttrValue, Counters, EventDetail, MetricSample, TelemetryEvent } from '../../src/telemetry/model.js';
import type { Bucket, StoreState } from '../../src/store/state.js';
import { streamIdentity } from '../../src/telemetry/streamIdentity.js';

export const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);
export const SESSION_A = '3286bc07-aa7e-449d-b483-297b2fdaa160';
export const SESSION_B = '9b1f0c55-0d1e-4c2a-9a55-6c1f1e2d3c4b';

/** Nanosecond string for an epoch-ms time. */
export function ns(ms: number): string {
  return `${ms}000000`;
}

type SampleOverrides = Partial<Omit<MetricSample, 'labels'>> & { counter: MetricSample['counter']; units: number; attrs?: Record<string, AttrValue>; labels?: Record<string, string> };

export function metricSample(overrides: SampleOverrides): MetricSample {
  const timeMs = overrides.timeMs ?? T0;
  const sessionId = 'sessionId' in overrides ? overrides.sessionId : SESSION_A;
  // Like real points, samples of different counters differ in an attribute (`type`, `decision`).
  const attrs = new Map<string, AttrValue>(Object.entries(overrides.attrs ?? { 'session.id': sessionId ?? '', type: overrides.counter, ...(overrides.model ? { model: overrides.model } : {}) }));
  const { attrs: _attrs, labels, ...rest } = overrides;
  const name = overrides.name ?? 'claude_code.token.usage';
  return {
    name,
    kind: 'tokens',
    temporality: 'delta',
    startNs: ns(timeMs - 1_000),
    timeNs: ns(timeMs),
    timeMs,
    stream: streamIdentity(name, attrs, 'resource'),
    model: undefined,
    querySource: undefined,
    ...rest,
    sessionId,
    labels: new Map(Object.entries(labels ?? {})),
  };
}

export function costSample(usd: number, extra: Partial<SampleOverrides> = {}): MetricSample {
  const model = extra.model ?? 'claude-sonnet-4-5';
  const sessionId = 'sessionId' in extra ? extra.sessionId : SESSION_A;
  return metricSample({ name: 'claude_code.cost.usage', kind: 'cost', counter: 'costNanos', units: Math.round(usd * 1e9), model, attrs: { 'session.id': sessionId ?? '', model, ...(extra.querySource ? { query_source: extra.querySource } : {}) }, ...extra });
}

let seq = 0;
export function event(detail: EventDetail, overrides: Partial<Omit<TelemetryEvent, 'labels'>> & { labels?: Record<string, string> } = {}): TelemetryEvent {
  const name = detail.type === 'other' ? (overrides.name ?? 'plugin_loaded') : detail.type;
  const timeMs = overrides.timeMs ?? T0;
  const sequence = overrides.sequence ?? seq++;
  const sessionId = 'sessionId' in overrides ? overrides.sessionId : SESSION_A;
  const { labels, ...rest } = overrides;
  return {
    name,
    known: true,
    timeMs,
    sequence,
    identity: `${sessionId}|${name}|${timeMs}|${sequence}`,
    detail,
    fields: [],
    attributes: [],
    ...rest,
    sessionId,
    labels: new Map(Object.entries(labels ?? {})),
  };
}

export function apiRequest(model: string, usd: number, tokens: Partial<Record<'input' | 'output' | 'cacheRead' | 'cacheCreation', number>> = {}, overrides: Parameters<typeof event>[1] = {}): TelemetryEvent {
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

/** Every cell of a bucket summed (what the bucket holds, all sessions and models together). */
export function bucketSum(b: Bucket, where: (cell: { session: string; model?: string; source?: string; tool?: string }) => boolean = () => true): Counters {
  const out: Counters = {};
  for (const cell of b.cells.values()) {
    if (!where(cell)) continue;
    for (const [k, v] of Object.entries(cell.counters) as [keyof Counters, number][]) out[k] = (out[k] ?? 0) + v;
  }
  return out;
}

/** A tier's buckets as [start, summed counters]. */
export function tierSums(state: StoreState, tier: 'minutes' | 'hours' | 'days'): [number, Counters][] {
  return state[tier].map((b) => [b.start, bucketSum(b)]);
}
