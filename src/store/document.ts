// The store file's shape (schema 2) as a valibot schema, and the conversions between the file and
// the in-memory state. Maps are written as lists of entries, so a name from the wire is always
// data (a JSON object key `__proto__` or `constructor` is not safe to read back into an object).
// Every string read back is made safe again: the file is input like any other.
import * as v from 'valibot';
import { COUNTER_KEYS, QUERY_SOURCES, type Counters, type CounterKey, type Field, type QuerySource } from '../telemetry/model.js';
import { MAX_NAME_CHARS, MAX_VALUE_CHARS, safeText } from '../telemetry/wireText.js';
import type { Bucket, Cell, Figures, ImportRecord, LogEntry, SessionRecord, StoreState, StreamState, Usage } from './state.js';
import { cellKey, usageKey } from './state.js';
import { sumCounters } from './counters.js';

/** Largest value a counter may hold in a file (exact integers only). */
const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const time = v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.maxValue(8.64e15));
const name = v.pipe(
  v.string(),
  v.transform((s) => safeText(s, MAX_NAME_CHARS)),
);
const text = v.pipe(
  v.string(),
  v.transform((s) => safeText(s, MAX_VALUE_CHARS)),
);
const source = v.picklist(QUERY_SOURCES as readonly QuerySource[]);

const KNOWN_COUNTERS: ReadonlySet<string> = new Set(COUNTER_KEYS);

/**
 * Counters: an object whose known keys hold exact non-negative integers (a later version's keys
 * are dropped). Checked and copied in one pass: a store holds tens of thousands of them.
 */
/** The first known counter of `raw` that is not an exact non-negative integer ('' for a non-object). */
function badCounter(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return '';
  for (const k in raw) {
    const value = (raw as Record<string, unknown>)[k];
    if (KNOWN_COUNTERS.has(k) && !(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) return k;
  }
  return undefined;
}

const countersSchema = v.pipe(
  v.custom<Counters>(
    (raw) => badCounter(raw) === undefined,
    (issue) => {
      const key = badCounter(issue.input);
      return key ? `.${key} must be a whole number of 0 or more, not ${JSON.stringify((issue.input as Record<string, unknown>)[key]).slice(0, 40)}` : 'must be an object of counters';
    },
  ),
  v.transform(knownCounters),
);

/** The known, non-zero counters of an object already checked by badCounter (the object itself when that is all it has). */
function knownCounters(raw: Counters): Counters {
  let clean = true;
  for (const k in raw) if (!KNOWN_COUNTERS.has(k) || !raw[k as CounterKey]) clean = false;
  if (clean) return raw;
  const out: Counters = {};
  for (const k in raw) if (KNOWN_COUNTERS.has(k) && raw[k as CounterKey]) out[k as CounterKey] = raw[k as CounterKey];
  return out;
}

const entries = <T extends v.GenericSchema>(key: v.GenericSchema<unknown, string>, value: T) => v.array(v.tuple([key, value]));

const fieldValue = v.union([text, v.pipe(v.number(), v.finite()), v.boolean()]);
const fieldsSchema = v.array(v.tuple([name, fieldValue]));

// `imported`: added within schema 2 (a store written before has none; see usageMap).
const usageSchema = v.object({ model: v.optional(name), source: v.optional(source), counters: countersSchema, imported: v.optional(countersSchema) });
const cellSchema = v.object({
  session: name,
  model: v.optional(name),
  source: v.optional(source),
  tool: v.optional(name),
  counters: countersSchema,
  durations: v.optional(v.array(v.pipe(v.number(), v.finite(), v.minValue(0)))),
  ttfts: v.optional(v.array(v.pipe(v.number(), v.finite(), v.minValue(0)))),
});
/**
 * A list of a bulk record (tens of thousands of cells and streams in a big store): each item is
 * first checked by a plain function that accepts exactly what its schema accepts, and only an item
 * that fails it goes through the schema, which then names the problem and its path. Valibot's
 * per-item bookkeeping was most of the time a large store took to load.
 */
function bulkList<S extends v.GenericSchema>(item: S, plainCheck: (x: unknown) => boolean, plainCopy: (x: never) => v.InferOutput<S>) {
  return v.pipe(
    v.array(v.unknown()),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const out: v.InferOutput<S>[] = new Array(dataset.value.length);
      for (let i = 0; i < dataset.value.length; i++) {
        const x = dataset.value[i];
        if (plainCheck(x)) {
          out[i] = plainCopy(x as never);
          continue;
        }
        const result = v.safeParse(item, x);
        if (result.success) {
          out[i] = result.output;
          continue;
        }
        const issue = result.issues[0];
        const path = (issue.path ?? []).map((p) => (typeof p.key === 'number' ? `[${p.key}]` : `.${String(p.key)}`)).join('');
        addIssue({ message: `[${i}]${path}${issue.message.startsWith('.') ? '' : ': '}${issue.message}` });
        return NEVER;
      }
      return out;
    }),
  );
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isName = (x: unknown): x is string => typeof x === 'string' && x.length <= MAX_NAME_CHARS * 8;
const isSamples = (x: unknown) => x === undefined || (Array.isArray(x) && x.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0));
const SOURCES: ReadonlySet<unknown> = new Set(QUERY_SOURCES);

function plainCell(x: unknown): boolean {
  return (
    isRecord(x) &&
    isName(x['session']) &&
    (x['model'] === undefined || isName(x['model'])) &&
    (x['source'] === undefined || SOURCES.has(x['source'])) &&
    (x['tool'] === undefined || isName(x['tool'])) &&
    badCounter(x['counters']) === undefined &&
    isSamples(x['durations']) &&
    isSamples(x['ttfts'])
  );
}

/** A checked cell, made safe in place (the parsed file is ours to change; copying it was most of the garbage). */
function copyCell(x: CellDocument): CellDocument {
  x.session = safeText(x.session, MAX_NAME_CHARS);
  if (x.model !== undefined) x.model = safeText(x.model, MAX_NAME_CHARS);
  if (x.tool !== undefined) x.tool = safeText(x.tool, MAX_NAME_CHARS);
  x.counters = knownCounters(x.counters);
  return x;
}

const bucketSchema = v.object({ start: time, cells: bulkList(cellSchema, plainCell, copyCell) });
const sessionSchema = v.object({
  id: name,
  firstSeen: time,
  lastSeen: time,
  lastMetricAt: v.optional(time),
  lastEventAt: v.optional(time),
  // A session's counters are the sum of its usage: kept once in the file, summed on load.
  usage: v.array(usageSchema),
  labels: entries(name, text),
  origin: v.optional(v.picklist(['otlp', 'transcript', 'prometheus'] as const), 'otlp'),
  otlpSpans: v.optional(v.array(v.tuple([time, time]))),
});
const importedGroupSchema = v.object({ t: time, model: v.optional(name), source: v.optional(source), counters: countersSchema });
const importRecordSchema = v.object({
  settledUntil: time,
  costState: v.optional(v.object({ models: entries(name, countersSchema), linesAdded: count, linesRemoved: count })),
  segments: v.array(v.object({ first: time, last: time, open: v.boolean(), groups: v.array(importedGroupSchema) })),
  importedAt: time,
});
const logEntrySchema = v.object({
  time,
  session: name,
  name,
  fields: fieldsSchema,
  attributes: v.optional(fieldsSchema),
  kind: v.optional(v.picklist(['notice', 'unknown'] as const)),
  sequence: v.optional(v.pipe(v.number(), v.finite())),
});
const streamSchema = v.object({
  temporality: v.picklist(['delta', 'cumulative'] as const),
  lastValue: v.optional(count),
  lastTimeNs: v.optional(v.pipe(v.string(), v.regex(/^\d{1,20}$/))),
  marks: v.optional(v.array(count)),
  updatedAt: time,
});
const streamEntrySchema = v.tuple([v.pipe(v.string(), v.maxLength(64)), streamSchema]);
type StreamEntry = v.InferOutput<typeof streamEntrySchema>;
const isCount = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const isTime = (x: unknown) => isCount(x) && (x as number) <= 8.64e15;

function plainStreamEntry(x: unknown): boolean {
  if (!Array.isArray(x) || x.length !== 2 || typeof x[0] !== 'string' || x[0].length > 64 || !isRecord(x[1])) return false;
  const s = x[1];
  return (
    (s['temporality'] === 'delta' || s['temporality'] === 'cumulative') &&
    (s['lastValue'] === undefined || isCount(s['lastValue'])) &&
    (s['lastTimeNs'] === undefined || (typeof s['lastTimeNs'] === 'string' && /^\d{1,20}$/.test(s['lastTimeNs']))) &&
    (s['marks'] === undefined || (Array.isArray(s['marks']) && s['marks'].every(isCount))) &&
    isTime(s['updatedAt'])
  );
}

const copyStreamEntry = (entry: StreamEntry): StreamEntry => entry;

const pair = v.object({ points: count, records: count });

export const STORE_DOCUMENT = v.object({
  schemaVersion: v.literal(2),
  createdAt: time,
  updatedAt: time,
  totals: v.object({ counters: countersSchema, byModel: entries(name, countersSchema), bySource: entries(source, countersSchema) }),
  minutes: v.array(bucketSchema),
  hours: v.array(bucketSchema),
  days: v.array(bucketSchema),
  sessions: v.array(sessionSchema),
  sessionsSeen: count,
  evicted: v.object({ sessions: count, usage: v.array(usageSchema) }),
  // Absent from files written before it was kept apart: worked out from the totals then.
  sessionless: v.optional(v.array(usageSchema)),
  errorsByStatus: entries(name, count),
  eventCounts: entries(name, count),
  events: v.array(logEntrySchema),
  recentEventIds: v.array(v.pipe(v.string(), v.maxLength(64))),
  streams: bulkList(streamEntrySchema, plainStreamEntry, copyStreamEntry),
  lastData: v.object({ metrics: v.optional(time), events: v.optional(time) }),
  unknown: v.object({ metrics: entries(name, count), events: entries(name, count) }),
  rejected: pair,
  duplicates: pair,
  foreign: v.optional(pair, { points: 0, records: 0 }),
  traces: v.object({ requests: count, spans: count }),
  capsReached: entries(name, time),
  probes: v.array(v.object({ id: name, time, signal: name })),
  // The originals are what was sent, kept raw on purpose (only --json prints them, escaped).
  originals: entries(v.pipe(v.string(), v.maxLength(MAX_VALUE_CHARS * 2)), v.pipe(v.string(), v.maxLength(MAX_VALUE_CHARS * 2))),
  // Added within schema 2: a store written before transcript imports has none.
  imports: v.optional(entries(name, importRecordSchema), []),
});

export type StoreDocument = v.InferOutput<typeof STORE_DOCUMENT>;
type UsageDocument = v.InferOutput<typeof usageSchema>;
type CellDocument = v.InferOutput<typeof cellSchema>;
type ImportDocument = v.InferOutput<typeof importRecordSchema>;

/** The first problem of a document that does not fit, naming the field (`sessions[3].counters.costNanos`). */
export function describeIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0];
  if (!first) return 'it does not have the expected shape';
  const path = (first.path ?? []).map((p) => (typeof p.key === 'number' ? `[${p.key}]` : `.${String(p.key)}`)).join('').replace(/^\./, '');
  // A message that names a key inside the value (`.costNanos must be…`) continues the path.
  return first.message.startsWith('.') ? `${path}${first.message}` : `${path || 'the document'}: ${first.message}`;
}

function usageFrom(doc: UsageDocument, allImported: boolean): Usage {
  const imported = doc.imported ?? (allImported ? { ...doc.counters } : undefined);
  return { ...(doc.model !== undefined ? { model: doc.model } : {}), ...(doc.source !== undefined ? { source: doc.source } : {}), counters: doc.counters, ...(imported ? { imported } : {}) };
}

/**
 * Usage entries by key. `allImported`: the owner's figures all came from transcripts (a session
 * only ever imported), which is what its entries mean when a store from before `imported` was
 * kept has none.
 */
function usageMap(list: readonly UsageDocument[], allImported = false): Map<string, Usage> {
  const out = new Map<string, Usage>();
  for (const u of list) out.set(usageKey(u.model, u.source), usageFrom(u, allImported));
  return out;
}


function bucketsFrom(list: StoreDocument['minutes']): Bucket[] {
  const sorted = [...list].sort((a, b) => a.start - b.start);
  // The cells are checked and made safe already (see bulkList): used as they are.
  return sorted.map((b) => ({ start: b.start, cells: new Map(b.cells.map((c) => [cellKey(c.session, c.model, c.source, c.tool), c as Cell])) }));
}

function figuresFrom(doc: StoreDocument['totals']): Figures {
  return { counters: doc.counters, byModel: new Map(doc.byModel), bySource: new Map(doc.bySource as [QuerySource, Counters][]) };
}

/**
 * The figures of no session in a file that did not keep them apart: the totals less every
 * session's and the evicted ones', as one entry without model or query source (which the file
 * cannot tell for them).
 */
function sessionlessResidue(doc: StoreDocument): Map<string, Usage> {
  const attributed = sumCounters([...doc.sessions.flatMap((s) => s.usage.map((u) => u.counters)), ...doc.evicted.usage.map((u) => u.counters)]);
  const rest: Counters = {};
  for (const k of Object.keys(doc.totals.counters) as CounterKey[]) {
    const left = (doc.totals.counters[k] ?? 0) - (attributed[k] ?? 0);
    if (left > 0) rest[k] = left;
  }
  return Object.keys(rest).length > 0 ? new Map([[usageKey(undefined, undefined), { counters: rest }]]) : new Map();
}

const fields = (list: readonly (readonly [string, string | number | boolean])[]): Field[] => list.map(([k, val]) => [k, val] as const);

function importFrom(doc: ImportDocument): ImportRecord {
  return {
    settledUntil: doc.settledUntil,
    ...(doc.costState ? { costState: { models: new Map(doc.costState.models), linesAdded: doc.costState.linesAdded, linesRemoved: doc.costState.linesRemoved } } : {}),
    segments: doc.segments.map((seg) => ({ ...seg, groups: seg.groups.map((g) => ({ ...g })) })),
    importedAt: doc.importedAt,
  };
}

function importDoc(r: ImportRecord): ImportDocument {
  return {
    settledUntil: r.settledUntil,
    ...(r.costState ? { costState: { models: [...r.costState.models], linesAdded: r.costState.linesAdded, linesRemoved: r.costState.linesRemoved } } : {}),
    segments: r.segments,
    importedAt: r.importedAt,
  };
}

/** A validated document as the in-memory state. */
export function stateFromDocument(doc: StoreDocument): StoreState {
  const sessions = [...doc.sessions].sort((a, b) => a.lastSeen - b.lastSeen);
  return {
    schemaVersion: doc.schemaVersion,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    totals: figuresFrom(doc.totals),
    minutes: bucketsFrom(doc.minutes),
    hours: bucketsFrom(doc.hours),
    days: bucketsFrom(doc.days),
    sessions: new Map(
      sessions.map((s): [string, SessionRecord] => [
        s.id,
        {
          id: s.id,
          firstSeen: s.firstSeen,
          lastSeen: s.lastSeen,
          ...(s.lastMetricAt !== undefined ? { lastMetricAt: s.lastMetricAt } : {}),
          ...(s.lastEventAt !== undefined ? { lastEventAt: s.lastEventAt } : {}),
          counters: sumCounters(s.usage.map((u) => u.counters)),
          usage: usageMap(s.usage, s.origin === 'transcript'),
          labels: new Map(s.labels),
          origin: s.origin,
          // A store from before spans were kept: all of an OTLP session's time was telemetry's.
          ...(s.otlpSpans ? { otlpSpans: s.otlpSpans } : s.origin === 'otlp' ? { otlpSpans: [[s.firstSeen, s.lastSeen] as [number, number]] } : {}),
        },
      ]),
    ),
    sessionsSeen: Math.max(doc.sessionsSeen, doc.sessions.length),
    evicted: { sessions: doc.evicted.sessions, usage: usageMap(doc.evicted.usage) },
    sessionless: doc.sessionless ? usageMap(doc.sessionless) : sessionlessResidue(doc),
    errorsByStatus: new Map(doc.errorsByStatus),
    eventCounts: new Map(doc.eventCounts),
    events: doc.events.map((e): LogEntry => {
      const entry: LogEntry = { time: e.time, session: e.session, name: e.name, fields: fields(e.fields) };
      if (e.attributes) entry.attributes = fields(e.attributes);
      if (e.kind) entry.kind = e.kind;
      if (e.sequence !== undefined) entry.sequence = e.sequence;
      return entry;
    }),
    recentEventIds: doc.recentEventIds,
    streams: new Map(doc.streams.map(([k, s]): [string, StreamState] => [k, { ...s }])),
    lastData: { ...doc.lastData },
    unknown: { metrics: new Map(doc.unknown.metrics), events: new Map(doc.unknown.events) },
    rejected: doc.rejected,
    duplicates: doc.duplicates,
    foreign: doc.foreign,
    traces: doc.traces,
    capsReached: new Map(doc.capsReached),
    probes: doc.probes,
    originals: new Map(doc.originals),
    imports: new Map(doc.imports.map(([id, r]) => [id, importFrom(r)])),
  };
}

function usageDoc(u: Usage): UsageDocument {
  const imported = u.imported && Object.values(u.imported).some((n) => n > 0) ? { imported: u.imported } : {};
  return { ...(u.model !== undefined ? { model: u.model } : {}), ...(u.source !== undefined ? { source: u.source } : {}), counters: u.counters, ...imported };
}

function bucketsDoc(buckets: readonly Bucket[]): StoreDocument['minutes'] {
  return buckets.map((b) => ({ start: b.start, cells: [...b.cells.values()] }));
}

const fieldsDoc = (list: readonly Field[]): [string, string | number | boolean][] => list.map(([k, val]) => [k, val]);

/** The state as the file's document (plain JSON; Maps as entry lists). */
export function documentFromState(state: StoreState): StoreDocument {
  return {
    schemaVersion: 2,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    totals: { counters: state.totals.counters, byModel: [...state.totals.byModel], bySource: [...state.totals.bySource] },
    minutes: bucketsDoc(state.minutes),
    hours: bucketsDoc(state.hours),
    days: bucketsDoc(state.days),
    sessions: [...state.sessions.values()].map((s) => ({
      id: s.id,
      firstSeen: s.firstSeen,
      lastSeen: s.lastSeen,
      ...(s.lastMetricAt !== undefined ? { lastMetricAt: s.lastMetricAt } : {}),
      ...(s.lastEventAt !== undefined ? { lastEventAt: s.lastEventAt } : {}),
      usage: [...s.usage.values()].map(usageDoc),
      labels: [...s.labels],
      origin: s.origin,
      ...(s.otlpSpans ? { otlpSpans: s.otlpSpans } : {}),
    })),
    sessionsSeen: state.sessionsSeen,
    evicted: { sessions: state.evicted.sessions, usage: [...state.evicted.usage.values()].map(usageDoc) },
    sessionless: [...state.sessionless.values()].map(usageDoc),
    errorsByStatus: [...state.errorsByStatus],
    eventCounts: [...state.eventCounts],
    events: state.events.map(({ attributes, ...e }) => ({ ...e, fields: fieldsDoc(e.fields), ...(attributes ? { attributes: fieldsDoc(attributes) } : {}) })),
    recentEventIds: state.recentEventIds,
    streams: [...state.streams],
    lastData: state.lastData,
    unknown: { metrics: [...state.unknown.metrics], events: [...state.unknown.events] },
    rejected: state.rejected,
    duplicates: state.duplicates,
    foreign: state.foreign,
    traces: state.traces,
    capsReached: [...state.capsReached],
    probes: state.probes,
    originals: [...state.originals],
    imports: [...state.imports].map(([id, r]) => [id, importDoc(r)]),
  };
}
