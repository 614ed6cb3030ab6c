// Turning metric points into increments, exactly once, whatever the temporality.
//
// DELTA points are increments: add them, but a point seen twice (same stream, start, time and
// value, as an exporter retry produces) counts once. Claude Code's timestamps have millisecond
// precision, so the value is part of the mark: two genuine points of one stream can only match
// if they were also collected in the same millisecond with the same value. Only a point that is
// not later than the stream's latest is looked for among the marks (a retry never is later).
// CUMULATIVE points are running totals: difference them
// per stream, where a stream is metric name + point attributes + resource attributes + start
// time, so two processes resuming one session never overwrite each other. The first point of a
// stream counts in full; a lower value is a reset and counts in full; a point older than the last
// one seen is stale (its increment is already inside the later total) and counts nothing.
import type { Attrs } from '../telemetry/attributes.js';
import type { MetricSample } from '../telemetry/model.js';
import { DELTA_DEDUPE_WINDOW, STREAMS_CAP, type StreamState } from './state.js';

export type IncrementOutcome =
  /** `created`: the point started a stream (the store sizes its stream table by these). */
  | { kind: 'count'; units: number; created?: true }
  | { kind: 'duplicate' }
  | { kind: 'stale' };

const DUPLICATE: IncrementOutcome = Object.freeze({ kind: 'duplicate' });
const STALE: IncrementOutcome = Object.freeze({ kind: 'stale' });

/** Delta streams only hold retry-dedupe state, so they can go once retries are impossible. */
export const DELTA_STREAM_TTL_MS = 60 * 60 * 1000;
/** Cumulative streams of a process that stopped exporting: forgotten after this. */
export const CUMULATIVE_STREAM_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Two independently seeded 32-bit multiply-xorshift lanes, fed characters (hash64, deltaMark). */
class HashLanes {
  constructor(
    public h1: number,
    public h2: number,
  ) {}

  add(text: string): this {
    let { h1, h2 } = this;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
    return this;
  }

  /** Mix the lanes into each other (every input bit reaches every output bit). */
  finish(): this {
    this.h1 = Math.imul(this.h1 ^ (this.h1 >>> 16), 2246822507) ^ Math.imul(this.h2 ^ (this.h2 >>> 13), 3266489909);
    this.h2 = Math.imul(this.h2 ^ (this.h2 >>> 16), 2246822507) ^ Math.imul(this.h1 ^ (this.h1 >>> 13), 3266489909);
    return this;
  }
}

/**
 * A 64-bit hash as 16 hex digits. Stream identities are hundreds of characters and there are
 * thousands of streams, so they are stored hashed; at the STREAMS_CAP of 20,000 the chance of any
 * collision is ~1e-11.
 */
export function hash64(text: string): string {
  const { h1, h2 } = new HashLanes(0xdeadbeef, 0x41c6ce57).add(text).finish();
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/** An attribute set as text, the same whatever order the attributes arrived in. */
function canonical(attrs: Attrs): string {
  const keys = Object.keys(attrs).sort();
  let out = '';
  for (const k of keys) out += `${k}\u0001${String(attrs[k])}\u0002`;
  return out;
}

/** Every point of one resource block shares its Attrs object: hash the resource once per block. */
const resourceKeys = new WeakMap<Attrs, string>();

function resourceKey(resource: Attrs): string {
  let key = resourceKeys.get(resource);
  if (key === undefined) {
    key = hash64(canonical(resource));
    resourceKeys.set(resource, key);
  }
  return key;
}

/**
 * Identities seen recently, to their hashed keys. A session's streams recur in every export, and
 * looking the identity up (V8 hashes strings natively) costs a fraction of hashing it in JS.
 */
const STREAM_KEY_CACHE_CAP = 50_000;
const streamKeyCache = new Map<string, string>();

export function streamKey(sample: MetricSample): string {
  const start = sample.temporality === 'cumulative' ? sample.startNs : '';
  // Worked out once per series (see MetricSample.series); a cumulative series that restarts
  // (a new start time) is a new stream.
  const of = sample.temporality === 'delta' ? 'delta' : `cumulative ${start}`;
  const series = sample.series;
  if (series?.of === of) return series.key!;
  const key = streamKeyOf(sample, start);
  if (series) {
    series.of = of;
    series.key = key;
  }
  return key;
}

function streamKeyOf(sample: MetricSample, start: string): string {
  const identity = `${sample.temporality}\u0000${sample.name}\u0000${canonical(sample.attrs)}\u0000${resourceKey(sample.resource)}\u0000${start}`;
  let key = streamKeyCache.get(identity);
  if (key === undefined) {
    key = hash64(identity);
    if (streamKeyCache.size >= STREAM_KEY_CACHE_CAP) streamKeyCache.clear();
    streamKeyCache.set(identity, key);
  }
  return key;
}

function compareNs(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A delta point's mark in its stream's window: a 52-bit hash of its start, time and value. A
 * number, not the `start|time|value` text it replaced: a string per point kept alive for 16
 * exports was most of what ingest left for the garbage collector, and a third of the store file.
 * A genuine point is only taken for a retry if it is also not later than the stream's latest
 * point (itself rare: out of order) and its hash equals one of the 16 marks: about 16 in 2^52.
 */
export function deltaMark(startNs: string, timeNs: string, units: number): number {
  // '|' keeps "12|3" and "1|23" apart.
  const lanes = new HashLanes(0x2545f491, 0x6c078965).add(startNs).add('|').add(timeNs);
  // The value as two exact 32-bit halves (integer units stay below 2^53).
  const low = units % 4294967296;
  const high = (units - low) / 4294967296;
  lanes.h1 = Math.imul(lanes.h1 ^ low, 2246822507) ^ Math.imul(lanes.h2 ^ high, 3266489909);
  lanes.h2 = Math.imul(lanes.h2 ^ low, 3266489909) ^ Math.imul(lanes.h1 ^ high, 2246822507);
  const { h1, h2 } = lanes.finish();
  return (h1 >>> 0) * 1048576 + (h2 >>> 12);
}

/** The latest time among `start|time|value` texts ("0" for none). */
function latestMarkTime(seen: readonly string[]): string {
  let latest = '0';
  for (const mark of seen) {
    const time = mark.split('|')[1] ?? '0';
    if (compareNs(time, latest) > 0) latest = time;
  }
  return latest;
}

/**
 * A delta stream kept by an older store: its `start|time|value` texts become marks, and its
 * latest time, if that store did not keep it, is read from them first.
 */
function upgradeWindow(stream: StreamState): number[] {
  const texts = stream.seen ?? [];
  stream.tn ??= latestMarkTime(texts);
  stream.h = texts.map((text) => {
    const [start = '', time = '', units = ''] = text.split('|');
    return deltaMark(start, time, Number(units));
  });
  delete stream.seen;
  return stream.h;
}

/** Decide what a point adds, updating the stream state. Deterministic, no I/O. */
export function applyTemporality(
  streams: Record<string, StreamState>,
  sample: MetricSample,
  nowMs: number,
): IncrementOutcome {
  const key = streamKey(sample);
  const stream = streams[key];

  if (sample.temporality === 'delta') {
    const mark = deltaMark(sample.startNs, sample.timeNs, sample.units);
    if (stream?.k === 'd') {
      const window = stream.h ?? upgradeWindow(stream);
      // A point later than any seen (the usual next export) cannot be a retry: the window is
      // only searched for one that is not. (No latest time, in a damaged store: always search.)
      const later = compareNs(sample.timeNs, stream.tn ?? sample.timeNs) > 0;
      if (!later && window.includes(mark)) return DUPLICATE;
      window.push(mark);
      if (window.length > DELTA_DEDUPE_WINDOW) window.shift();
      if (later || stream.tn === undefined) stream.tn = sample.timeNs;
      stream.u = nowMs;
      return { kind: 'count', units: sample.units };
    }
    streams[key] = { k: 'd', h: [mark], tn: sample.timeNs, u: nowMs };
    return { kind: 'count', units: sample.units, created: true };
  }

  if (!stream || stream.v === undefined || stream.tn === undefined) {
    streams[key] = { k: 'c', v: sample.units, tn: sample.timeNs, u: nowMs };
    return stream ? { kind: 'count', units: sample.units } : { kind: 'count', units: sample.units, created: true };
  }
  const order = compareNs(sample.timeNs, stream.tn);
  if (order < 0) return STALE;
  if (order === 0 && sample.units === stream.v) return DUPLICATE;
  const increment = sample.units >= stream.v ? sample.units - stream.v : sample.units;
  stream.v = sample.units;
  stream.tn = sample.timeNs;
  stream.u = nowMs;
  return { kind: 'count', units: increment };
}

/**
 * Drop streams past their TTL, then the least recently updated past STREAMS_CAP. Returns whether
 * the cap was hit (a cumulative stream dropped early would count its next point in full).
 */
export function pruneStreams(streams: Record<string, StreamState>, nowMs: number): boolean {
  const keys = Object.keys(streams);
  for (const k of keys) {
    const s = streams[k]!;
    const ttl = s.k === 'd' ? DELTA_STREAM_TTL_MS : CUMULATIVE_STREAM_TTL_MS;
    if (nowMs - s.u > ttl) delete streams[k];
  }
  const left = Object.keys(streams);
  if (left.length <= STREAMS_CAP) return false;
  left.sort((a, b) => streams[a]!.u - streams[b]!.u);
  for (const k of left.slice(0, left.length - STREAMS_CAP)) delete streams[k];
  return true;
}
