// Applying typed samples and events to the state.
//
// These functions are deterministic and do no I/O: the time is passed in, and the state they are
// given is updated in place (the store owns it; copying a multi-megabyte state per data point
// would make ingest slow). Tests call them directly.
import { createHash } from 'node:crypto';
import type { Counters, EventDetail, MetricSample, TelemetryEvent, UnknownMetric } from '../telemetry/model.js';
import { addCounters, bumpCount, cappedEntry, noCounters, pushRing } from './counters.js';
import { addToRollups, minuteStart } from './rollups.js';
import { EMPTY_LABELS } from '../telemetry/session.js';
import {
  DURATION_SAMPLES_CAP,
  EVENT_LOG_CAP,
  MODELS_CAP,
  NAMED_COUNTS_CAP,
  RECENT_EVENT_IDS_CAP,
  SESSION_LABELS_CAP,
  SESSIONS_CAP,
  TOOLS_CAP,
  type Dimensions,
  type LogEntry,
  type SessionRecord,
  type StoreState,
} from './state.js';
import { applyTemporality } from './temporality.js';
import { ownValue, setOwn } from '../telemetry/wireKeys.js';

export type ApplyOutcome = 'counted' | 'duplicate' | 'stale';

/**
 * Record that input ran into a cap, once: a notice in the event log and a marker the header
 * shows, so a user knows why some figures sit under "(other)".
 */
export function noteCap(state: StoreState, what: string, cap: number, nowMs: number): void {
  if (state.capsReached[what] !== undefined) return;
  state.capsReached[what] = nowMs;
  notice(state, nowMs, 'cap_reached', { what, cap });
}

const overflow = (state: StoreState, what: string, cap: number, nowMs: number) => () => noteCap(state, what, cap, nowMs);

function addFigures(state: StoreState, t: number, counters: Counters, dims: Dimensions, session: SessionRecord, nowMs: number): void {
  addCounters(state.totals, counters);
  addCounters(session.c, counters);
  const onModelOverflow = overflow(state, 'models', MODELS_CAP, nowMs);
  if (dims.model) {
    addCounters(cappedEntry(state.totalsByModel, dims.model, MODELS_CAP, noCounters, onModelOverflow), counters);
    addCounters(cappedEntry(session.m, dims.model, MODELS_CAP, noCounters, onModelOverflow), counters);
  }
  if (dims.querySource) addCounters((state.totalsBySource[dims.querySource] ??= {}), counters);
  addToRollups(state, t, counters, dims, nowMs, onModelOverflow);
}

function evictLeastRecentSession(state: StoreState): void {
  let oldest: SessionRecord | undefined;
  for (const id in state.sessions) {
    const s = state.sessions[id]!;
    if (!oldest || s.lastSeen < oldest.lastSeen) oldest = s;
  }
  if (oldest) delete state.sessions[oldest.id];
}

/** The session record for an id, created (and counted as seen) on first sight. */
export function touchSession(state: StoreState, id: string, t: number, labels: Record<string, string>, nowMs: number): SessionRecord {
  let session = ownValue(state.sessions, id);
  if (!session) {
    if (Object.keys(state.sessions).length >= SESSIONS_CAP) {
      evictLeastRecentSession(state);
      noteCap(state, 'sessions', SESSIONS_CAP, nowMs);
    }
    session = setOwn(state.sessions, id, { id, firstSeen: t, lastSeen: t, c: {}, m: {}, labels: {} });
    state.sessionsSeen++;
  }
  if (t < session.firstSeen) session.firstSeen = t;
  if (t > session.lastSeen) session.lastSeen = t;
  let room: number | undefined; // counted only when a new label comes (rarely)
  for (const k in labels) {
    if (ownValue(session.labels, k) === labels[k]) continue;
    if (!Object.hasOwn(session.labels, k)) {
      room ??= SESSION_LABELS_CAP - Object.keys(session.labels).length;
      if (room <= 0) continue;
      room--;
    }
    setOwn(session.labels, k, labels[k]!);
  }
  return session;
}

export interface BatchOutcome {
  counted: number;
  duplicates: number;
  stale: number;
  /** Streams the batch added to the stream table. */
  newStreams: number;
}

/** Increments of one request that land on the same session, dimensions and minute. */
interface Group {
  sessionId: string;
  labels: Record<string, string>;
  dims: Dimensions;
  minute: number;
  first: number;
  last: number;
  counters: Counters;
  /** Whether any counter moved. */
  counted: boolean;
}

/** Session, model and query source as one key, worked out once per series when it has a memo. */
function groupOf(sample: MetricSample): string {
  const series = sample.series;
  if (series?.group !== undefined) return series.group;
  const group = `${sample.sessionId}\u0000${sample.model ?? ''}\u0000${sample.querySource ?? ''}`;
  if (series) series.group = group;
  return group;
}

/**
 * A request's groups: by session/model/query source, then by minute. Nearly every point of an
 * export shares its group's minute, so the usual lookup is one Map probe with a string that is
 * hashed once per series, not a key built per point.
 */
class Groups {
  private readonly byGroup = new Map<string, Group>();
  /** Groups whose minute differs from the first seen for their session/model/query source. */
  private readonly otherMinutes = new Map<string, Group>();
  /** Every group, in the order first seen. */
  readonly all: Group[] = [];

  for(sample: MetricSample, t: number): Group {
    const key = groupOf(sample);
    const minute = minuteStart(t);
    const first = this.byGroup.get(key);
    if (first?.minute === minute) return first;
    if (!first) return this.add(this.byGroup, key, newGroup(sample, minute, t));
    const other = `${key}\u0000${minute}`;
    return this.otherMinutes.get(other) ?? this.add(this.otherMinutes, other, newGroup(sample, minute, t));
  }

  private add(map: Map<string, Group>, key: string, group: Group): Group {
    map.set(key, group);
    this.all.push(group);
    return group;
  }
}

function newGroup(sample: MetricSample, minute: number, t: number): Group {
  return { sessionId: sample.sessionId, labels: sample.labels, dims: { model: sample.model, querySource: sample.querySource }, minute, first: t, last: t, counters: {}, counted: false };
}

/**
 * Apply a request's metric samples. Temporality is decided per point; the figures are then added
 * once per (session, model, query source, minute): a Claude Code export carries a dozen points
 * that nearly all share those, and adding each to the totals, the session and three rollup tiers
 * separately made ingest several times slower.
 */
export function applyMetricBatch(state: StoreState, samples: readonly MetricSample[], nowMs: number): BatchOutcome {
  const outcome: BatchOutcome = { counted: 0, duplicates: 0, stale: 0, newStreams: 0 };
  const groups = new Groups();
  for (const sample of samples) {
    const result = applyTemporality(state.streams, sample, nowMs);
    if (result.kind === 'duplicate') {
      outcome.duplicates++;
      continue;
    }
    if (result.kind === 'stale') {
      outcome.stale++;
      continue;
    }
    outcome.counted++;
    if (result.created) outcome.newStreams++;
    const t = Math.min(sample.timeMs, nowMs);
    const group = groups.for(sample, t);
    if (t < group.first) group.first = t;
    if (t > group.last) group.last = t;
    if (sample.labels !== EMPTY_LABELS && sample.labels !== group.labels) group.labels = { ...group.labels, ...sample.labels };
    if (result.units !== 0) {
      group.counters[sample.counter] = (group.counters[sample.counter] ?? 0) + result.units;
      group.counted = true;
    }
  }
  state.duplicates.points += outcome.duplicates;
  if (groups.all.length === 0) return outcome;
  state.lastData.metrics = nowMs;
  state.updatedAt = nowMs;
  for (const g of groups.all) {
    const session = touchSession(state, g.sessionId, g.first, g.labels, nowMs);
    if (g.last > session.lastSeen) session.lastSeen = g.last;
    session.lastMetricAt = nowMs;
    if (g.counted) addFigures(state, g.last, g.counters, g.dims, session, nowMs);
  }
  return outcome;
}

/** One sample on its own (tests, and callers without a batch). */
export function applyMetricSample(state: StoreState, sample: MetricSample, nowMs: number): ApplyOutcome {
  const o = applyMetricBatch(state, [sample], nowMs);
  return o.duplicates ? 'duplicate' : o.stale ? 'stale' : 'counted';
}

function eventCounters(d: EventDetail): Counters {
  switch (d.type) {
    case 'api_request':
      return {
        apiRequests: 1,
        evCostNanos: d.costNanos,
        evTokIn: d.tokens.input,
        evTokOut: d.tokens.output,
        evTokCacheRead: d.tokens.cacheRead,
        evTokCacheCreation: d.tokens.cacheCreation,
      };
    case 'api_error':
      return { apiErrors: 1 };
    case 'user_prompt':
      return { prompts: 1 };
    case 'tool_result':
      return d.success ? { toolCalls: 1 } : { toolCalls: 1, toolFailures: 1 };
    default:
      return {};
  }
}

function eventDimensions(d: EventDetail): Dimensions {
  if (d.type === 'api_request') return { model: d.model, querySource: d.querySource };
  if (d.type === 'api_error') return { model: d.model };
  return {};
}

function recordToolAndApiStats(state: StoreState, d: EventDetail, nowMs: number): void {
  const tool = (name: string) =>
    cappedEntry(state.tools, name, TOOLS_CAP, () => ({ calls: 0, failures: 0, accepts: 0, rejects: 0, durations: [] }), overflow(state, 'tools', TOOLS_CAP, nowMs));
  const api = (model: string) => cappedEntry(state.api, model, MODELS_CAP, () => ({ durations: [], ttfts: [] }), overflow(state, 'models', MODELS_CAP, nowMs));
  switch (d.type) {
    case 'tool_result': {
      const s = tool(d.toolName);
      s.calls++;
      if (!d.success) s.failures++;
      if (d.durationMs !== undefined) pushRing(s.durations, d.durationMs, DURATION_SAMPLES_CAP);
      break;
    }
    case 'tool_decision': {
      const s = tool(d.toolName);
      if (d.decision === 'accept') s.accepts++;
      else if (d.decision === 'reject') s.rejects++;
      break;
    }
    case 'api_request': {
      const s = api(d.model);
      if (d.durationMs !== undefined) pushRing(s.durations, d.durationMs, DURATION_SAMPLES_CAP);
      if (d.ttftMs !== undefined) pushRing(s.ttfts, d.ttftMs, DURATION_SAMPLES_CAP);
      break;
    }
    case 'api_error':
      bumpCount(state.errorsByStatus, d.statusCode !== undefined ? String(d.statusCode) : 'no status', NAMED_COUNTS_CAP, 1, overflow(state, 'status codes', NAMED_COUNTS_CAP, nowMs));
      break;
  }
}

function eventId(identity: string): string {
  return createHash('sha1').update(identity).digest('base64url').slice(0, 16);
}

/** Set views of the recent-id rings, rebuilt lazily (they are not persisted). */
const recentIdSets = new WeakMap<string[], Set<string>>();

function seenBefore(state: StoreState, id: string): boolean {
  let set = recentIdSets.get(state.recentEventIds);
  if (!set) {
    set = new Set(state.recentEventIds);
    recentIdSets.set(state.recentEventIds, set);
  }
  if (set.has(id)) return true;
  state.recentEventIds.push(id);
  set.add(id);
  if (state.recentEventIds.length > RECENT_EVENT_IDS_CAP) {
    const dropped = state.recentEventIds.splice(0, state.recentEventIds.length - RECENT_EVENT_IDS_CAP);
    for (const d of dropped) set.delete(d);
  }
  return false;
}

export function applyEvent(state: StoreState, event: TelemetryEvent, nowMs: number): ApplyOutcome {
  if (seenBefore(state, eventId(event.identity))) {
    state.duplicates.records++;
    return 'duplicate';
  }
  const t = Math.min(event.timeMs, nowMs);
  const session = touchSession(state, event.sessionId, t, event.labels, nowMs);
  session.lastEventAt = nowMs;
  state.lastData.events = nowMs;
  state.updatedAt = nowMs;
  const counters = eventCounters(event.detail);
  if (Object.keys(counters).length > 0) addFigures(state, t, counters, eventDimensions(event.detail), session, nowMs);
  recordToolAndApiStats(state, event.detail, nowMs);
  const onOverflow = overflow(state, 'event names', NAMED_COUNTS_CAP, nowMs);
  bumpCount(state.eventCounts, event.name, NAMED_COUNTS_CAP, 1, onOverflow);
  if (!event.known) bumpCount(state.unknown.events, event.name, NAMED_COUNTS_CAP, 1, onOverflow);
  const entry: LogEntry = { t, s: event.sessionId, n: event.name, f: event.fields };
  if (event.sequence !== undefined) entry.q = event.sequence;
  if (!event.known) entry.k = 'unknown';
  pushRing(state.events, entry, EVENT_LOG_CAP);
  return 'counted';
}

/** Count metrics cc-top does not interpret; the first sighting of a name is noted in the log. */
export function noteUnknownMetrics(state: StoreState, unknown: UnknownMetric[], nowMs: number): void {
  for (const u of unknown) {
    const firstSighting = !(u.name in state.unknown.metrics);
    bumpCount(state.unknown.metrics, u.name, NAMED_COUNTS_CAP, u.points, overflow(state, 'metric names', NAMED_COUNTS_CAP, nowMs));
    if (firstSighting) notice(state, nowMs, 'unknown_metric', { name: u.name, points: u.points });
  }
}

/** cc-top's own entries in the event log (unknown data, dropped input, warnings). */
export function notice(state: StoreState, nowMs: number, name: string, fields: LogEntry['f']): void {
  pushRing(state.events, { t: nowMs, s: '', n: name, f: fields, k: 'notice' }, EVENT_LOG_CAP);
}
