// Property: the single-pass decoder and protobufjs decode any request to the same object, or the
// single-pass decoder steps aside (WireFallback or a Reader error) and protobufjs decides.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeProtobufReference } from '../../../src/otlp/decode.js';
import { REQUEST_TYPE } from '../../../src/otlp/schema.js';
import type { Signal } from '../../../src/otlp/types.js';
import { wireDecode } from '../../../src/otlp/wireDecode.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');

function agree(signal: Signal, bytes: Uint8Array): void {
  let fast: unknown;
  try {
    fast = wireDecode(signal, bytes);
  } catch {
    return; // stepped aside: protobufjs decides
  }
  const reference = decodeProtobufReference(signal, bytes);
  expect(reference.ok, 'the single-pass decoder accepted what protobufjs rejects').toBe(true);
  if (reference.ok) expect(fast).toEqual(reference.request);
  // Again, now with its attribute lists shared from the first decode.
  if (reference.ok) expect(wireDecode(signal, bytes)).toEqual(reference.request);
}

// AnyValue trees and the request shapes Claude Code sends, with values at the edges of their types.
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String);
const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String);
const { anyValue } = fc.letrec((tie) => ({
  anyValue: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ stringValue: fc.string({ unit: 'grapheme' }) }),
    fc.record({ boolValue: fc.boolean() }),
    fc.record({ intValue: int64 }),
    fc.record({ doubleValue: fc.double({ noNaN: true }) }),
    fc.record({ bytesValue: fc.uint8Array({ maxLength: 8 }).map((b) => Buffer.from(b).toString('base64')) }),
    fc.record({ arrayValue: fc.record({ values: fc.array(tie('anyValue'), { maxLength: 3 }) }) }),
    fc.record({ kvlistValue: fc.record({ values: fc.array(fc.record({ key: fc.string(), value: tie('anyValue') }), { maxLength: 3 }) }) }),
  ),
}));
const attributes = fc.array(fc.record({ key: fc.string({ maxLength: 20 }), value: anyValue }), { maxLength: 4 });
const resource = fc.record({ attributes, droppedAttributesCount: fc.nat() }, { requiredKeys: [] });
const scope = fc.record({ name: fc.string(), version: fc.string(), attributes }, { requiredKeys: [] });
const point = fc.record(
  { attributes, startTimeUnixNano: uint64, timeUnixNano: uint64, asDouble: fc.double({ noNaN: true }), asInt: int64, flags: fc.nat() },
  { requiredKeys: [] },
);
const metric = fc.record(
  {
    name: fc.string(),
    unit: fc.string(),
    sum: fc.record({ dataPoints: fc.array(point, { maxLength: 3 }), aggregationTemporality: fc.integer({ min: 0, max: 2 }), isMonotonic: fc.boolean() }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const metricsRequest = fc.record({
  resourceMetrics: fc.array(fc.record({ resource, scopeMetrics: fc.array(fc.record({ scope, metrics: fc.array(metric, { maxLength: 3 }) }, { requiredKeys: [] }), { maxLength: 2 }) }, { requiredKeys: [] }), { maxLength: 2 }),
});
const logRecord = fc.record(
  {
    timeUnixNano: uint64,
    observedTimeUnixNano: uint64,
    severityNumber: fc.integer({ min: 0, max: 24 }),
    severityText: fc.string(),
    body: anyValue,
    attributes,
    flags: fc.nat({ max: 255 }),
    traceId: fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b).toString('base64')),
    eventName: fc.string(),
  },
  { requiredKeys: [] },
);
const logsRequest = fc.record({
  resourceLogs: fc.array(fc.record({ resource, scopeLogs: fc.array(fc.record({ scope, logRecords: fc.array(logRecord, { maxLength: 3 }) }, { requiredKeys: [] }), { maxLength: 2 }) }, { requiredKeys: [] }), { maxLength: 2 }),
});

function encode(signal: Signal, request: object): Uint8Array {
  const type = REQUEST_TYPE[signal];
  return type.encode(type.fromObject(request as Record<string, unknown>)).finish();
}

const RUNS = { numRuns: 300, seed: 11 };

describe('single-pass protobuf decoding', () => {
  it('matches protobufjs on the real Claude Code payloads', () => {
    for (const signal of ['metrics', 'logs'] as const) {
      const bytes = readFileSync(join(FIXTURES, `${signal}-edit-commit.pb`));
      expect(wireDecode(signal, bytes)).toEqual((decodeProtobufReference(signal, bytes) as { request: unknown }).request);
    }
  });

  it('matches protobufjs on any metrics request of the shapes it takes', () => {
    fc.assert(fc.property(metricsRequest, (req) => agree('metrics', encode('metrics', req))), RUNS);
  });

  it('matches protobufjs on any logs request', () => {
    fc.assert(fc.property(logsRequest, (req) => agree('logs', encode('logs', req))), RUNS);
  });

  it('matches protobufjs or steps aside on arbitrary and truncated bytes', () => {
    const sample = readFileSync(join(FIXTURES, 'logs-edit-commit.pb'));
    fc.assert(
      fc.property(fc.constantFrom<Signal>('metrics', 'logs'), fc.oneof(fc.uint8Array({ maxLength: 256 }), fc.nat(sample.length).map((n) => sample.subarray(0, n))), (signal, bytes) =>
        agree(signal, bytes),
      ),
      RUNS,
    );
  });

  it('counts the same spans as protobufjs', () => {
    const traces = { resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'a', traceId: Buffer.alloc(16, 1).toString('base64') }, { name: 'b' }] }, { spans: [{}] }] }] };
    const fast = wireDecode('traces', encode('traces', traces));
    expect(fast.resourceSpans![0]!.scopeSpans!.map((s) => s.spans!.length)).toEqual([2, 1]);
  });
});
