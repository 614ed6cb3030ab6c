// Applying typed samples and events to the state.
//
// These functions are deterministic and do no I/O: the time is passed in, and the state they are
// given is updated in place (the store owns it). Every cost past a cap stays O(1) per item: the
// session table is a Map in least-recently-seen order, so the session to evict is its first.
import { createHash } from 'node:crypto';
import type { Counters, EventDetail, Field, Labels, MetricSample, QuerySource, TelemetryEvent, UnknownMetric } from '../telemetry/model.js';
import { addCounters, addInto, bumpCount, cappedEntry, pushRing } from './counters.js';
import { addToRollups, minuteStart, type CellId, type Samples } from './rollups.js';
import { SESSION_LABELS_CAP } from '../telemetry/session.js';
import {
  EVENT_LOG_CAP,
  MODELS_CAP,
  NAMED_COUNTS_CAP,
  ORIGINALS_CAP,
  RECENT_EVENT_IDS_CAP,
  SESSIONS_CAP,
  TOOLS_CAP,
  usageKey,
  type ImportedGroup,
  type LogEntry,
  type SessionOrigin,
  type SessionRecord,
  type StoreState,
  type Usage,
} from './state.js';
import { applyTemporality } from './temporality.js';
import { noteTelemetry } from './importRecords.js';

export type ApplyOutcome = 'counted' | 'duplicate' | 'stale';

/**
 * Record that input ran into a cap, once: a notice in the event log and a marker the header
 * shows, so a user knows why some figures sit under "(other)".
 */
export function noteCap(state: StoreState, what: string, cap: number, nowMs: number): void {
  if (state.capsReached.has(what)) return;
  state.capsReached.set(what, nowMs);
  notice(state, nowMs, 'cap_reached', [
    ['what', what],
    ['cap', cap],
  ]);
}

/** What an increment belongs to: its session (if any), model, query source and tool. */
interface Attribution {
  session: SessionRecord | undefined;
  model?: string | undefined;
  source?: QuerySource | undefined;
  tool?: string | undefined;
}

/** Known tools and models are capped like every other name from the wire. */
function cappedName(state: StoreState, seen: Map<string, number>, name: string | undefined, cap: number, what: string, nowMs: number): string | undefined {
  if (name === undefined) return undefined;
  let resolved = name;
  cappedEntry(seen, name, cap, () => 0, () => {
    noteCap(state, what, cap, nowMs);
    resolved = '(other)';
  });
  return resolved;
}

/** Models and tools seen, for their caps (derived from the totals; not persisted). */
const namesSeen = new WeakMap<StoreState, { models: Map<string, number>; tools: Map<string, number> }>();

function seenNames(state: StoreState): { models: Map<string, number>; tools: Map<string, number> } {
  let seen = namesSeen.get(state);
  if (!seen) {
    const models = new Map<string, number>([...state.totals.byModel.keys()].map((k) => [k, 0]));
    const tools = new Map<string, number>();
    for (const b of state.days) for (const c of b.cells.values()) if (c.tool !== undefined) tools.set(c.tool, 0);
    seen = { models, tools };
    namesSeen.set(state, seen);
  }
  return seen;
}

/** Add to the usage entry of a model and query source, created on first use. */
function addUsage(usages: Map<string, Usage>, model: string | undefined, source: QuerySource | undefined, counters: Counters): void {
  const key = usageKey(model, source);
  let usage = usages.get(key);
  if (!usage) {
    usage = { counters: {} };
    if (model !== undefined) usage.model = model;
    if (source !== undefined) usage.source = source;
    usages.set(key, usage);
  }
  addCounters(usage.counters, counters);
}

function addFigures(state: StoreState, t: number, counters: Counters, a: Attribution, nowMs: number, samples?: Samples): string | undefined {
  const seen = seenNames(state);
  const model = cappedName(state, seen.models, a.model, MODELS_CAP, 'models', nowMs);
  const tool = cappedName(state, seen.tools, a.tool, TOOLS_CAP, 'tools', nowMs);
  addCounters(state.totals.counters, counters);
  if (model !== undefined) addInto(state.totals.byModel, model, counters);
  if (a.source !== undefined) addInto(state.totals.bySource, a.source, counters);
  if (a.session) addCounters(a.session.counters, counters);
  addUsage(a.session ? a.session.usage : state.sessionless, model, a.source, counters);
  const id: CellId = { session: a.session?.id ?? '', model, source: a.source, tool };
  addToRollups(state, t, id, counters, nowMs, () => noteCap(state, 'rollup cells', 0, nowMs), samples);
  return model;
}

/**
 * Figures imported from a transcript, landed like received data: totals, the session's usage
 * and a cell in every tier that still holds `g.t`. Returns the group as stored (the model under
 * the name it was counted as, past the models cap), to take it back exactly later.
 */
export function addImportedGroup(state: StoreState, session: SessionRecord, g: ImportedGroup, nowMs: number): ImportedGroup {
  const t = Math.min(g.t, nowMs);
  const model = addFigures(state, t, g.counters, { session, model: g.model, source: g.source }, nowMs);
  const usage = session.usage.get(usageKey(model, g.source))!;
  addCounters((usage.imported ??= {}), g.counters);
  return { t, ...(model !== undefined ? { model } : {}), ...(g.source !== undefined ? { source: g.source } : {}), counters: g.counters };
}

/** Drop a session's record, folding its figures (and their imported part) into `evicted`: they stay in every total. */
export function evictSession(state: StoreState, session: SessionRecord): void {
  state.sessions.delete(session.id);
  state.evicted.sessions++;
  for (const [key, usage] of session.usage) {
    let into = state.evicted.usage.get(key);
    if (!into) {
      into = { ...(usage.model !== undefined ? { model: usage.model } : {}), ...(usage.source !== undefined ? { source: usage.source } : {}), counters: {} };
      state.evicted.usage.set(key, into);
    }
    addCounters(into.counters, usage.counters);
    if (usage.imported) addCounters((into.imported ??= {}), usage.imported);
  }
}

/** Fold the least recently seen session into `evicted`. */
function evictLeastRecentSession(state: StoreState): void {
  const first = state.sessions.values().next();
  if (!first.done) evictSession(state, first.value);
}

function newSession(id: string, t: number, origin: SessionOrigin): SessionRecord {
  return { id, firstSeen: t, lastSeen: t, counters: {}, usage: new Map(), labels: new Map(), origin };
}

/** The session record for an id, created (and counted as seen) on first sight, moved to most recent. */
export function touchSession(state: StoreState, id: string, t: number, labels: Labels, nowMs: number, origin: SessionOrigin = 'otlp'): SessionRecord {
  let session = state.sessions.get(id);
  if (session) {
    // Most recently seen last: the first entry is always the one to evict.
    state.sessions.delete(id);
  } else {
    if (state.sessions.size >= SESSIONS_CAP) {
      evictLeastRecentSession(state);
      noteCap(state, 'sessions', SESSIONS_CAP, nowMs);
    }
    session = newSession(id, t, origin);
    state.sessionsSeen++;
  }
  state.sessions.set(id, session);
  if (t < session.firstSeen) session.firstSeen = t;
  if (t > session.lastSeen) session.lastSeen = t;
  for (const [k, v] of labels) {
    if (session.labels.get(k) === v) continue;
    if (!session.labels.has(k) && session.labels.size >= SESSION_LABELS_CAP) continue;
    session.labels.set(k, v);
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
  sessionId: string | undefined;
  labels: Labels;
  model: string | undefined;
  source: QuerySource | undefined;
  first: number;
  last: number;
  /** The earliest start of the group's points (ns, decimal), for the time telemetry covered. */
  startNs: string | undefined;
  counters: Counters;
  counted: boolean;
}

/** a < b for non-negative decimal strings. */
const lessDecimal = (a: string, b: string): boolean => a.length < b.length || (a.length === b.length && a < b);

/** A metric interval's start as epoch ms; a start far before the point is no start at all. */
function intervalStart(startNs: string | undefined, first: number): number {
  if (startNs === undefined) return first;
  // Whole milliseconds: the store keeps times as integers.
  const ms = Math.floor(Number(startNs) / 1e6);
  return ms < first && ms > first - 31 * 86_400_000 ? ms : first;
}

/**
 * Apply a request's metric samples. Temporality is decided per point; the figures are then added
 * once per (session, model, query source, minute): a Claude Code export carries a dozen points
 * that nearly all share those.
 */
export function applyMetricBatch(state: StoreState, samples: readonly MetricSample[], nowMs: number): BatchOutcome {
  const outcome: BatchOutcome = { counted: 0, duplicates: 0, stale: 0, newStreams: 0 };
  const groups = new Map<string, Group>();
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
    const key = `${sample.sessionId ?? ''}\u0000${sample.model ?? ''}\u0000${sample.querySource ?? ''}\u0000${minuteStart(t)}`;
    let g = groups.get(key);
    if (!g) {
      g = { sessionId: sample.sessionId, labels: sample.labels, model: sample.model, source: sample.querySource, first: t, last: t, startNs: undefined, counters: {}, counted: false };
      groups.set(key, g);
    }
    if (sample.startNs !== '0' && (g.startNs === undefined || lessDecimal(sample.startNs, g.startNs))) g.startNs = sample.startNs;
    if (t < g.first) g.first = t;
    if (t > g.last) g.last = t;
    // Labels are worked out once per session and request; points of other series may add some.
    if (sample.labels !== g.labels && sample.labels.size > 0) g.labels = new Map([...g.labels, ...sample.labels]);
    if (result.units !== 0) {
      g.counters[sample.counter] = (g.counters[sample.counter] ?? 0) + result.units;
      g.counted = true;
    }
  }
  state.duplicates.points += outcome.duplicates;
  if (groups.size === 0) return outcome;
  state.lastData.metrics = nowMs;
  state.updatedAt = nowMs;
  for (const g of groups.values()) {
    let session: SessionRecord | undefined;
    if (g.sessionId !== undefined) {
      session = touchSession(state, g.sessionId, g.first, g.labels, nowMs);
      if (g.last > session.lastSeen) session.lastSeen = g.last;
      session.lastMetricAt = nowMs;
      noteTelemetry(state, session, intervalStart(g.startNs, g.first), g.last);
    }
    if (g.counted) addFigures(state, g.last, g.counters, { session, model: g.model, source: g.source }, nowMs);
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
    case 'tool_decision':
      return d.decision === 'accept' ? { toolAccepts: 1 } : d.decision === 'reject' ? { toolRejects: 1 } : {};
    default:
      return {};
  }
}

function eventDimensions(d: EventDetail): { model?: string; source?: QuerySource; tool?: string } {
  if (d.type === 'api_request') return { model: d.model, ...(d.querySource ? { source: d.querySource } : {}) };
  if (d.type === 'api_error') return { model: d.model };
  if (d.type === 'tool_result' || d.type === 'tool_decision') return { tool: d.toolName };
  return {};
}

function eventSamples(d: EventDetail): Samples | undefined {
  if (d.type === 'api_request') return { durationMs: d.durationMs, ttftMs: d.ttftMs };
  if (d.type === 'tool_result') return { durationMs: d.durationMs };
  return undefined;
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
  let session: SessionRecord | undefined;
  if (event.sessionId !== undefined) {
    session = touchSession(state, event.sessionId, t, event.labels, nowMs);
    session.lastEventAt = nowMs;
    noteTelemetry(state, session, t, t);
  }
  state.lastData.events = nowMs;
  state.updatedAt = nowMs;
  const counters = eventCounters(event.detail);
  if (Object.keys(counters).length > 0) addFigures(state, t, counters, { session, ...eventDimensions(event.detail) }, nowMs, eventSamples(event.detail));
  if (event.detail.type === 'api_error') {
    const status = event.detail.statusCode !== undefined ? String(event.detail.statusCode) : 'no status';
    bumpCount(state.errorsByStatus, status, NAMED_COUNTS_CAP, 1, () => noteCap(state, 'status codes', NAMED_COUNTS_CAP, nowMs));
  }
  const onOverflow = () => noteCap(state, 'event names', NAMED_COUNTS_CAP, nowMs);
  bumpCount(state.eventCounts, event.name, NAMED_COUNTS_CAP, 1, onOverflow);
  if (!event.known) bumpCount(state.unknown.events, event.name, NAMED_COUNTS_CAP, 1, onOverflow);
  const entry: LogEntry = { time: t, session: event.sessionId ?? '', name: event.name, fields: event.fields };
  if (event.attributes.length > 0) entry.attributes = event.attributes;
  if (event.sequence !== undefined) entry.sequence = event.sequence;
  if (!event.known) entry.kind = 'unknown';
  pushRing(state.events, entry, EVENT_LOG_CAP);
  return 'counted';
}

/** Count metrics cc-top does not interpret; the first sighting of a name is noted in the log. */
export function noteUnknownMetrics(state: StoreState, unknown: readonly UnknownMetric[], nowMs: number): void {
  for (const u of unknown) {
    const firstSighting = !state.unknown.metrics.has(u.name);
    bumpCount(state.unknown.metrics, u.name, NAMED_COUNTS_CAP, u.points, () => noteCap(state, 'metric names', NAMED_COUNTS_CAP, nowMs));
    if (firstSighting && state.unknown.metrics.has(u.name)) {
      notice(state, nowMs, 'unknown_metric', [
        ['name', u.name],
        ['points', u.points],
      ]);
    }
  }
}

/** Remember the originals of wire strings that were made safe (for --json), capped. */
export function noteOriginals(state: StoreState, originals: ReadonlyMap<string, string>): void {
  for (const [safe, raw] of originals) {
    if (state.originals.size >= ORIGINALS_CAP) return;
    state.originals.set(safe, raw);
  }
}

/** cc-top's own entries in the event log (unknown data, dropped input, warnings). */
export function notice(state: StoreState, nowMs: number, name: string, fields: Field[]): void {
  pushRing(state.events, { time: nowMs, session: '', name, fields, kind: 'notice' }, EVENT_LOG_CAP);
}
