// OTLP/gRPC to the upstream (@grpc/grpc-js): the Export method of each signal's service, bytes
// passed through as they are, gzip-compressed by grpc-js; the status read into a SendOutcome.
import * as grpc from '@grpc/grpc-js';
import { grpcExportPath } from '../otlp/schema.js';
import { DEFAULT_BACKOFF, grpcOutcome, upstreamText, type SendOutcome } from './retryPolicy.js';
import type { Sender } from './sender.js';
import type { ForwardTarget } from './target.js';
import { grpcRetryDelayMs, partialSuccessOf } from './upstreamAnswer.js';

const GZIP = 2; // grpc-js CompressionAlgorithms.gzip
const pass = (b: Buffer): Buffer => b;

export function createGrpcSender(target: ForwardTarget, timeoutMs: number): Sender {
  const credentials = target.tls ? grpc.credentials.createSsl() : grpc.credentials.createInsecure();
  // grpc-js reconnects with its own backoff (up to 2 min by default); kept to forwarding's own.
  const client = new grpc.Client(target.address, credentials, {
    'grpc.default_compression_algorithm': GZIP,
    'grpc.enable_retries': 0,
    'grpc.max_reconnect_backoff_ms': DEFAULT_BACKOFF.maxMs,
  });
  const metadata = new grpc.Metadata();
  for (const [name, value] of target.headers) metadata.set(name, value);
  const calls = new Set<grpc.ClientUnaryCall>();
  let closed = false;

  return {
    send(signal, body) {
      if (closed) return Promise.resolve({ kind: 'retry', error: 'cc-top stopped before sending' });
      return new Promise<SendOutcome>((resolve) => {
        const call = client.makeUnaryRequest(grpcExportPath(signal), pass, pass, body, metadata.clone(), { deadline: Date.now() + timeoutMs }, (err, answer) => {
          calls.delete(call);
          if (!err) {
            const warning = answer ? partialSuccessOf(signal, answer) : undefined;
            return resolve(warning ? { kind: 'ok', warning } : { kind: 'ok' });
          }
          if (closed) return resolve({ kind: 'retry', error: 'cc-top stopped before the upstream answered' });
          const details = err.metadata?.get('grpc-status-details-bin')[0];
          const delay = grpcRetryDelayMs(Buffer.isBuffer(details) ? details : undefined);
          resolve(grpcOutcome(err.code, grpc.status[err.code] ?? String(err.code), upstreamText(err.details ?? ''), delay));
        });
        calls.add(call);
      });
    },
    close() {
      closed = true;
      for (const call of calls) call.cancel();
      client.close();
    },
  };
}
