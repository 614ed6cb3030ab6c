// Requests concatenate: the forwarded body is what arrived, byte for byte, and decodes to all of
// the requests in order; OTLP/JSON is re-encoded to the same request in protobuf.
import { describe, expect, it } from 'vitest';
import { buildPayload, jsonToProtobuf } from '../../../src/forward/payload.js';
import type { QueuedRequest } from '../../../src/forward/queue.js';
import { decodeProtobuf } from '../../../src/otlp/decode.js';
import { REQUEST_TYPE } from '../../../src/otlp/schema.js';
import { encodeRequest, logsRequest, metricsRequest } from '../../builders/otlpRequest.js';

const point = (session: string, value: number) => ({ attrs: { 'session.id': session, model: 'm' }, timeNs: '1764000000000000000', value });
const metrics = (session: string, value: number) => metricsRequest({ metrics: [{ name: 'claude_code.cost.usage', points: [point(session, value)] }] });
const item = (seq: number, signal: QueuedRequest['signal'], body: Uint8Array, encoding: QueuedRequest['encoding']): QueuedRequest => ({ seq, signal, body, encoding });

describe('the forwarded body', () => {
  it('passes protobuf on byte for byte, and several requests as one that holds them all in order', () => {
    const a = encodeRequest('metrics', metrics('a', 1), 'protobuf');
    const b = encodeRequest('metrics', metrics('b', 2), 'protobuf');
    expect(buildPayload([item(0, 'metrics', a, 'protobuf')]).body.equals(a)).toBe(true);
    const both = buildPayload([item(0, 'metrics', a, 'protobuf'), item(1, 'metrics', b, 'protobuf')]);
    expect(both.body.equals(Buffer.concat([a, b]))).toBe(true);
    const decoded = decodeProtobuf('metrics', both.body);
    expect(decoded.ok && decoded.request).toEqual({ resourceMetrics: [...metrics('a', 1).resourceMetrics!, ...metrics('b', 2).resourceMetrics!] });
  });

  it('re-encodes OTLP/JSON as the same request, hex trace and span ids included', () => {
    const logs = logsRequest({ records: [{ eventName: 'api_request', timeNs: '1764000000000000001', attrs: { 'session.id': 's', cost_usd: 0.25 } }] });
    logs.resourceLogs![0]!.scopeLogs![0]!.logRecords![0]!.traceId = '0102030405060708090a0b0c0d0e0f10';
    logs.resourceLogs![0]!.scopeLogs![0]!.logRecords![0]!.spanId = 'a1a2a3a4a5a6a7a8';
    const fromJson = jsonToProtobuf('logs', encodeRequest('logs', logs, 'json'));
    expect(Buffer.from(fromJson).equals(encodeRequest('logs', logs, 'protobuf'))).toBe(true);

    const spans = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '0102030405060708090a0b0c0d0e0f10', spanId: 'b1b2b3b4b5b6b7b8', parentSpanId: 'c1c2c3c4c5c6c7c8', name: 'x', links: [{ traceId: 'ffeeddccbbaa99887766554433221100', spanId: '0011223344556677' }] }] }] }] };
    const decoded = REQUEST_TYPE.traces.toObject(REQUEST_TYPE.traces.decode(jsonToProtobuf('traces', Buffer.from(JSON.stringify(spans)))), { bytes: String }) as typeof spans;
    const span = decoded.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    const hex = (b64: string) => Buffer.from(b64, 'base64').toString('hex');
    expect([hex(span.traceId), hex(span.spanId), hex(span.parentSpanId), hex(span.links[0]!.traceId), hex(span.links[0]!.spanId)]).toEqual([
      '0102030405060708090a0b0c0d0e0f10',
      'b1b2b3b4b5b6b7b8',
      'c1c2c3c4c5c6c7c8',
      'ffeeddccbbaa99887766554433221100',
      '0011223344556677',
    ]);
  });

  it('mixes both encodings in arrival order, and sets aside what cannot be re-encoded', () => {
    const a = encodeRequest('metrics', metrics('a', 1), 'protobuf');
    const b = encodeRequest('metrics', metrics('b', 2), 'json');
    const broken = item(2, 'metrics', Buffer.from('{"resourceMetrics": 5}'), 'json');
    const payload = buildPayload([item(0, 'metrics', a, 'protobuf'), item(1, 'metrics', b, 'json'), broken]);
    expect(payload.unencodable).toEqual([broken]);
    expect(payload.items.map((i) => i.seq)).toEqual([0, 1]);
    expect(payload.body.equals(Buffer.concat([a, encodeRequest('metrics', metrics('b', 2), 'protobuf')]))).toBe(true);
  });
});
