// Turning metric points into increments, exactly once, whatever the temporality.
//
// DELTA points are increments: add them, but a point seen twice (same stream, start, time and
// value, as an exporter retry produces) counts once. Claude Code's timestamps have millisecond
// precision, so the value is part of the mark: two genuine points of one stream can only match
// if they were also collected in the same millisecond with the same value. Only a point that is
// not later than the stream's latest is looked for among the marks (a retry never is later).
// CUMULATIVE points are running totals: difference them per stream, where a stream is metric
// name + point attributes + resource attributes + start time, so two processes resuming one
// session never overwrite each other. The first point of a stream counts in full; a lower value
// is a reset and counts in full; a point older than the last one seen is stale (its increment is
// already inside the later total) and counts nothing.
import type { MetricSample } from '../telemetry/model.js';
import { HashLanes, hash64 } from '../telemetry/streamIdentity.js';
import { DELTA_DEDUPE_WINDOW, STREAMS_CAP, type StreamState } from './state.js';

export type IncrementOutcome =
  /** `created`: the point started a stream (the store sizes its stream table by these). */
  { kind: 'count'; units: number; created?: true } | { kind: 'duplicate' } | { kind: 'stale' };

const DUPLICATE: IncrementOutcome = Object.freeze({ kind: 'duplicate' });
const STALE: IncrementOutcome = Object.freeze({ kind: 'stale' });

/** Delta streams only hold retry-dedupe state, so they can go once retries are impossible. */
export const DELTA_STREAM_TTL_MS = 60 * 60 * 1000;
/** Cumulative streams of a process that stopped exporting: forgotten after this. */
export const CUMULATIVE_STREAM_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** The stream's key in the store (stores keep these: the formula must never change). */
export function streamKey(sample: MetricSample): string {
  const start = sample.temporality === 'cumulative' ? sample.startNs : '';
  return hash64(`${sample.temporality}\u0000${sample.stream}\u0000${start}`);
}

function compareNs(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A delta point's mark in its stream's window: a 52-bit hash of its start, time and value. A
 * genuine point is only taken for a retry if it is also not later than the stream's latest point
 * (itself rare: out of order) and its hash equals one of the 16 marks: about 16 in 2^52.
 * Stores keep these: the function must never change.
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

/** Decide what a point adds, updating the stream state. Deterministic, no I/O. */
export function applyTemporality(streams: Map<string, StreamState>, sample: MetricSample, nowMs: number): IncrementOutcome {
  const key = streamKey(sample);
  const stream = streams.get(key);

  if (sample.temporality === 'delta') {
    const mark = deltaMark(sample.startNs, sample.timeNs, sample.units);
    if (stream?.temporality === 'delta') {
      const window = (stream.marks ??= []);
      // A point later than any seen (the usual next export) cannot be a retry: the window is
      // only searched for one that is not. (No latest time, in a damaged store: always search.)
      const later = compareNs(sample.timeNs, stream.lastTimeNs ?? sample.timeNs) > 0;
      if (!later && window.includes(mark)) return DUPLICATE;
      window.push(mark);
      if (window.length > DELTA_DEDUPE_WINDOW) window.shift();
      if (later || stream.lastTimeNs === undefined) stream.lastTimeNs = sample.timeNs;
      stream.updatedAt = nowMs;
      return { kind: 'count', units: sample.units };
    }
    streams.set(key, { temporality: 'delta', marks: [mark], lastTimeNs: sample.timeNs, updatedAt: nowMs });
    return { kind: 'count', units: sample.units, created: true };
  }

  if (!stream || stream.lastValue === undefined || stream.lastTimeNs === undefined) {
    streams.set(key, { temporality: 'cumulative', lastValue: sample.units, lastTimeNs: sample.timeNs, updatedAt: nowMs });
    return stream ? { kind: 'count', units: sample.units } : { kind: 'count', units: sample.units, created: true };
  }
  const order = compareNs(sample.timeNs, stream.lastTimeNs);
  if (order < 0) return STALE;
  if (order === 0 && sample.units === stream.lastValue) return DUPLICATE;
  const increment = sample.units >= stream.lastValue ? sample.units - stream.lastValue : sample.units;
  stream.lastValue = sample.units;
  stream.lastTimeNs = sample.timeNs;
  stream.updatedAt = nowMs;
  return { kind: 'count', units: increment };
}

/** Past the cap, the table is cut to this share of it: the next cut then waits for many new streams, not one. */
export const STREAMS_PRUNE_TO = 0.9;

/**
 * Drop streams past their TTL, then, past STREAMS_CAP, the least recently updated down to
 * STREAMS_PRUNE_TO of it (so a steady trickle of new streams past the cap costs one sort per
 * thousands of them, not one per request). Returns whether the cap was hit (a cumulative stream
 * dropped early would count its next point in full).
 */
export function pruneStreams(streams: Map<string, StreamState>, nowMs: number): boolean {
  for (const [k, s] of streams) {
    const ttl = s.temporality === 'delta' ? DELTA_STREAM_TTL_MS : CUMULATIVE_STREAM_TTL_MS;
    if (nowMs - s.updatedAt > ttl) streams.delete(k);
  }
  if (streams.size <= STREAMS_CAP) return false;
  const byAge = [...streams].sort(([, a], [, b]) => a.updatedAt - b.updatedAt);
  for (const [k] of byAge.slice(0, streams.size - Math.floor(STREAMS_CAP * STREAMS_PRUNE_TO))) streams.delete(k);
  return true;
}
