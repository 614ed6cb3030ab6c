// The hook a later sink (OTLP forwarding) plugs into: called once for each accepted request, with
// its body as protobuf after gunzip or as the JSON text, and never for a refused one.
import { gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { grpcExportPath } from '../../src/otlp/schema.js';
import type { ExportConsumer, RequestBySignal, Signal } from '../../src/otlp/types.js';
import { encodeRequest, logsRequest } from '../builders/otlpRequest.js';
import { startLiveReceiver, type LiveReceiver } from './liveReceiver.js';

const accepted: { signal: Signal; body: Buffer; encoding: string }[] = [];

/** Rejects one record of a request whose first event is "reject"; throws on "boom". */
const consumer: ExportConsumer = (signal, request) => {
  const first = (request as RequestBySignal['logs']).resourceLogs?.[0]?.scopeLogs?.[0]?.logRecords?.[0]?.body?.stringValue;
  if (first === 'claude_code.boom') throw new Error('boom');
  return { rejected: first === 'claude_code.reject' ? 1 : 0 };
};

const logs = (eventName: string) => logsRequest({ records: [{ eventName, timeNs: '1764000000000000000', attrs: { 'session.id': 's' } }] });

describe('onAccepted', () => {
  let live: LiveReceiver;
  beforeAll(async () => {
    live = await startLiveReceiver({ consumer, limits: { maxWireBytes: 4096, maxItemsPerRequest: 1 }, onAccepted: (signal, body, encoding) => accepted.push({ signal, body: Buffer.from(body), encoding }) });
  });
  afterAll(async () => live.close());
  beforeEach(() => {
    accepted.length = 0;
  });

  const post = async (body: Buffer | string, headers: Record<string, string>) => (await fetch(`${live.httpUrl}/v1/logs`, { method: 'POST', headers, body })).status;
  const grpcCall = (body: Buffer, options: grpc.ClientOptions = {}) =>
    new Promise<number>((resolve) => {
      const client = new grpc.Client(`127.0.0.1:${live.receiver.grpc.port}`, grpc.credentials.createInsecure(), options);
      client.makeUnaryRequest(grpcExportPath('logs'), (b: Buffer) => b, (b: Buffer) => b, body, (err) => {
        client.close();
        resolve(err ? err.code : grpc.status.OK);
      });
    });

  it('gets each accepted request once, as it arrived (inflated), whatever the transport', async () => {
    const protobuf = encodeRequest('logs', logs('a'), 'protobuf');
    const json = encodeRequest('logs', logs('b'), 'json');
    expect(await post(gzipSync(protobuf), { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'gzip' })).toBe(200);
    expect(await post(json, { 'Content-Type': 'application/json' })).toBe(200);
    expect(await grpcCall(protobuf, { 'grpc.default_compression_algorithm': 2 })).toBe(grpc.status.OK);
    // A partial success is still an accepted request.
    const partial = await fetch(`${live.httpUrl}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: encodeRequest('logs', logs('reject'), 'json') });
    expect(await partial.json()).toEqual({ partialSuccess: { rejectedLogRecords: '1' } });
    expect(accepted.map((a) => [a.signal, a.encoding])).toEqual([
      ['logs', 'protobuf'],
      ['logs', 'json'],
      ['logs', 'protobuf'],
      ['logs', 'json'],
    ]);
    expect(accepted[0]!.body.equals(protobuf)).toBe(true);
    expect(accepted[1]!.body.equals(json)).toBe(true);
    expect(accepted[2]!.body.equals(protobuf)).toBe(true);
  });

  it('never gets a refused request', async () => {
    const json = { 'Content-Type': 'application/json' };
    expect(await post('{"resourceLogs": [', json)).toBe(400);
    expect(await post('{}', { 'Content-Type': 'text/plain' })).toBe(415);
    expect(await post(Buffer.alloc(5000, 0x20), json)).toBe(413);
    const twoRecords = logsRequest({ records: [0, 1].map((i) => ({ eventName: 'x', timeNs: String(i), attrs: {} })) });
    expect(await post(encodeRequest('logs', twoRecords, 'json'), json)).toBe(400);
    expect(await post(encodeRequest('logs', logs('boom'), 'json'), json)).toBe(500);
    expect(await grpcCall(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]))).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await grpcCall(encodeRequest('logs', logs('boom'), 'protobuf'))).toBe(grpc.status.INTERNAL);
    expect(accepted).toEqual([]);
  });

  it('does not fail an export that was counted when the hook itself throws', async () => {
    const throwing = await startLiveReceiver({
      consumer,
      onAccepted: () => {
        throw new Error('sink down');
      },
    });
    try {
      const status = (await fetch(`${throwing.httpUrl}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status;
      expect(status).toBe(200);
    } finally {
      await throwing.close();
    }
  });
});
