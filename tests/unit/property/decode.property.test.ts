// Property: the decoders never throw, whatever the bytes: random ones, and real Claude Code
// payloads with bytes flipped, cut or inserted. Through the live receiver the answer is always
// 200 or a 4xx / INVALID_ARGUMENT, never a 5xx, and the receiver keeps serving.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJson, decodeProtobuf } from '../../../src/otlp/decode.js';
import { grpcExportPath } from '../../../src/otlp/schema.js';
import type { Signal } from '../../../src/otlp/types.js';
import { interpretLogs } from '../../../src/telemetry/events.js';
import { interpretMetrics } from '../../../src/telemetry/metrics.js';
import { startLiveReceiver, type LiveReceiver } from '../../protocol/liveReceiver.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');
const SAMPLES: { signal: Signal; encoding: 'protobuf' | 'json'; bytes: Buffer }[] = [
  { signal: 'metrics', encoding: 'protobuf', bytes: readFileSync(join(FIXTURES, 'metrics-edit-commit.pb')) },
  { signal: 'logs', encoding: 'protobuf', bytes: readFileSync(join(FIXTURES, 'logs-edit-commit.pb')) },
  { signal: 'metrics', encoding: 'json', bytes: readFileSync(join(FIXTURES, 'metrics-edit-commit.json')) },
  { signal: 'logs', encoding: 'json', bytes: readFileSync(join(FIXTURES, 'logs-edit-commit.json')) },
];

const RUNS = { numRuns: 300, seed: 42 };

type Mutation = { kind: 'flip' | 'cut' | 'insert'; at: number; byte: number };
const mutation = fc.record({ kind: fc.constantFrom<'flip' | 'cut' | 'insert'>('flip', 'cut', 'insert'), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) });

function mutate(bytes: Buffer, mutations: Mutation[]): Buffer {
  let out = Buffer.from(bytes);
  for (const m of mutations) {
    const at = m.at % Math.max(1, out.length);
    if (m.kind === 'flip') out[at] = m.byte;
    else if (m.kind === 'cut') out = out.subarray(0, at);
    else out = Buffer.concat([out.subarray(0, at), Buffer.from([m.byte]), out.subarray(at)]);
  }
  return out;
}

/** Decode and, when it decodes, interpret: the whole path up to the store must not throw. */
function decodeAndInterpret(signal: Signal, encoding: 'protobuf' | 'json', bytes: Buffer): void {
  const decoded = encoding === 'json' ? decodeJson(signal, bytes) : decodeProtobuf(signal, bytes);
  if (!decoded.ok) {
    expect(decoded.error.httpStatus).toBe(400);
    return;
  }
  if (signal === 'metrics') interpretMetrics(decoded.request as Parameters<typeof interpretMetrics>[0]);
  if (signal === 'logs') interpretLogs(decoded.request as Parameters<typeof interpretLogs>[0], { keepPrompts: false, nowMs: 0 });
}

describe('decoders on hostile bytes', () => {
  it('never throw on random bytes', () => {
    fc.assert(
      fc.property(fc.constantFrom<Signal>('metrics', 'logs', 'traces'), fc.constantFrom<'protobuf' | 'json'>('protobuf', 'json'), fc.uint8Array({ maxLength: 512 }), (signal, encoding, bytes) => {
        decodeAndInterpret(signal, encoding, Buffer.from(bytes));
      }),
      RUNS,
    );
  });

  it('never throw on mutated real Claude Code payloads', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SAMPLES), fc.array(mutation, { minLength: 1, maxLength: 4 }), (sample, mutations) => {
        decodeAndInterpret(sample.signal, sample.encoding, mutate(sample.bytes, mutations));
      }),
      RUNS,
    );
  });
});

describe('the live receiver on hostile bodies', () => {
  let live: LiveReceiver;
  let client: grpc.Client;
  beforeAll(async () => {
    live = await startLiveReceiver();
    client = new grpc.Client(`127.0.0.1:${live.receiver.grpc.port}`, grpc.credentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    await live.close();
  });

  it('answers 200 or 400 over HTTP and OK or INVALID_ARGUMENT over gRPC, never failing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SAMPLES), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (sample, mutations) => {
        const body = mutate(sample.bytes, mutations);
        const contentType = sample.encoding === 'json' ? 'application/json' : 'application/x-protobuf';
        const res = await fetch(`${live.httpUrl}/v1/${sample.signal}`, { method: 'POST', headers: { 'Content-Type': contentType }, body });
        await res.arrayBuffer();
        expect([200, 400]).toContain(res.status);
        if (sample.encoding === 'protobuf') {
          const code = await new Promise<number>((resolve) =>
            client.makeUnaryRequest(grpcExportPath(sample.signal), (b: Buffer) => b, (b: Buffer) => b, body, (err) => resolve(err ? err.code : grpc.status.OK)),
          );
          expect([grpc.status.OK, grpc.status.INVALID_ARGUMENT]).toContain(code);
        }
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});
