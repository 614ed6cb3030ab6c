// Turning metric points into increments, exactly once, whatever the temporality.
//
// DELTA points are increments: add them, but a point seen twice (same stream, start and time, as
// an exporter retry produces) counts once. CUMULATIVE points are running totals: difference them
// per stream, where a stream is metric name + point attributes + resource attributes + start
// time, so two processes resuming one session never overwrite each other. The first point of a
// stream counts in full; a lower value is a reset and counts in full; a point older than the last
// one seen is stale (its increment is already inside the later total) and counts nothing.
import { createHash } from 'node:crypto';
import type { Attrs } from '../telemetry/attributes.js';
import type { MetricSample } from '../telemetry/model.js';
import { DELTA_DEDUPE_WINDOW, STREAMS_CAP, type StreamState } from './state.js';

export type IncrementOutcome =
  | { kind: 'count'; units: number }
  | { kind: 'duplicate' }
  | { kind: 'stale' };

/** Delta streams only hold retry-dedupe state, so they can go once retries are impossible. */
export const DELTA_STREAM_TTL_MS = 60 * 60 * 1000;
/** Cumulative streams of a process that stopped exporting: forgotten after this. */
export const CUMULATIVE_STREAM_TTL_MS = 30 * 24 * 60 * 60 * 1000;

function canonical(attrs: Attrs): string {
  const keys = Object.keys(attrs).sort();
  let out = '';
  for (const k of keys) out += `${k}\u0001${String(attrs[k])}\u0002`;
  return out;
}

export function streamKey(sample: MetricSample): string {
  const base = `${sample.name}\u0000${canonical(sample.attrs)}\u0000${canonical(sample.resource)}`;
  const identity = sample.temporality === 'cumulative' ? `c\u0000${base}\u0000${sample.startNs}` : `d\u0000${base}`;
  // Hashed: the identity can be several hundred characters and there can be thousands of streams.
  return createHash('sha1').update(identity).digest('base64url').slice(0, 22);
}

function compareNs(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
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
    const mark = `${sample.startNs}|${sample.timeNs}`;
    if (stream?.seen?.includes(mark)) return { kind: 'duplicate' };
    const seen = stream?.seen ?? [];
    seen.push(mark);
    if (seen.length > DELTA_DEDUPE_WINDOW) seen.shift();
    streams[key] = { k: 'd', seen, u: nowMs };
    return { kind: 'count', units: sample.units };
  }

  if (!stream || stream.v === undefined || stream.tn === undefined) {
    streams[key] = { k: 'c', v: sample.units, tn: sample.timeNs, u: nowMs };
    return { kind: 'count', units: sample.units };
  }
  const order = compareNs(sample.timeNs, stream.tn);
  if (order < 0) return { kind: 'stale' };
  if (order === 0 && sample.units === stream.v) return { kind: 'duplicate' };
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
