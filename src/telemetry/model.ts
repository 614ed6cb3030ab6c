// The typed vocabulary between Claude Code semantics and the store: which counters exist, what a
// metric sample and an event look like once the OTLP envelope is gone.
import type { Attrs } from './attributes.js';

/**
 * Every additive figure cc-top keeps, in exact integer units: cost in nano-USD (Claude Code
 * reports doubles such as 0.019575000000000002; summing integers keeps totals exact), active
 * time in microseconds, everything else in counts. `ev*` figures come from `api_request` events
 * (the live, provisional view); the others from metrics or from counting events.
 */
export const COUNTER_KEYS = [
  'costNanos',
  'tokIn',
  'tokOut',
  'tokCacheRead',
  'tokCacheCreation',
  'sessionsStarted',
  'linesAdded',
  'linesRemoved',
  'commits',
  'pullRequests',
  'editAccept',
  'editReject',
  'activeUserUs',
  'activeCliUs',
  'apiRequests',
  'apiErrors',
  'prompts',
  'toolCalls',
  'toolFailures',
  'evCostNanos',
  'evTokIn',
  'evTokOut',
  'evTokCacheRead',
  'evTokCacheCreation',
] as const;
export type CounterKey = (typeof COUNTER_KEYS)[number];

/** Sparse counters: absent means zero, which keeps rollups and the store file small. */
export type Counters = Partial<Record<CounterKey, number>>;

export type MetricKind =
  | 'sessions'
  | 'lines'
  | 'pullRequests'
  | 'commits'
  | 'cost'
  | 'tokens'
  | 'editDecisions'
  | 'activeTime';

export type Temporality = 'delta' | 'cumulative';

export type QuerySource = 'main' | 'subagent' | 'auxiliary';

export interface MetricSample {
  name: string;
  kind: MetricKind;
  counter: CounterKey;
  temporality: Temporality;
  /** Nanosecond timestamps as decimal strings; "0" when the exporter left start unset. */
  startNs: string;
  timeNs: string;
  timeMs: number;
  /** The point's value in the counter's integer unit (see COUNTER_KEYS). */
  units: number;
  /** Data point attributes (coerced); with the resource they identify the stream. */
  attrs: Attrs;
  resource: Attrs;
  sessionId: string;
  model?: string;
  /** `main`, `subagent` or `auxiliary` (cost and token metrics only). */
  querySource?: QuerySource;
  /** Identity and grouping attributes for the session record (see telemetry/session.ts). */
  labels: Record<string, string>;
  /**
   * One object for every point of a series (same attributes, resource and metric) while the
   * decoder shares their records (see telemetry/sharedAttrs.ts): the store keeps what it works
   * out from the identity there, once per series instead of once per point.
   */
  series?: SeriesMemo;
}

export interface SeriesMemo {
  /** What `key` was worked out for (the store's business). */
  of?: string;
  key?: string;
  /** The store's grouping of the series' increments (session, model, query source). */
  group?: string;
}

export interface TokenCounts {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

export type EventDetail =
  | {
      type: 'api_request';
      model: string;
      costNanos: number;
      tokens: TokenCounts;
      durationMs?: number;
      ttftMs?: number;
      /** Bucketed like the metrics' attribute; the raw value stays in the event's fields. */
      querySource?: QuerySource;
    }
  | { type: 'api_error'; model: string; statusCode?: number; error?: string; durationMs?: number; attempt?: number }
  | { type: 'user_prompt'; promptLength?: number }
  | { type: 'tool_decision'; toolName: string; decision: string; source?: string }
  | { type: 'tool_result'; toolName: string; success: boolean; durationMs?: number; errorType?: string }
  | { type: 'other' };

export interface TelemetryEvent {
  /** `api_request`, …; for records that are not Claude Code events, the body text or `log`. */
  name: string;
  known: boolean;
  timeMs: number;
  sessionId: string;
  sequence?: number;
  promptId?: string;
  /** Identity for de-duplicating a record re-sent by an exporter retry. */
  identity: string;
  detail: EventDetail;
  /** The fields worth showing in the event log, privacy rules already applied. */
  fields: Attrs;
  attrs: Attrs;
  resource: Attrs;
  labels: Record<string, string>;
}

/** A metric cc-top does not interpret: counted and noted in the event log, never fatal. */
export interface UnknownMetric {
  name: string;
  points: number;
}

export interface Rejection {
  reason: string;
  count: number;
}

export interface MetricsBatch {
  samples: MetricSample[];
  unknown: UnknownMetric[];
  rejected: Rejection[];
}

export interface LogsBatch {
  events: TelemetryEvent[];
  rejected: Rejection[];
}
