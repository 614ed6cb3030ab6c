// Stores written by cc-top before schema 2 (one-letter fields, objects keyed by wire names, rollups
// without sessions) are read once and rewritten as schema 2. What schema 1 did not keep cannot be
// made up: its rollups become cells of no session (by model, without query source), and its tool
// and latency statistics are dated to the store's first day.
import * as v from 'valibot';
import { COUNTER_KEYS, QUERY_SOURCES, type Counters, type CounterKey, type QuerySource } from '../telemetry/model.js';
import type { StoreDocument } from './document.js';

const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const time = v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.maxValue(8.64e15));

/** A JSON object as its own entries (Object.entries keeps a key named `__proto__` as data). */
const entriesOf = <T extends v.GenericSchema>(value: T) =>
  v.pipe(
    v.custom<Record<string, unknown>>((x) => typeof x === 'object' && x !== null && !Array.isArray(x), 'must be an object'),
    v.transform((o) => Object.entries(o)),
    v.array(v.tuple([v.string(), value])),
  );

const counters = v.pipe(
  entriesOf(v.unknown()),
  v.transform((list) => {
    const out: Record<string, unknown> = {};
    for (const [k, val] of list) if ((COUNTER_KEYS as readonly string[]).includes(k)) out[k] = val;
    return out;
  }),
  v.record(v.string(), count),
  v.transform((c): Counters => c as Counters),
);

const bucket = v.object({ t: time, c: counters, m: v.optional(entriesOf(counters)), q: v.optional(entriesOf(counters)) });

const V1 = v.object({
  schemaVersion: v.literal(1),
  createdAt: v.optional(time),
  updatedAt: v.optional(time),
  totals: counters,
  totalsByModel: v.optional(entriesOf(counters), {}),
  totalsBySource: v.optional(entriesOf(counters), {}),
  minutes: v.optional(v.array(bucket), []),
  hours: v.optional(v.array(bucket), []),
  days: v.optional(v.array(bucket), []),
  sessions: entriesOf(
    v.object({
      id: v.string(),
      firstSeen: time,
      lastSeen: time,
      lastMetricAt: v.optional(time),
      lastEventAt: v.optional(time),
      c: counters,
      m: v.optional(entriesOf(counters), {}),
      labels: v.optional(entriesOf(v.string()), {}),
    }),
  ),
  sessionsSeen: v.optional(count, 0),
  tools: v.optional(entriesOf(v.object({ calls: count, failures: count, accepts: count, rejects: count, durations: v.optional(v.array(v.number()), []) })), {}),
  errorsByStatus: v.optional(entriesOf(count), {}),
  eventCounts: v.optional(entriesOf(count), {}),
  events: v.optional(
    v.array(
      v.object({
        t: time,
        s: v.string(),
        n: v.string(),
        f: v.optional(entriesOf(v.union([v.string(), v.number(), v.boolean()])), {}),
        k: v.optional(v.picklist(['notice', 'unknown'] as const)),
        q: v.optional(v.number()),
      }),
    ),
    [],
  ),
  recentEventIds: v.optional(v.array(v.string()), []),
  streams: entriesOf(
    v.object({
      k: v.picklist(['d', 'c'] as const),
      v: v.optional(count),
      tn: v.optional(v.pipe(v.string(), v.regex(/^\d{1,20}$/))),
      h: v.optional(v.array(count)),
      seen: v.optional(v.array(v.string())),
      u: time,
    }),
  ),
  lastData: v.optional(v.object({ metrics: v.optional(time), events: v.optional(time) }), {}),
  unknown: v.optional(v.object({ metrics: entriesOf(count), events: entriesOf(count) }), { metrics: {}, events: {} }),
  rejected: v.optional(v.object({ points: count, records: count }), { points: 0, records: 0 }),
  duplicates: v.optional(v.object({ points: count, records: count }), { points: 0, records: 0 }),
  traces: v.optional(v.object({ requests: count, spans: count }), { requests: 0, spans: 0 }),
  capsReached: v.optional(entriesOf(time), {}),
  probes: v.optional(v.array(v.object({ id: v.string(), t: time, signal: v.string() })), []),
});

export const STORE_DOCUMENT_V1 = V1;

const isSource = (k: string): k is QuerySource => (QUERY_SOURCES as readonly string[]).includes(k);

function minus(whole: Counters, parts: readonly Counters[]): Counters {
  const out: Counters = { ...whole };
  for (const p of parts) for (const k of Object.keys(p) as CounterKey[]) out[k] = (out[k] ?? 0) - (p[k] ?? 0);
  for (const k of Object.keys(out) as CounterKey[]) if (!out[k] || out[k]! < 0) delete out[k];
  return out;
}

type V1Bucket = v.InferOutput<typeof bucket>;

/** A schema-1 bucket as schema-2 cells of no session: one per model, and the rest without one. */
function cellsOf(b: V1Bucket): StoreDocument['minutes'][number] {
  const models = b.m ?? [];
  const cells: StoreDocument['minutes'][number]['cells'] = models.map(([model, c]) => ({ session: '', model, counters: c }));
  const rest = minus(
    b.c,
    models.map(([, c]) => c),
  );
  if (Object.keys(rest).length > 0) cells.push({ session: '', counters: rest });
  return { start: b.t, cells };
}

/** The latest time among `start|time|value` marks of very old stores ("0" for none). */
function latestOf(seen: readonly string[]): string | undefined {
  let latest: string | undefined;
  for (const mark of seen) {
    const t = mark.split('|')[1];
    if (t && /^\d+$/.test(t) && (latest === undefined || t.length > latest.length || (t.length === latest.length && t > latest))) latest = t;
  }
  return latest;
}

/** A parsed schema-1 document as a schema-2 document (then validated like any other). */
export function migrateV1(old: v.InferOutput<typeof V1>, nowMs: number, deltaMark: (start: string, time: string, units: number) => number): StoreDocument {
  const createdAt = old.createdAt ?? nowMs;
  const firstDay = old.days[0]?.t ?? createdAt;
  const toolCells = old.tools.map(([tool, t]) => ({
    session: '',
    tool,
    counters: { ...(t.calls ? { toolCalls: t.calls } : {}), ...(t.failures ? { toolFailures: t.failures } : {}), ...(t.accepts ? { toolAccepts: t.accepts } : {}), ...(t.rejects ? { toolRejects: t.rejects } : {}) },
  }));
  const days = old.days.map(cellsOf);
  if (toolCells.length > 0) {
    const first = days.find((d) => d.start === firstDay);
    if (first) first.cells.push(...toolCells);
    else days.unshift({ start: firstDay, cells: toolCells });
  }
  return {
    schemaVersion: 2,
    createdAt,
    updatedAt: old.updatedAt ?? createdAt,
    totals: { counters: old.totals, byModel: old.totalsByModel, bySource: old.totalsBySource.filter((e): e is [QuerySource, Counters] => isSource(e[0])) },
    minutes: old.minutes.map(cellsOf),
    hours: old.hours.map(cellsOf),
    days,
    sessions: old.sessions.map(([, s]) => ({
      id: s.id,
      firstSeen: s.firstSeen,
      lastSeen: s.lastSeen,
      ...(s.lastMetricAt !== undefined ? { lastMetricAt: s.lastMetricAt } : {}),
      ...(s.lastEventAt !== undefined ? { lastEventAt: s.lastEventAt } : {}),
      usage: [
        ...s.m.map(([model, c]) => ({ model, counters: c })),
        ...(() => {
          const rest = minus(
            s.c,
            s.m.map(([, c]) => c),
          );
          return Object.keys(rest).length > 0 ? [{ counters: rest }] : [];
        })(),
      ],
      labels: s.labels,
      origin: 'otlp' as const,
    })),
    sessionsSeen: old.sessionsSeen,
    evicted: { sessions: Math.max(0, old.sessionsSeen - old.sessions.length), usage: [] },
    errorsByStatus: old.errorsByStatus,
    eventCounts: old.eventCounts,
    events: old.events.map((e) => ({
      time: e.t,
      session: e.s,
      name: e.n,
      fields: e.f,
      ...(e.k ? { kind: e.k } : {}),
      ...(e.q !== undefined ? { sequence: e.q } : {}),
    })),
    recentEventIds: old.recentEventIds,
    streams: old.streams.map(([key, s]) => {
      const lastTimeNs = s.tn ?? (s.seen ? latestOf(s.seen) : undefined);
      const marks =
        s.h ??
        s.seen?.map((text) => {
          const [start = '', t = '', units = ''] = text.split('|');
          return deltaMark(start, t, Number(units));
        });
      return [
        key,
        {
          temporality: s.k === 'd' ? ('delta' as const) : ('cumulative' as const),
          ...(s.v !== undefined ? { lastValue: s.v } : {}),
          ...(lastTimeNs !== undefined ? { lastTimeNs } : {}),
          ...(marks ? { marks } : {}),
          updatedAt: s.u,
        },
      ];
    }),
    lastData: old.lastData,
    unknown: old.unknown,
    rejected: old.rejected,
    duplicates: old.duplicates,
    foreign: { points: 0, records: 0 },
    traces: old.traces,
    capsReached: old.capsReached,
    probes: old.probes.map((p) => ({ id: p.id, time: p.t, signal: p.signal })),
    originals: [],
    imports: [],
  };
}
