// Clients that try to exhaust the receiver (stalled bodies, too many bytes at once, floods of
// idle connections) are refused, evicted or timed out, and a real export still gets through.
// Small limits keep every case quick; each waits for what the clients observe, never for time.
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReceiverLimits } from '../../src/otlp/receiver.js';
import { grpcExportPath } from '../../src/otlp/schema.js';
import http2 from 'node:http2';
import { encodeRequest, logsRequest } from '../builders/otlpRequest.js';
import { grpcCallInParts, idleConnections, parseHttpAnswer, stalledGrpcBody, stalledHttpBody } from './hostileClients.js';
import { startLiveReceiver, type LiveReceiver } from './liveReceiver.js';

const KIB = 1024;
const CAP = 64 * KIB;
const WAIT = { timeout: 10_000, interval: 20 };

let live: LiveReceiver | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await live?.close();
  live = undefined;
});

async function start(limits: Partial<ReceiverLimits>): Promise<LiveReceiver> {
  live = await startLiveReceiver({ limits: { maxWireBytes: 1024 * KIB, maxBytesInFlight: CAP, ...limits } });
  return live;
}

/** A real (tiny, valid) OTLP/HTTP export on a new connection. */
async function httpExport(live: LiveReceiver, bytes = 2): Promise<{ status: number; retryAfter: string | null; message?: string }> {
  const body = bytes <= 2 ? '{}' : `{${' '.repeat(bytes - 2)}}`;
  const res = await fetch(`${live.httpUrl}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json', Connection: 'close' }, body });
  const text = await res.text();
  return { status: res.status, retryAfter: res.headers.get('retry-after'), ...(res.status !== 200 ? { message: (JSON.parse(text) as { message: string }).message } : {}) };
}

/** A real (empty, valid) OTLP/gRPC logs export on a new connection. */
function grpcExport(live: LiveReceiver): Promise<{ code: number; details: string }> {
  const client = new grpc.Client(`127.0.0.1:${live.receiver.grpc.port}`, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest(grpcExportPath('logs'), (b: Buffer) => b, (b: Buffer) => b, Buffer.alloc(0), (err) => {
      client.close();
      resolve(err ? { code: err.code, details: err.details } : { code: grpc.status.OK, details: '' });
    });
  });
}

describe('a flood of stalled bodies', () => {
  it('over HTTP: the least recently active are evicted with 503 + Retry-After, and a real export gets in', async () => {
    const live = await start({ stalledBodyMs: 0 });
    const stalled = Array.from({ length: 8 }, () => stalledHttpBody(live.receiver.http.port, 512 * KIB, 16 * KIB));
    cleanups.push(() => stalled.forEach((s) => s.socket.destroy()));
    // 8 × 16 KiB against a 64 KiB cap: at least 4 must have been cut off.
    const answered = () => stalled.flatMap((s) => s.answer() ?? []);
    await vi.waitFor(() => expect(answered().length).toBeGreaterThanOrEqual(4), WAIT);
    for (const text of answered()) {
      const answer = parseHttpAnswer(text);
      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toBe('2');
      expect(answer.message).toMatch(/the body stalled while cc-top needed room for other requests; retry in 2 s/);
    }
    expect(await httpExport(live)).toMatchObject({ status: 200 });
  });

  it('over gRPC: stalled calls are evicted (RESOURCE_EXHAUSTED, connection closed) to make room for a real export', async () => {
    const live = await start({ stalledBodyMs: 0 });
    // 3 × 20 KiB (and their HTTP/2 framing) fit in the 64 KiB cap; an 8 KiB export then does not.
    const stalled = Array.from({ length: 3 }, () => stalledGrpcBody(live.receiver.grpc.port, 512 * KIB, 20 * KIB));
    cleanups.push(() => stalled.forEach((s) => s.session.destroy()));
    await vi.waitFor(async () => {
      expect((await httpExport(live, 8 * KIB)).status).toBe(200);
      expect(stalled.some((s) => s.isClosed())).toBe(true);
    }, WAIT);
    for (const s of stalled.filter((s) => s.isClosed())) {
      expect(s.answer()).toEqual({ code: grpc.status.RESOURCE_EXHAUSTED, message: 'the body stalled while cc-top needed room for other requests; retry in 2 s' });
    }
    expect((await grpcExport(live)).code).toBe(grpc.status.OK);
  });
});

describe('bytes in flight past the cap, nothing stalled long enough to evict', () => {
  it('over HTTP: 503 with Retry-After naming the limit, while a small export still fits', async () => {
    const live = await start({ stalledBodyMs: 60_000 });
    const holder = stalledHttpBody(live.receiver.http.port, 512 * KIB, 48 * KIB);
    cleanups.push(() => holder.socket.destroy());
    // Until the server holds the 48 KiB, a 32 KiB body is read in full (an empty request: 200).
    await vi.waitFor(async () => expect((await httpExport(live, 32 * KIB)).status).toBe(503), WAIT);
    const refused = await httpExport(live, 32 * KIB);
    expect(refused).toEqual({ status: 503, retryAfter: '2', message: 'cc-top is already holding 65536 bytes of request bodies, its limit; retry in 2 s' });
    expect(await httpExport(live)).toMatchObject({ status: 200 });
  });

  it('over gRPC: RESOURCE_EXHAUSTED for a new call while the cap is reached, and for a call that passes it', async () => {
    const live = await start({ stalledBodyMs: 60_000 });
    const holder = stalledHttpBody(live.receiver.http.port, 512 * KIB, CAP);
    await vi.waitFor(async () => expect((await grpcExport(live)).code).toBe(grpc.status.RESOURCE_EXHAUSTED), WAIT);
    expect((await grpcExport(live)).details).toMatch(/cc-top is already holding 65536 bytes of request bodies, its limit/);
    holder.socket.destroy();
    await vi.waitFor(async () => expect((await grpcExport(live)).code).toBe(grpc.status.OK), WAIT);

    // One call alone past the cap: refused, and its connection closed (that frees its buffer).
    const big = stalledGrpcBody(live.receiver.grpc.port, 512 * KIB, CAP + 16 * KIB);
    cleanups.push(() => big.session.destroy());
    expect(await big.status).toEqual({ code: grpc.status.RESOURCE_EXHAUSTED, message: expect.stringMatching(/already holding 65536 bytes/) as unknown });
    await big.closed;
    expect((await grpcExport(live)).code).toBe(grpc.status.OK);
  });
});

describe('a busy gRPC connection', () => {
  it('is not counted as holding what its finished calls handed on, however long it stays busy', async () => {
    const live = await start({ stalledBodyMs: 60_000 });
    const session = http2.connect(`http://127.0.0.1:${live.receiver.grpc.port}`);
    cleanups.push(() => session.destroy());
    // 16 KiB messages, each call begun before the previous one ends: the connection always has
    // a call receiving, and 40 calls carry 10 times the 64 KiB cap.
    const message = encodeRequest('logs', logsRequest({ records: [{ eventName: 'x'.repeat(16 * KIB), timeNs: '1764000000000000000', attrs: {} }] }), 'protobuf');
    const half = message.length >> 1;
    let previous = grpcCallInParts(session, message);
    previous.sendPart(message.subarray(0, half));
    for (let i = 1; i < 40; i++) {
      const next = grpcCallInParts(session, message);
      next.sendPart(message.subarray(0, half));
      previous.end(message.subarray(half));
      expect(await previous.status).toEqual({ code: grpc.status.OK, message: 'OK' });
      previous = next;
    }
    previous.end(message.subarray(half));
    expect(await previous.status).toEqual({ code: grpc.status.OK, message: 'OK' });
  });
});

describe('a body that stalls past the body timeout', () => {
  it('over HTTP: 408, the connection closed, its bytes released', async () => {
    const live = await start({ stalledBodyMs: 60_000, bodyTimeoutMs: 300 });
    const stalled = stalledHttpBody(live.receiver.http.port, 512 * KIB, 48 * KIB);
    expect(parseHttpAnswer(await stalled.closed).status).toBe(408);
    // 48 + 32 KiB would not fit had the stalled body kept its share.
    expect((await httpExport(live, 32 * KIB)).status).toBe(200);
  });

  it('over gRPC: DEADLINE_EXCEEDED, the connection closed, its bytes released', async () => {
    const live = await start({ stalledBodyMs: 60_000, bodyTimeoutMs: 300 });
    const stalled = stalledGrpcBody(live.receiver.grpc.port, 512 * KIB, 48 * KIB);
    cleanups.push(() => stalled.session.destroy());
    expect(await stalled.status).toEqual({ code: grpc.status.DEADLINE_EXCEEDED, message: 'the request body did not arrive within 0.3 s; check the network or the exporter' });
    await stalled.closed;
    expect((await httpExport(live, 32 * KIB)).status).toBe(200);
  });

  it('over gRPC: a whole message never followed by the end of the request times out too', async () => {
    const live = await start({ stalledBodyMs: 60_000, bodyTimeoutMs: 300 });
    const session = http2.connect(`http://127.0.0.1:${live.receiver.grpc.port}`);
    cleanups.push(() => session.destroy());
    const message = encodeRequest('logs', logsRequest({ records: [{ eventName: 'x', timeNs: '1764000000000000000', attrs: {} }] }), 'protobuf');
    const call = grpcCallInParts(session, message);
    call.sendPart(message);
    expect((await call.status).code).toBe(grpc.status.DEADLINE_EXCEEDED);
  });
});

describe('a flood of idle connections', () => {
  it.each(['http', 'grpc'] as const)('over %s: the least recently active connections are closed and a real export gets in', async (transport) => {
    const live = await start({ maxConnections: 16 });
    const flood = await idleConnections(live.receiver[transport].port, 40);
    cleanups.push(flood.destroy);
    await vi.waitFor(() => expect(flood.closed()).toBeGreaterThanOrEqual(40 - 16), WAIT);
    if (transport === 'http') expect(await httpExport(live)).toMatchObject({ status: 200 });
    else expect((await grpcExport(live)).code).toBe(grpc.status.OK);
  });
});
