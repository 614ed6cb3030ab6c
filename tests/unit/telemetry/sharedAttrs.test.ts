// Records shared between requests give the same stream keys, counters and sessions as records
// built per request: the stream identity kept in the store must not depend on the path a point took.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeJson, decodeProtobuf, decodeProtobufReference } from '../../../src/otlp/decode.js';
import type { ExportMetricsServiceRequest } from '../../../src/otlp/types.js';
import { streamKey } from '../../../src/store/temporality.js';
import { interpretMetrics } from '../../../src/telemetry/metrics.js';
import type { MetricSample } from '../../../src/telemetry/model.js';
import { SharedMemo, shareAttrs, sharedAttrsId } from '../../../src/telemetry/sharedAttrs.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');
function request(decoded: { ok: true; request: ExportMetricsServiceRequest } | { ok: false; error: { message: string } }) {
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.request;
}
const PROTOBUF = readFileSync(join(FIXTURES, 'metrics-edit-commit.pb'));
const viaProtobuf = () => interpretMetrics(request(decodeProtobuf('metrics', PROTOBUF))).samples;
/** The same export as OTLP/JSON. */
const viaJson = () => interpretMetrics(request(decodeJson('metrics', Buffer.from(JSON.stringify(request(decodeProtobufReference('metrics', PROTOBUF))))))).samples;
/** What the sample would be had its records been built for this request alone. */
const unshared = (s: MetricSample): MetricSample => {
  const { series: _series, ...rest } = s;
  return { ...rest, attrs: { ...s.attrs }, resource: { ...s.resource } };
};

describe('shared attribute records', () => {
  it('protobuf points come with shared records; JSON points with their own', () => {
    const [p] = viaProtobuf();
    const [j] = viaJson();
    expect(sharedAttrsId(p!.attrs)).toBeTypeOf('number');
    expect(sharedAttrsId(p!.resource)).toBeTypeOf('number');
    expect(sharedAttrsId(j!.attrs)).toBeUndefined();
    // The id is invisible to everything that reads a record as data.
    expect(Object.keys(p!.attrs)).toEqual(Object.keys(j!.attrs));
    expect(JSON.stringify(p!.attrs)).toBe(JSON.stringify(j!.attrs));
  });

  it('give every point the stream key, counter and session a per-request record gives, export after export', () => {
    const first = viaProtobuf();
    const again = viaProtobuf();
    const json = viaJson();
    expect(first.length).toBeGreaterThan(5);
    for (const [i, s] of first.entries()) {
      const fresh = unshared(s);
      expect(streamKey(s)).toBe(streamKey(fresh));
      expect(streamKey(again[i]!)).toBe(streamKey(fresh));
      expect(streamKey(json[i]!)).toBe(streamKey(fresh));
      expect(again[i]!.series).toBe(s.series);
      expect([again[i]!.counter, again[i]!.sessionId, again[i]!.model]).toEqual([json[i]!.counter, json[i]!.sessionId, json[i]!.model]);
    }
  });

  it('a cumulative series that restarts (a new start time) gets the new stream key', () => {
    const [s] = viaProtobuf();
    const cumulative = (startNs: string): MetricSample => ({ ...s!, temporality: 'cumulative', startNs });
    const a = cumulative('1764000000000000000');
    const b = cumulative('1764000099000000000');
    expect(streamKey(a)).toBe(streamKey(unshared(a)));
    expect(streamKey(b)).toBe(streamKey(unshared(b)));
    expect(streamKey(a)).not.toBe(streamKey(b));
    // and the delta series of the same records keeps its own key
    expect(streamKey(s!)).toBe(streamKey(unshared(s!)));
  });

  it('SharedMemo remembers per pair of shared records and name, forgets all at its cap, ignores unshared records', () => {
    const memo = new SharedMemo<number>(2);
    const a = shareAttrs({ k: 'a' });
    const r = shareAttrs({ service: 'x' });
    memo.set(a, r, 'one', 1);
    memo.set(a, r, 'two', 2);
    expect([memo.get(a, r, 'one'), memo.get(a, r, 'two'), memo.get(r, a, 'one')]).toEqual([1, 2, undefined]);
    memo.set(r, a, 'three', 3); // past the cap of 2: starts over
    expect([memo.get(a, r, 'one'), memo.get(r, a, 'three')]).toEqual([undefined, 3]);
    expect(memo.set({ k: 'a' }, r, 'one', 9)).toBe(9);
    expect(memo.get({ k: 'a' }, r, 'one')).toBeUndefined();
  });
});
