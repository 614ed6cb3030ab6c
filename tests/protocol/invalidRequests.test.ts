// Every way a request can be wrong gets the status the OTLP spec asks for, a google.rpc.Status
// body naming the cause, and leaves the receiver serving.
import http from 'node:http';
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_TYPE, RESPONSE_TYPE, STATUS_TYPE, grpcExportPath } from '../../src/otlp/schema.js';
import { ListenError, startReceiver } from '../../src/otlp/receiver.js';
import type { ExportConsumer, Signal } from '../../src/otlp/types.js';
import { startLiveReceiver, type LiveReceiver } from './liveReceiver.js';

const LIMITS = { maxWireBytes: 64 * 1024, maxInflatedBytes: 256 * 1024, maxJsonDepth: 32, maxItemsPerRequest: 50 };

const manyRecords = JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: Array.from({ length: 51 }, () => ({ body: { stringValue: 'x' } })) }] }] });

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function post(url: string, options: { method?: string; headers?: Record<string, string | number>; body?: Buffer | string; chunks?: Buffer[] } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'POST', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (options.chunks) {
      for (const c of options.chunks) req.write(c);
      req.end();
    } else req.end(options.body);
  });
}

const json = { 'Content-Type': 'application/json' };
const proto = { 'Content-Type': 'application/x-protobuf' };

/** A valid metrics request with one negative point (rejected) and one good one. */
const PARTIAL = {
  resourceMetrics: [
    {
      scopeMetrics: [
        {
          metrics: [
            {
              name: 'claude_code.commit.count',
              sum: {
                aggregationTemporality: 'AGGREGATION_TEMPORALITY_DELTA',
                isMonotonic: true,
                dataPoints: [
                  { timeUnixNano: 1795502486095000000, asDouble: -1, attributes: [{ key: 'session.id', value: { stringValue: 'p' } }] },
                  { timeUnixNano: '1795502486095000001', asInt: 2, attributes: [{ key: 'session.id', value: { stringValue: 'p' } }] },
                ],
              },
            },
          ],
        },
      ],
    },
  ],
};

describe('invalid OTLP/HTTP requests', () => {
  let live: LiveReceiver;
  let url: (path: string) => string;
  beforeAll(async () => {
    live = await startLiveReceiver({ limits: LIMITS });
    url = (p) => `${live.httpUrl}${p}`;
  });
  afterAll(async () => live.close());

  const deep = `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`;
  const bomb = gzipSync(Buffer.alloc(LIMITS.maxInflatedBytes * 4, 0x20));

  it.each([
    { name: 'unknown path', path: '/v1/spans', headers: json, body: '{}', status: 404, message: /no OTLP endpoint at \/v1\/spans/ },
    { name: 'wrong method', path: '/v1/metrics', method: 'GET', headers: json, status: 405, message: /GET is not allowed/ },
    { name: 'unsupported content type', path: '/v1/logs', headers: { 'Content-Type': 'text/plain' }, body: 'x', status: 415, message: /unsupported Content-Type "text\/plain"/ },
    // Names of Object.prototype members are not media types (a lookup table must not see them).
    { name: 'a content type named like an object member', path: '/v1/logs', headers: { 'Content-Type': 'constructor' }, body: '{}', status: 415, message: /unsupported Content-Type "constructor"/ },
    { name: 'unsupported encoding', path: '/v1/logs', headers: { ...json, 'Content-Encoding': 'br' }, body: '{}', status: 415, message: /unsupported Content-Encoding "br"/ },
    { name: 'declared size over the wire limit', path: '/v1/logs', headers: { ...json, 'Content-Length': LIMITS.maxWireBytes + 1 }, body: Buffer.alloc(LIMITS.maxWireBytes + 1, 0x20), status: 413, message: /the body is 65537 bytes, over the 65536 bytes limit/ },
    { name: 'chunked body over the wire limit', path: '/v1/logs', headers: json, chunks: Array.from({ length: 20 }, () => Buffer.alloc(8 * 1024, 0x20)), status: 413, message: /over the .* limit/ },
    { name: 'gzip bomb', path: '/v1/logs', headers: { ...json, 'Content-Encoding': 'gzip' }, body: bomb, status: 413, message: /inflates past/ },
    { name: 'broken gzip', path: '/v1/logs', headers: { ...json, 'Content-Encoding': 'gzip' }, body: 'not gzip', status: 400, message: /not valid gzip/ },
    { name: 'invalid JSON', path: '/v1/logs', headers: json, body: '{"resourceLogs": [', status: 400, message: /not valid JSON/ },
    { name: 'JSON that is not an object', path: '/v1/logs', headers: json, body: '[1]', status: 400, message: /must be an ExportLogsServiceRequest object/ },
    { name: 'JSON of the wrong shape', path: '/v1/metrics', headers: json, body: '{"resourceMetrics": 5}', status: 400, message: /not a valid ExportMetricsServiceRequest/ },
    { name: 'JSON nested too deep', path: '/v1/logs', headers: json, body: deep, status: 400, message: /nests deeper than 32 levels/ },
    { name: 'trace id that is not hex', path: '/v1/logs', headers: json, body: '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"traceId":"xyz"}]}]}]}', status: 400, message: /traceId must be a hex string/ },
    { name: 'too many log records', path: '/v1/logs', headers: json, body: manyRecords, status: 400, message: /the request has 51 log records, over the limit of 50 per request/ },
    { name: 'invalid protobuf', path: '/v1/metrics', headers: proto, body: Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), status: 400, message: /not a valid protobuf ExportMetricsServiceRequest/ },
  ])('$name -> $status with a google.rpc.Status naming the cause', async ({ path, method, headers, body, chunks, status, message }) => {
    const reply = await post(url(path), { method, headers, body, chunks });
    expect(reply.status).toBe(status);
    const isProto = reply.headers['content-type'] === 'application/x-protobuf';
    const decoded = isProto ? (STATUS_TYPE.toObject(STATUS_TYPE.decode(reply.body)) as { message: string }) : (JSON.parse(reply.body.toString()) as { message: string });
    expect(decoded.message).toMatch(message);
    if (status === 405) expect(reply.headers['allow']).toBe('POST');
    // The receiver keeps serving after every bad request.
    expect((await post(url('/v1/logs'), { headers: json, body: '{}' })).status).toBe(200);
  });

  it('answers partial success in the request encoding, counting what it kept', async () => {
    const asJson = await post(url('/v1/metrics'), { headers: json, body: JSON.stringify(PARTIAL) });
    expect(asJson.status).toBe(200);
    expect(JSON.parse(asJson.body.toString())).toEqual({
      partialSuccess: { rejectedDataPoints: '1', errorMessage: '1 × claude_code.commit.count: negative value on a monotonic counter' },
    });
    const type = REQUEST_TYPE.metrics;
    const asProto = await post(url('/v1/metrics'), { headers: proto, body: Buffer.from(type.encode(type.fromObject(PARTIAL)).finish()) });
    const response = RESPONSE_TYPE.metrics.toObject(RESPONSE_TYPE.metrics.decode(asProto.body), { longs: String }) as { partialSuccess: { rejectedDataPoints: string } };
    expect(asProto.headers['content-type']).toBe('application/x-protobuf');
    expect(response.partialSuccess.rejectedDataPoints).toBe('1');
    // int64 as a JSON number or string and the enum by name all read right; the second request
    // carries the very same point (same stream, start and time), so like an exporter retry it
    // counts once, whatever the encoding.
    expect(live.store.state.sessions.get('p')!.counters.commits).toBe(2);
    expect(live.store.state.duplicates.points).toBe(1);
  });
});

function grpcCall(address: string, signal: Signal, body: Buffer, options: grpc.CallOptions = {}, clientOptions: grpc.ClientOptions = {}): Promise<{ error?: grpc.ServiceError; response?: Buffer }> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure(), clientOptions);
  return new Promise((resolve) => {
    client.makeUnaryRequest(grpcExportPath(signal), (b: Buffer) => b, (b: Buffer) => b, body, new grpc.Metadata(), options, (error, response) => {
      client.close();
      resolve({ error: error ?? undefined, response });
    });
  });
}

describe('invalid OTLP/gRPC requests', () => {
  let live: LiveReceiver;
  let address: string;
  beforeAll(async () => {
    live = await startLiveReceiver({ limits: LIMITS });
    address = `127.0.0.1:${live.receiver.grpc.port}`;
  });
  afterAll(async () => live.close());

  it('answers INVALID_ARGUMENT to bytes that are not a request', async () => {
    const { error } = await grpcCall(address, 'logs', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]));
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.details).toMatch(/not a valid protobuf ExportLogsServiceRequest/);
  });

  it('answers RESOURCE_EXHAUSTED over the size limit, compressed or not', async () => {
    const big = Buffer.alloc(LIMITS.maxWireBytes + 10, 0);
    expect((await grpcCall(address, 'logs', big)).error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    const compressed = await grpcCall(address, 'logs', Buffer.alloc(LIMITS.maxWireBytes * 4, 0), {}, { 'grpc.default_compression_algorithm': 2 });
    expect(compressed.error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  });

  it('answers partial success and accepts gzip', async () => {
    const type = REQUEST_TYPE.metrics;
    const body = Buffer.from(type.encode(type.fromObject(PARTIAL)).finish());
    const { error, response } = await grpcCall(address, 'metrics', body, {}, { 'grpc.default_compression_algorithm': 2 });
    expect(error).toBeUndefined();
    const decoded = RESPONSE_TYPE.metrics.toObject(RESPONSE_TYPE.metrics.decode(response!), { longs: String }) as { partialSuccess: { rejectedDataPoints: string } };
    expect(decoded.partialSuccess.rejectedDataPoints).toBe('1');
  });
});

describe('a consumer that throws', () => {
  it('gets 500 / INTERNAL and the receiver keeps serving', async () => {
    let calls = 0;
    const consumer: ExportConsumer = () => {
      calls++;
      if (calls % 2 === 1) throw new Error('boom');
      return { rejected: 0 };
    };
    const live = await startLiveReceiver({ consumer });
    try {
      const first = await post(`${live.httpUrl}/v1/logs`, { headers: json, body: '{}' });
      expect(first.status).toBe(500);
      expect(JSON.parse(first.body.toString()).message).toMatch(/cc-top failed to process the logs: boom/);
      expect((await post(`${live.httpUrl}/v1/logs`, { headers: json, body: '{}' })).status).toBe(200);
      const viaGrpc = await grpcCall(`127.0.0.1:${live.receiver.grpc.port}`, 'logs', Buffer.alloc(0));
      expect(viaGrpc.error?.code).toBe(grpc.status.INTERNAL);
    } finally {
      await live.close();
    }
  });
});

describe('ports', () => {
  it('says gRPC and HTTP need different ports when given the same one, and leaves nothing listening', async () => {
    const consumer: ExportConsumer = () => ({ rejected: 0 });
    const port = await new Promise<number>((r) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => r(p));
      });
    });
    const err = await startReceiver({ host: '127.0.0.1', grpcPort: port, httpPort: port, consumer }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ListenError);
    expect((err as ListenError).message).toBe(`gRPC and HTTP need different ports, but both are ${port}; pass a different --grpc-port or --http-port`);
    const again = await startReceiver({ host: '127.0.0.1', grpcPort: 0, httpPort: port, consumer });
    await again.close();
  });

  it('names the port and the fix when a port is taken, and leaves nothing listening', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as net.AddressInfo).port;
    const consumer: ExportConsumer = () => ({ rejected: 0 });
    try {
      await expect(startReceiver({ host: '127.0.0.1', grpcPort: 0, httpPort: taken, consumer })).rejects.toThrow(
        `port ${taken} is in use by another process; pass --http-port or stop it`,
      );
      const free = await new Promise<number>((r) => {
        const s = net.createServer().listen(0, '127.0.0.1', () => {
          const p = (s.address() as net.AddressInfo).port;
          s.close(() => r(p));
        });
      });
      const err = await startReceiver({ host: '127.0.0.1', grpcPort: taken, httpPort: free, consumer }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ListenError);
      expect((err as ListenError).message).toBe(`port ${taken} is in use by another process; pass --grpc-port or stop it`);
      // The HTTP listener that did start was closed again.
      const again = await startReceiver({ host: '127.0.0.1', grpcPort: 0, httpPort: free, consumer });
      await again.close();
      await again.close();
    } finally {
      blocker.close();
    }
  });
});
