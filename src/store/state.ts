// The persisted state: one JSON document, schema-versioned, every collection capped.
import type { Counters, QuerySource } from '../telemetry/model.js';

export const SCHEMA_VERSION = 1;

// Named caps: every ring, rollup and map that grows with input has one.
/** Per-minute rollups: 25 h, so that "today" is covered even on a 25-hour DST day. */
export const MINUTE_BUCKETS_CAP = 25 * 60;
/** Per-hour rollups: 30 days plus the current hour. */
export const HOUR_BUCKETS_CAP = 30 * 24 + 1;
/** Per-day rollups: 400 days. */
export const DAY_BUCKETS_CAP = 400;
/** Session records; past it the least recently seen is dropped (its figures stay in the totals). */
export const SESSIONS_CAP = 3_000;
/** The event log ring. */
export const EVENT_LOG_CAP = 2_000;
/** Identities of recent log records, to drop records re-sent by an exporter retry. */
export const RECENT_EVENT_IDS_CAP = 4_096;
/** Metric streams (temporality state); the least recently updated go first. */
export const STREAMS_CAP = 20_000;
/** Delta points remembered per stream to recognise a retried export. */
export const DELTA_DEDUPE_WINDOW = 16;
/** Duration samples kept per tool and per model, for p50/p95. */
export const DURATION_SAMPLES_CAP = 256;
/** Distinct tools, models, status codes and unknown names tracked; the rest go to OVERFLOW_KEY. */
export const TOOLS_CAP = 200;
export const MODELS_CAP = 100;
export const NAMED_COUNTS_CAP = 200;
export const OVERFLOW_KEY = '(other)';
/** Doctor probes remembered. */
export const PROBES_CAP = 16;
/** Labels (identity attributes) kept per session. */
export const SESSION_LABELS_CAP = 24;

export interface Bucket {
  /** Start of the bucket, epoch ms (minute/hour: UTC-aligned; day: local midnight). */
  t: number;
  c: Counters;
  /** The same counters by model, for the counters that carry one. */
  m?: Record<string, Counters>;
  /** The same counters by query source (main / subagent / auxiliary), where known. */
  q?: Partial<Record<QuerySource, Counters>>;
}

/** What an increment is attributed to besides its session and time. */
export interface Dimensions {
  model?: string;
  querySource?: QuerySource;
}

export interface SessionRecord {
  id: string;
  firstSeen: number;
  lastSeen: number;
  lastMetricAt?: number;
  lastEventAt?: number;
  c: Counters;
  m: Record<string, Counters>;
  /** Identity and grouping attributes seen on the session (user, repository, resource keys). */
  labels: Record<string, string>;
}

export interface ToolStats {
  calls: number;
  failures: number;
  accepts: number;
  rejects: number;
  /** Latest durations in ms (a ring of DURATION_SAMPLES_CAP). */
  durations: number[];
}

export interface ApiStats {
  durations: number[];
  ttfts: number[];
}

export interface LogEntry {
  /** Event time, epoch ms. */
  t: number;
  /** Session id. */
  s: string;
  /** Event name (`api_request`), or a notice name for cc-top's own entries. */
  n: string;
  /** The telling fields. */
  f: Record<string, string | number | boolean>;
  /** Kind: omitted for Claude Code events, `notice` for cc-top's own, `unknown` for unknown events. */
  k?: 'notice' | 'unknown';
  /** event.sequence, to order events with the same timestamp. */
  q?: number;
}

export interface StreamState {
  /** d = delta, c = cumulative. */
  k: 'd' | 'c';
  /** Cumulative: the last value seen, in integer units. */
  v?: number;
  /**
   * Cumulative: time of the last point (ns string), to ignore stale out-of-order points. Delta:
   * the latest time seen, so a later point skips the window (absent in older stores: searched).
   */
  tn?: string;
  /** Delta: marks of recent points (see deltaMark in temporality.ts), to drop a retried export. */
  h?: number[];
  /** Delta, in stores written before `h`: the same as `start|time|value` texts (upgraded on use). */
  seen?: string[];
  /** Last update, receive time in ms, for eviction. */
  u: number;
}

export interface StoreState {
  schemaVersion: number;
  createdAt: number;
  updatedAt: number;
  totals: Counters;
  totalsByModel: Record<string, Counters>;
  totalsBySource: Partial<Record<QuerySource, Counters>>;
  minutes: Bucket[];
  hours: Bucket[];
  days: Bucket[];
  sessions: Record<string, SessionRecord>;
  /** Distinct sessions ever seen, including those dropped from `sessions` by the cap. */
  sessionsSeen: number;
  tools: Record<string, ToolStats>;
  api: Record<string, ApiStats>;
  errorsByStatus: Record<string, number>;
  /** Events received, by name (all names, Claude Code's and unknown ones; capped). */
  eventCounts: Record<string, number>;
  events: LogEntry[];
  recentEventIds: string[];
  streams: Record<string, StreamState>;
  /** Receive time of the last accepted data per signal. */
  lastData: { metrics?: number; events?: number };
  unknown: { metrics: Record<string, number>; events: Record<string, number> };
  rejected: { points: number; records: number };
  duplicates: { points: number; records: number };
  traces: { requests: number; spans: number };
  /** Caps that input has run into (what -> first time), shown as warnings; see noteCap. */
  capsReached: Record<string, number>;
  /** `cc-top doctor` probes that arrived (counted in no figure). */
  probes: { id: string; t: number; signal: string }[];
}

export function emptyState(nowMs: number): StoreState {
  return {
    schemaVersion: SCHEMA_VERSION,
    createdAt: nowMs,
    updatedAt: nowMs,
    totals: {},
    totalsByModel: {},
    totalsBySource: {},
    minutes: [],
    hours: [],
    days: [],
    sessions: {},
    sessionsSeen: 0,
    tools: {},
    api: {},
    errorsByStatus: {},
    eventCounts: {},
    events: [],
    recentEventIds: [],
    streams: {},
    lastData: {},
    unknown: { metrics: {}, events: {} },
    rejected: { points: 0, records: 0 },
    duplicates: { points: 0, records: 0 },
    traces: { requests: 0, spans: 0 },
    probes: [],
    capsReached: {},
  };
}
