// The decoder shares an attribute list between requests whose attribute bytes are equal: frozen,
// decoded once, and never confused with a list whose bytes differ.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { decodeJson, decodeProtobuf, decodeProtobufReference } from '../../../src/otlp/decode.js';
import { REQUEST_TYPE } from '../../../src/otlp/schema.js';
import type { ExportMetricsServiceRequest, KeyValue } from '../../../src/otlp/types.js';
import { ATTRIBUTE_LIST_CACHE_MAX_BYTES, wireDecode } from '../../../src/otlp/wireDecode.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');

function sampleRequest(): ExportMetricsServiceRequest {
  const r = decodeJson('metrics', readFileSync(join(FIXTURES, 'metrics-edit-commit.json')));
  if (!r.ok) throw new Error(r.error.message);
  return r.request;
}
const encode = (request: ExportMetricsServiceRequest) => REQUEST_TYPE.metrics.encode(REQUEST_TYPE.metrics.fromObject(request)).finish();
const firstPoint = (request: ExportMetricsServiceRequest) => request.resourceMetrics![0]!.scopeMetrics![0]!.metrics![0]!.sum!.dataPoints![0]!;
const decoded = (bytes: Uint8Array) => wireDecode('metrics', bytes) as ExportMetricsServiceRequest;

function withSession(request: ExportMetricsServiceRequest, id: string): ExportMetricsServiceRequest {
  const copy = structuredClone(request);
  for (const rm of copy.resourceMetrics ?? [])
    for (const sm of rm.scopeMetrics ?? [])
      for (const m of sm.metrics ?? [])
        for (const p of m.sum?.dataPoints ?? []) for (const a of p.attributes ?? []) if (a.key === 'session.id') a.value = { stringValue: id };
  return copy;
}

describe('shared attribute lists', () => {
  it('gives the same frozen list for the same bytes, in another request, and it cannot be changed', () => {
    const request = sampleRequest();
    const a = decoded(encode(request));
    const b = decoded(encode(request));
    expect(firstPoint(a).attributes).toBe(firstPoint(b).attributes);
    expect(a.resourceMetrics![0]!.resource!.attributes).toBe(b.resourceMetrics![0]!.resource!.attributes);
    const list = firstPoint(a).attributes!;
    expect(Object.isFrozen(list) && Object.isFrozen(list[0]) && Object.isFrozen(list[0]!.value)).toBe(true);
    expect(() => (list as KeyValue[]).push({ key: 'x' })).toThrow(TypeError);
    const reference = decodeProtobufReference('metrics', encode(request));
    expect(reference.ok).toBe(true);
    if (reference.ok) expect(b).toEqual(reference.request);
  });

  it('keeps lists whose bytes differ apart, even by one character', () => {
    const one = decoded(encode(withSession(sampleRequest(), 'session-aaaa-1')));
    const two = decoded(encode(withSession(sampleRequest(), 'session-aaaa-2')));
    const id = (r: ExportMetricsServiceRequest) => firstPoint(r).attributes!.find((a) => a.key === 'session.id')?.value?.stringValue;
    expect(firstPoint(one).attributes).not.toBe(firstPoint(two).attributes);
    expect([id(one), id(two)]).toEqual(['session-aaaa-1', 'session-aaaa-2']);
  });

  it('decodes attribute fields split by another field as protobufjs does', () => {
    const kv = (key: string, value: string) => REQUEST_TYPE.metrics.lookupType('opentelemetry.proto.common.v1.KeyValue').encode({ key, value: { stringValue: value } }).finish();
    // NumberDataPoint: attributes (7), time (3), attributes (7) again, asDouble (4).
    const point = protobuf.Writer.create();
    point.uint32((7 << 3) | 2).bytes(kv('a', '1'));
    point.uint32((3 << 3) | 1).fixed64(1_764_000_000_000_000_000);
    point.uint32((7 << 3) | 2).bytes(kv('b', '2'));
    point.uint32((4 << 3) | 1).double(1.5);
    const sum = protobuf.Writer.create().uint32((1 << 3) | 2).bytes(point.finish()).uint32((2 << 3) | 0).int32(1).finish();
    const metric = protobuf.Writer.create().uint32((1 << 3) | 2).string('m').uint32((7 << 3) | 2).bytes(sum).finish();
    const scope = protobuf.Writer.create().uint32((2 << 3) | 2).bytes(metric).finish();
    const rm = protobuf.Writer.create().uint32((2 << 3) | 2).bytes(scope).finish();
    const body = protobuf.Writer.create().uint32((1 << 3) | 2).bytes(rm).finish();
    for (let i = 0; i < 2; i++) {
      const fast = decoded(body);
      const reference = decodeProtobufReference('metrics', body);
      expect(reference.ok && fast).toEqual(reference.ok && reference.request);
      expect(firstPoint(fast).attributes!.map((a) => a.key)).toEqual(['a', 'b']);
    }
  });

  it('decodes a list longer than the cache takes each time, unshared', () => {
    const request = sampleRequest();
    firstPoint(request).attributes!.push({ key: 'big', value: { stringValue: 'x'.repeat(ATTRIBUTE_LIST_CACHE_MAX_BYTES) } });
    const a = decoded(encode(request));
    const b = decoded(encode(request));
    expect(firstPoint(a).attributes).not.toBe(firstPoint(b).attributes);
    expect(Object.isFrozen(firstPoint(a).attributes)).toBe(false);
    expect(firstPoint(a).attributes!.at(-1)!.value!.stringValue).toHaveLength(ATTRIBUTE_LIST_CACHE_MAX_BYTES);
  });

  it('is what decodeProtobuf returns for a real Claude Code export', () => {
    const bytes = readFileSync(join(FIXTURES, 'metrics-edit-commit.pb'));
    const r1 = decodeProtobuf('metrics', bytes);
    const r2 = decodeProtobuf('metrics', bytes);
    expect(r1.ok && r2.ok && firstPoint(r1.request).attributes === firstPoint(r2.request).attributes).toBe(true);
  });
});
