import { describe, expect, it } from 'vitest';
import { applyTemporality, deltaMark, pruneStreams, streamKey, DELTA_STREAM_TTL_MS, STREAMS_PRUNE_TO } from '../../../src/store/temporality.js';
import { canonical, hash64, streamIdentity } from '../../../src/telemetry/streamIdentity.js';
import { STREAMS_CAP, type StreamState } from '../../../src/store/state.js';
import { metricSample, ns, T0 } from '../../builders/samples.js';

const delta = (units: number, atMs: number, extra = {}) =>
  metricSample({ counter: 'tokIn', units, timeMs: atMs, startNs: ns(atMs - 500), timeNs: ns(atMs), ...extra });
const cumulative = (units: number, atMs: number, startMs = T0 - 10_000, extra = {}) =>
  metricSample({ counter: 'tokIn', units, temporality: 'cumulative', timeMs: atMs, startNs: ns(startMs), timeNs: ns(atMs), ...extra });

function run(samples: ReturnType<typeof delta>[]): number[] {
  const streams = new Map<string, StreamState>();
  return samples.map((s) => {
    const o = applyTemporality(streams, s, T0);
    return o.kind === 'count' ? o.units : o.kind === 'duplicate' ? -1 : -2;
  });
}

describe('temporality', () => {
  it('adds delta points and counts a retried one (same stream, start and time) once', () => {
    expect(run([delta(10, T0), delta(5, T0 + 1000), delta(5, T0 + 1000), delta(7, T0 + 2000)])).toEqual([10, 5, -1, 7]);
  });

  it('still drops a delta retry that arrives after later points', () => {
    expect(run([delta(10, T0), delta(5, T0 + 1000), delta(7, T0 + 2000), delta(5, T0 + 1000), delta(10, T0), delta(3, T0 + 3000)])).toEqual([10, 5, 7, -1, -1, 3]);
  });

  it('hashes as stores already written them: stream keys and marks are persisted', () => {
    expect(hash64('')).toBe('1aee8d83488bdcb8');
    // A stream's key is the one schema 1 stores computed: migrated stores keep counting exactly.
    const attrs = new Map([['model', 'claude-sonnet-4-5']]);
    const sample = { ...delta(1, T0), name: 'claude_code.cost.usage', stream: streamIdentity('claude_code.cost.usage', attrs, hash64(canonical(new Map([['service.name', 'claude-code']])))) };
    expect(streamKey(sample)).toBe(hash64(`delta\u0000claude_code.cost.usage\u0000model\u0001claude-sonnet-4-5\u0002\u0000${hash64('service.name\u0001claude-code\u0002')}\u0000`));
    expect(hash64('delta\u0000claude_code.cost.usage\u0000model\u0001claude-sonnet-4-5\u0002')).toBe('f3f57b8737ae459f');
    expect(deltaMark('1764000000000000000', '1764000060000000000', 1234567890123)).toBe(1893293414363037);
  });

  it('marks tell apart points that differ in start, time or value only, and where the text splits', () => {
    const marks = new Set([
      deltaMark('1764000000000000000', '1764000001000000000', 5),
      deltaMark('1764000000000000001', '1764000001000000000', 5),
      deltaMark('1764000000000000000', '1764000001000000001', 5),
      deltaMark('1764000000000000000', '1764000001000000000', 6),
      deltaMark('1764000000000000000', '1764000001000000000', 5 + 2 ** 32),
      deltaMark('12', '3', 0),
      deltaMark('1', '23', 0),
    ]);
    expect(marks.size).toBe(7);
    const m = deltaMark('1764000000000000000', '1764000001000000000', 2 ** 52);
    expect(Number.isSafeInteger(m) && m >= 0 && m < 2 ** 52).toBe(true);
    // JSON keeps them exactly (the store file).
    expect(JSON.parse(JSON.stringify([m]))).toEqual([m]);
  });

  it('does not confuse equal delta values of different streams or intervals', () => {
    const other = { attrs: { 'session.id': 'other', type: 'tokIn' } };
    expect(run([delta(5, T0), delta(5, T0, other), delta(5, T0 + 1000)])).toEqual([5, 5, 5]);
  });

  it('differences cumulative points; the first counts in full; a repeat counts nothing', () => {
    expect(run([cumulative(100, T0), cumulative(150, T0 + 1000), cumulative(150, T0 + 1000), cumulative(150, T0 + 2000), cumulative(175, T0 + 3000)])).toEqual([
      100, 50, -1, 0, 25,
    ]);
  });

  it('treats a drop as a reset and counts the new value in full', () => {
    expect(run([cumulative(100, T0), cumulative(30, T0 + 1000), cumulative(45, T0 + 2000)])).toEqual([100, 30, 15]);
  });

  it('treats a new start time (a restarted process) as a new stream counted in full', () => {
    expect(run([cumulative(100, T0), cumulative(120, T0 + 1000), cumulative(40, T0 + 2000, T0 + 1500), cumulative(130, T0 + 3000)])).toEqual([
      100, 20, 40, 10,
    ]);
  });

  it('ignores a stale cumulative point that arrives after a newer one', () => {
    expect(run([cumulative(100, T0), cumulative(150, T0 + 2000), cumulative(120, T0 + 1000), cumulative(160, T0 + 3000)])).toEqual([100, 50, -2, 10]);
  });

  it('keys cumulative streams by resource too: two processes resuming one session never overwrite each other', () => {
    const attrs = new Map([['type', 'tokIn']]);
    const inProcess = (pid: number) => ({ stream: streamIdentity('claude_code.token.usage', attrs, hash64(canonical(new Map<string, string | number>([['service.name', 'claude-code'], ['process.pid', pid]])))) });
    const p1 = inProcess(1);
    const p2 = inProcess(2);
    expect(run([cumulative(100, T0, T0 - 1, p1), cumulative(10, T0, T0 - 1, p2), cumulative(110, T0 + 1000, T0 - 1, p1), cumulative(20, T0 + 1000, T0 - 1, p2)])).toEqual([
      100, 10, 10, 10,
    ]);
    expect(streamKey(cumulative(1, T0, T0, p1))).not.toBe(streamKey(cumulative(1, T0, T0, p2)));
  });

  it('prunes expired delta streams and caps the number of streams', () => {
    const streams = new Map<string, StreamState>();
    applyTemporality(streams, delta(1, T0), T0);
    applyTemporality(streams, cumulative(1, T0), T0);
    pruneStreams(streams, T0 + DELTA_STREAM_TTL_MS + 1);
    expect([...streams.values()].map((s) => s.temporality)).toEqual(['cumulative']);
    for (let i = 0; i < STREAMS_CAP + 10; i++) streams.set(`k${i}`, { temporality: 'delta', updatedAt: T0 + i });
    pruneStreams(streams, T0);
    // Cut to 90 % of the cap, least recently updated first: the next cut waits for thousands of new streams.
    expect(streams.size).toBe(Math.floor(STREAMS_CAP * STREAMS_PRUNE_TO));
    expect(streams.has('k0')).toBe(false);
  });
});

describe('delta retry marks', () => {
  it('tell apart two points collected in the same millisecond with different values', () => {
    // Claude Code stamps to the millisecond; only an identical re-send is a retry.
    const same = { startNs: `${T0}000000`, timeNs: `${T0}000000` };
    expect(run([delta(5, T0, same), delta(7, T0, same), delta(7, T0, same)])).toEqual([5, 7, -1]);
  });
});
