// The model every report reads: totals, time buckets of per-session cells, sessions, the event
// log, and the state that keeps metric streams exact. Collections keyed by names from the wire
// (sessions, models, tools, labels) are Maps, so a name like `__proto__` is only ever data. Every
// collection that grows with input has a named cap. Persisted by persistence.ts.
import type { Counters, Field, QuerySource } from '../telemetry/model.js';

export const SCHEMA_VERSION = 2;

// Named caps: every ring, rollup and map that grows with input has one.
/** Per-minute buckets: 25 h, so that "today" is covered even on a 25-hour DST day. */
export const MINUTE_BUCKETS_CAP = 25 * 60;
/** Per-hour buckets: 31 days plus the current hour. */
export const HOUR_BUCKETS_CAP = 31 * 24 + 1;
/** Per-day buckets: 400 days. */
export const DAY_BUCKETS_CAP = 400;
/**
 * Cells in all buckets together. Past it, new cells of a bucket are folded into one cell of
 * OVERFLOW_KEY (totals stay exact; only the split by session, model and tool is lost).
 */
export const CELLS_CAP = 60_000;
/** Session records; past it the least recently seen is folded into `evicted` (its figures stay). */
export const SESSIONS_CAP = 3_000;
/** The event log ring. */
export const EVENT_LOG_CAP = 2_000;
/** Identities of recent log records, to drop records re-sent by an exporter retry. */
export const RECENT_EVENT_IDS_CAP = 4_096;
/** Metric streams (temporality state); the least recently updated go first. */
export const STREAMS_CAP = 20_000;
/** Delta points remembered per stream to recognise a retried export. */
export const DELTA_DEDUPE_WINDOW = 16;
/** Latency samples kept per hour cell (API calls by model, tool calls by tool). */
export const CELL_SAMPLES_CAP = 32;
/** Distinct tools, models, status codes and unknown names tracked; the rest go to OVERFLOW_KEY. */
export const TOOLS_CAP = 200;
export const MODELS_CAP = 100;
export const NAMED_COUNTS_CAP = 200;
export const OVERFLOW_KEY = '(other)';
/** Doctor probes remembered. */
export const PROBES_CAP = 16;
/** Originals of wire strings that had to be made safe (for --json). */
export const ORIGINALS_CAP = 256;
/** Sessions whose transcript import is remembered (what was applied, so a re-import changes nothing). */
export const IMPORT_RECORDS_CAP = 20_000;
/** Spans of OTLP data remembered per session (telemetry's part of it, which imports leave alone). */
export const OTLP_SPANS_CAP = 8;
/**
 * An imported transcript segment can be taken back (telemetry arrived for it, or it was still
 * growing) this long after its last line: telemetry only ever arrives live, and the minute
 * buckets it was added to are kept as long.
 */
export const IMPORT_RETRACTABLE_MS = MINUTE_BUCKETS_CAP * 60_000;
/** The store file's size budget: past it, the oldest detail is shed until it fits (see budget.ts). */
export const STORE_SIZE_BUDGET_BYTES = 16 * 1024 * 1024;

/** Figures of one session, model, query source and tool within one bucket. */
export interface Cell {
  /** '' for figures that belong to no session (Claude Code sent no session ids). */
  session: string;
  model?: string;
  source?: QuerySource;
  tool?: string;
  counters: Counters;
  /** Hour buckets only: latest durations (API calls, or tool calls), ms. */
  durations?: number[];
  /** Hour buckets only: latest times to first token of API calls, ms. */
  ttfts?: number[];
}

export interface Bucket {
  /** Start of the bucket, epoch ms (minute/hour: UTC-aligned; day: local midnight). */
  start: number;
  cells: Map<string, Cell>;
}

/** Counters by model and by query source besides the whole: the all-time totals. */
export interface Figures {
  counters: Counters;
  byModel: Map<string, Counters>;
  bySource: Map<QuerySource, Counters>;
}

/** A session's figures for one model and query source. */
export interface Usage {
  model?: string;
  source?: QuerySource;
  counters: Counters;
  /**
   * The part of `counters` imported from transcripts (absent: none). /metrics serves what arrived
   * as telemetry only: history imported at once would make a series jump at the time of the import.
   */
  imported?: Counters;
}

export type SessionOrigin = 'otlp' | 'transcript' | 'prometheus';

export interface SessionRecord {
  id: string;
  firstSeen: number;
  lastSeen: number;
  /** Receive time of the session's last metric and last event. */
  lastMetricAt?: number;
  lastEventAt?: number;
  /** All its figures, and the same by model and query source (key: usageKey). */
  counters: Counters;
  usage: Map<string, Usage>;
  /** Identity and grouping attributes seen on the session (user, repository, resource keys). */
  labels: Map<string, string>;
  /** Where its figures came from: received over OTLP, imported from a transcript, read from Prometheus. */
  origin: SessionOrigin;
  /**
   * Set on a record that stands for this many sessions not listed one by one: a source that sums
   * on its server (Prometheus) lists the top sessions and folds the rest, one record per group.
   */
  folded?: number;
  /**
   * When telemetry was received for it (data times, merged spans, oldest first): an import adds
   * only the parts of its transcript that fall outside these.
   */
  otlpSpans?: [from: number, to: number][];
}

/** Figures an import added at one time, model and query source (kept to take them back exactly). */
export interface ImportedGroup {
  t: number;
  model?: string;
  source?: QuerySource;
  counters: Counters;
}

/** One run of Claude Code in a transcript: the lines up to its `cost-state`, or the lines since the last one. */
export interface ImportedSegment {
  /** Times of its first and last line, epoch ms. */
  first: number;
  last: number;
  /** Not closed by a cost-state yet: estimated, and recomputed when the transcript grows. */
  open: boolean;
  groups: ImportedGroup[];
}

/** Claude Code's own running totals of a session, as of its last cost-state line. */
export interface CostStateTotals {
  /** By model: tokIn, tokOut, tokCacheRead, tokCacheCreation, costNanos. */
  models: Map<string, Counters>;
  linesAdded: number;
  linesRemoved: number;
}

/** What importing a session's transcript has done so far. */
export interface ImportRecord {
  /** Time of the last line a cost-state settled (0: none yet): lines up to it are done for good. */
  settledUntil: number;
  /** Claude Code's totals at that cost-state (the next one adds its difference). */
  costState?: CostStateTotals;
  /** Segments that may still be taken back: open ones, and those applied within IMPORT_RETRACTABLE_MS. */
  segments: ImportedSegment[];
  /** When it was last imported, epoch ms (the least recent record goes first past the cap). */
  importedAt: number;
}

export interface LogEntry {
  /** Event time, epoch ms. */
  time: number;
  /** Session id ('' for cc-top's own notices and records without a session). */
  session: string;
  /** Event name (`api_request`), or a notice name for cc-top's own entries. */
  name: string;
  /** The fields that tell what happened, in order. */
  fields: Field[];
  /** The rest of its attributes, for the event's detail view. */
  attributes?: Field[];
  /** Omitted for Claude Code events, `notice` for cc-top's own, `unknown` for unknown events. */
  kind?: 'notice' | 'unknown';
  /** event.sequence, to order events with the same timestamp. */
  sequence?: number;
}

export interface StreamState {
  temporality: 'delta' | 'cumulative';
  /** Cumulative: the last value seen, in integer units. */
  lastValue?: number;
  /**
   * Cumulative: time of the last point (ns string), to ignore stale out-of-order points. Delta:
   * the latest time seen, so a later point skips the window.
   */
  lastTimeNs?: string;
  /** Delta: marks of recent points (see deltaMark in temporality.ts), to drop a retried export. */
  marks?: number[];
  /** Last update, receive time in ms, for eviction. */
  updatedAt: number;
}

/**
 * Where a state's figures came from when it is not this machine's store: a team's Prometheus.
 * Never persisted; set by the source that builds such a state.
 */
export interface StateOrigin {
  kind: 'prometheus';
  /** The server as shown (no credentials). */
  url: string;
  /** When the figures were read (epoch ms); 0 before the first answer. */
  asOf: number;
  /** The last refresh failed: the figures shown are the last good ones. */
  stale?: { since: number; error: string };
  /** Events (requests, errors, prompts, tools, latency, provisional cost) are not in this source. */
  noEvents: true;
  /** Metric names the figures were read from. */
  metricNames: string[];
  /** What the figures rest on that a user should know (e.g. resets counted approximately). */
  notes: string[];
}

export interface StoreState {
  schemaVersion: number;
  /** Set when the figures do not come from this machine's receiver (see StateOrigin). */
  origin?: StateOrigin;
  createdAt: number;
  updatedAt: number;
  totals: Figures;
  minutes: Bucket[];
  hours: Bucket[];
  days: Bucket[];
  /** In least-recently-seen order (a session seen again moves to the end). */
  sessions: Map<string, SessionRecord>;
  /** Distinct sessions ever seen, including those folded into `evicted` by the cap. */
  sessionsSeen: number;
  /** Figures of the sessions dropped by SESSIONS_CAP, by model and query source. */
  evicted: { sessions: number; usage: Map<string, Usage> };
  /**
   * Figures that came with no session id (OTEL_METRICS_INCLUDE_SESSION_ID=false), by model and
   * query source: with the sessions and `evicted`, they make up the totals (/metrics needs them
   * apart, with their model and source, all time).
   */
  sessionless: Map<string, Usage>;
  errorsByStatus: Map<string, number>;
  /** Events received, by name (all names, Claude Code's and unknown ones; capped). */
  eventCounts: Map<string, number>;
  events: LogEntry[];
  recentEventIds: string[];
  streams: Map<string, StreamState>;
  /** Receive time of the last accepted data per signal. */
  lastData: { metrics?: number; events?: number };
  unknown: { metrics: Map<string, number>; events: Map<string, number> };
  rejected: { points: number; records: number };
  duplicates: { points: number; records: number };
  /** Points and records from services that are not Claude Code (never counted in a figure). */
  foreign: { points: number; records: number };
  traces: { requests: number; spans: number };
  /** Caps that input has run into (what -> first time), shown as warnings; see noteCap. */
  capsReached: Map<string, number>;
  /** `cc-top doctor` probes that arrived (counted in no figure). */
  probes: { id: string; time: number; signal: string }[];
  /** Wire strings that had to be made safe -> what was sent (for --json). */
  originals: Map<string, string>;
  /** Transcript imports by session id (see importRecords.ts). */
  imports: Map<string, ImportRecord>;
}

export function emptyFigures(): Figures {
  return { counters: {}, byModel: new Map(), bySource: new Map() };
}

export function emptyState(nowMs: number): StoreState {
  return {
    schemaVersion: SCHEMA_VERSION,
    createdAt: nowMs,
    updatedAt: nowMs,
    totals: emptyFigures(),
    minutes: [],
    hours: [],
    days: [],
    sessions: new Map(),
    sessionsSeen: 0,
    evicted: { sessions: 0, usage: new Map() },
    sessionless: new Map(),
    errorsByStatus: new Map(),
    eventCounts: new Map(),
    events: [],
    recentEventIds: [],
    streams: new Map(),
    lastData: {},
    unknown: { metrics: new Map(), events: new Map() },
    rejected: { points: 0, records: 0 },
    duplicates: { points: 0, records: 0 },
    foreign: { points: 0, records: 0 },
    traces: { requests: 0, spans: 0 },
    capsReached: new Map(),
    probes: [],
    originals: new Map(),
    imports: new Map(),
  };
}

/** The usage entry key of a model and query source. */
export function usageKey(model: string | undefined, source: QuerySource | undefined): string {
  return `${model ?? ''}\u0000${source ?? ''}`;
}

/** The cell key of a session, model, query source and tool. */
export function cellKey(session: string, model: string | undefined, source: QuerySource | undefined, tool: string | undefined): string {
  return `${session}\u0000${model ?? ''}\u0000${source ?? ''}\u0000${tool ?? ''}`;
}
