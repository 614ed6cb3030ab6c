// The per-request item cap stops decoding at the first item past it: a request over the cap is
// refused without reading the rest (shown by making the rest invalid, which a full decode would
// report instead).
import { describe, expect, it } from 'vitest';
import { decodeJson, decodeProtobuf } from '../../../src/otlp/decode.js';
import { DEFAULT_LIMITS } from '../../../src/otlp/limits.js';
import { REQUEST_TYPE } from '../../../src/otlp/schema.js';
import { encodeRequest, logsRequest } from '../../builders/otlpRequest.js';

const limits = (maxItemsPerRequest: number) => ({ ...DEFAULT_LIMITS, maxItemsPerRequest });
const records = (n: number) => logsRequest({ records: Array.from({ length: n }, (_, i) => ({ eventName: 'claude_code.tool_result', timeNs: String(1_764_000_000_000_000_000n + BigInt(i)), attrs: { 'session.id': 's' } })) });
/** A field 15 of wire type 2 whose length runs past the end: invalid wherever protobufjs reaches it. */
const BROKEN_TAIL = Buffer.from([0x7a, 0xff, 0x7f]);

function error(r: { ok: boolean; error?: { message: string; httpStatus: number } }): { message: string; httpStatus: number } {
  if (r.ok || !r.error) throw new Error('expected a refusal');
  return r.error;
}

describe('the item cap, protobuf', () => {
  it('decodes a request at the cap in full', () => {
    const r = decodeProtobuf('logs', encodeRequest('logs', records(50), 'protobuf'), limits(50));
    expect(r.ok && r.request.resourceLogs![0]!.scopeLogs![0]!.logRecords!.length).toBe(50);
  });

  it('stops at the first item past the cap, before reading the rest', () => {
    const body = Buffer.concat([encodeRequest('logs', records(51), 'protobuf'), BROKEN_TAIL]);
    // Without the cap, protobufjs reads to the broken tail and says so.
    expect(error(decodeProtobuf('logs', body, limits(100))).message).toMatch(/not a valid protobuf ExportLogsServiceRequest/);
    const refused = error(decodeProtobuf('logs', body, limits(50)));
    expect(refused.httpStatus).toBe(400);
    expect(refused.message).toBe("the request has more than 50 log records, over the limit of 50 per request; lower the exporter's batch size");
  });

  it('counts every kind of data point, and spans', () => {
    const metrics = {
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                { name: 'a', gauge: { dataPoints: [{ asDouble: 1 }, { asDouble: 2 }] } },
                { name: 'b', histogram: { dataPoints: [{ count: 1 }] } },
                { name: 'c', exponentialHistogram: { dataPoints: [{ count: 1 }] } },
                { name: 'd', summary: { dataPoints: [{ count: 1 }] } },
              ],
            },
          ],
        },
      ],
    };
    const bytes = REQUEST_TYPE.metrics.encode(REQUEST_TYPE.metrics.fromObject(metrics)).finish();
    expect(decodeProtobuf('metrics', bytes, limits(5)).ok).toBe(true);
    expect(error(decodeProtobuf('metrics', bytes, limits(4))).message).toMatch(/more than 4 data points/);
    const traces = { resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'x' }, { name: 'y' }] }] }] };
    const spans = REQUEST_TYPE.traces.encode(REQUEST_TYPE.traces.fromObject(traces)).finish();
    expect(error(decodeProtobuf('traces', spans, limits(1))).message).toMatch(/more than 1 spans/);
  });

  it('leaves decodes outside a request alone, even right after a refusal', () => {
    decodeProtobuf('logs', encodeRequest('logs', records(3), 'protobuf'), limits(1));
    const many = encodeRequest('logs', records(200), 'protobuf');
    expect(REQUEST_TYPE.logs.decode(many)).toBeTruthy();
    expect(decodeProtobuf('logs', many).ok).toBe(true);
  });
});

describe('the item cap, OTLP/JSON', () => {
  it('counts before converting, and names the exact count', () => {
    const request = records(51) as unknown as { resourceLogs: { scopeLogs: { logRecords: unknown[] }[] }[] };
    // A record protobufjs would refuse to convert: the count comes first.
    request.resourceLogs[0]!.scopeLogs[0]!.logRecords[50] = { body: 5 };
    const body = Buffer.from(JSON.stringify(request));
    expect(error(decodeJson('logs', body, limits(100))).message).toMatch(/not a valid ExportLogsServiceRequest/);
    expect(error(decodeJson('logs', body, limits(50))).message).toBe("the request has 51 log records, over the limit of 50 per request; lower the exporter's batch size");
  });

  it('counts parts of the wrong type as nothing, for conversion to refuse', () => {
    const body = Buffer.from(JSON.stringify({ resourceLogs: [{ scopeLogs: { logRecords: [1, 2, 3] } }] }));
    expect(error(decodeJson('logs', body, limits(1))).message).toMatch(/not a valid ExportLogsServiceRequest/);
  });
});
