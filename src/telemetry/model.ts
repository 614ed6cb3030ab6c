// The typed vocabulary between Claude Code semantics and the store: which counters exist, what a
// metric sample and an event look like once the OTLP envelope is gone. Every string in here has
// been through safeText (wireText.ts): safe to print, bounded in length.

/**
 * Every additive figure cc-top keeps, in exact integer units: cost in nano-USD (Claude Code
 * reports doubles such as 0.019575000000000002; summing integers keeps totals exact), active
 * time in microseconds, everything else in counts. `ev*` figures come from `api_request` events
 * (the live, provisional view); the others from metrics or from counting events. Figures imported
 * from Claude Code's transcripts land in the same counters; `estCostNanos` is the part of
 * `costNanos` that cc-top priced itself (a session Claude Code never wrote its cost for), and
 * `estUnpriced` counts imported requests of a model with no known price (their cost is missing).
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
  'toolAccepts',
  'toolRejects',
  'evCostNanos',
  'evTokIn',
  'evTokOut',
  'evTokCacheRead',
  'evTokCacheCreation',
  'estCostNanos',
  'estUnpriced',
] as const;
export type CounterKey = (typeof COUNTER_KEYS)[number];

/** Sparse counters: absent means zero, which keeps rollups and the store file small. */
export type Counters = Partial<Record<CounterKey, number>>;

export type MetricKind = 'sessions' | 'lines' | 'pullRequests' | 'commits' | 'cost' | 'tokens' | 'editDecisions' | 'activeTime';

export type Temporality = 'delta' | 'cumulative';

export type QuerySource = 'main' | 'subagent' | 'auxiliary';
export const QUERY_SOURCES: readonly QuerySource[] = ['main', 'subagent', 'auxiliary'];

export type AttrValue = string | number | boolean;
/** Attributes by key: a Map, so a key named `__proto__` or `constructor` is only ever data. */
export type Attrs = ReadonlyMap<string, AttrValue>;
/** Identity and grouping attributes of a session (user, repository, resource keys). */
export type Labels = ReadonlyMap<string, string>;

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
  /** Identifies the point's stream: metric name, point attributes and resource (see streamIdentity). */
  stream: string;
  /** Undefined when Claude Code was told not to send session ids (OTEL_METRICS_INCLUDE_SESSION_ID=false). */
  sessionId: string | undefined;
  model: string | undefined;
  /** `main`, `subagent` or `auxiliary` (cost and token metrics only). */
  querySource: QuerySource | undefined;
  labels: Labels;
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

export type Field = readonly [key: string, value: AttrValue];

export interface TelemetryEvent {
  /** `api_request`, …; for records that are not Claude Code events, the body text or `log`. */
  name: string;
  known: boolean;
  timeMs: number;
  /** Undefined when Claude Code sends no session ids. */
  sessionId: string | undefined;
  sequence?: number;
  promptId?: string;
  /** Identity for de-duplicating a record re-sent by an exporter retry. */
  identity: string;
  detail: EventDetail;
  /** The fields worth showing on the event's line, privacy rules already applied. */
  fields: Field[];
  /** Every other attribute worth showing when the event is opened (privacy rules applied, bounded). */
  attributes: Field[];
  labels: Labels;
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
  /** Data points or records from a service that is not Claude Code (counted, never figures). */
  foreign: number;
  /** Originals of wire strings that were made safe (see wireText.ts). */
  originals: ReadonlyMap<string, string>;
}

export interface LogsBatch {
  events: TelemetryEvent[];
  rejected: Rejection[];
  foreign: number;
  originals: ReadonlyMap<string, string>;
}
