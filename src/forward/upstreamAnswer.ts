// What an upstream said back, read from its answer: the message of an error (a google.rpc.Status
// in protobuf or JSON, or plain text), a partial success (some points rejected), and the wait a
// gRPC server asks for (google.rpc.RetryInfo in the status details). Never throws: an answer
// that cannot be read is shown as what it is.
import protobuf from 'protobufjs';
import { RESPONSE_TYPE, STATUS_TYPE, REJECTED_FIELD } from '../otlp/schema.js';
import type { Signal } from '../otlp/types.js';
import { upstreamText } from './retryPolicy.js';

const RETRY_INFO_URL = 'type.googleapis.com/google.rpc.RetryInfo';

const RETRY_INFO = protobuf.Root.fromJSON({
  nested: {
    RetryInfo: { fields: { retryDelay: { type: 'Duration', id: 1 } } },
    Duration: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } },
  },
}).lookupType('RetryInfo');

interface StatusObject {
  message?: string;
  details?: { typeUrl?: string; value?: Uint8Array }[];
}

/** The message of an error answer's body, made safe to show. */
export function errorMessageOf(body: Buffer, contentType: string | undefined): string {
  if (body.byteLength === 0) return '';
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  try {
    if (media === 'application/x-protobuf') return upstreamText((STATUS_TYPE.decode(body) as unknown as StatusObject).message ?? '');
    if (media === 'application/json') {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      const message = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)['message'] : undefined;
      if (typeof message === 'string') return upstreamText(message);
    }
  } catch {
    // Not what it claimed to be: show its text.
  }
  return upstreamText(body.toString('utf8'));
}

/** "upstream rejected N data points: why" for a partial success, else undefined. */
export function partialSuccessOf(signal: Signal, body: Uint8Array): string | undefined {
  if (body.byteLength === 0) return undefined;
  try {
    const type = RESPONSE_TYPE[signal];
    const response = type.toObject(type.decode(body), { longs: String }) as { partialSuccess?: Record<string, string> };
    const partial = response.partialSuccess;
    if (!partial) return undefined;
    const rejected = Number(partial[REJECTED_FIELD[signal]] ?? 0);
    const message = upstreamText(partial['errorMessage'] ?? '');
    if (rejected <= 0 && !message) return undefined;
    const what = signal === 'metrics' ? 'data points' : signal === 'logs' ? 'log records' : 'spans';
    return `the upstream rejected ${rejected} ${what}${message ? `: ${message}` : ''}`;
  } catch {
    return undefined;
  }
}

/** The wait a gRPC error's RetryInfo asks for (from the grpc-status-details-bin trailer), in ms. */
export function grpcRetryDelayMs(statusDetails: Buffer | undefined): number | undefined {
  if (!statusDetails) return undefined;
  try {
    const status = STATUS_TYPE.decode(statusDetails) as unknown as StatusObject;
    for (const detail of status.details ?? []) {
      if (detail.typeUrl !== RETRY_INFO_URL || !detail.value) continue;
      const info = RETRY_INFO.toObject(RETRY_INFO.decode(detail.value), { longs: Number }) as { retryDelay?: { seconds?: number; nanos?: number } };
      const delay = info.retryDelay;
      if (!delay) return undefined;
      const ms = (delay.seconds ?? 0) * 1000 + Math.floor((delay.nanos ?? 0) / 1e6);
      return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
    }
  } catch {
    // Unreadable details: no hint, the usual backoff applies.
  }
  return undefined;
}
