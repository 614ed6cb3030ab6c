// The transport-neutral export step both gRPC and HTTP call (as the Collector's otlpreceiver
// does): hand a decoded request to the consumer, then its body to a later sink, and build the
// Export*ServiceResponse.
import { REJECTED_FIELD, RESPONSE_TYPE, STATUS_TYPE } from './schema.js';
import { OtlpError } from './status.js';
import type { ExportConsumer, RequestBySignal, Signal } from './types.js';

export type Encoding = 'protobuf' | 'json';

export interface ExportResponse {
  partialSuccess?: Record<string, string>;
}

export type Exported = { ok: true; response: ExportResponse } | { ok: false; error: OtlpError };

/** A request's body as it arrived: protobuf bytes after gunzip, or the JSON text. */
export type AcceptedHook = (signal: Signal, body: Uint8Array, encoding: Encoding) => void;

/**
 * Called once for every request answered, accepted or not (e.g. for cc-top's own /metrics): the
 * signal (`unknown` for a path or method that is none), and the HTTP status or gRPC code name.
 */
export type AnsweredHook = (protocol: 'http' | 'grpc', signal: Signal | 'unknown', status: string) => void;

/** Where an accepted request goes: the consumer that counts it, and an optional later sink (e.g. forwarding). */
export interface ExportSinks {
  consumer: ExportConsumer;
  onAccepted?: AcceptedHook | undefined;
  onAnswered?: AnsweredHook | undefined;
}

export async function exportRequest<S extends Signal>(signal: S, request: RequestBySignal[S], body: Uint8Array, encoding: Encoding, sinks: ExportSinks): Promise<Exported> {
  let result;
  try {
    result = await sinks.consumer(signal, request);
  } catch (err) {
    // A bug in cc-top, not the client's fault: 500 / INTERNAL, and the process keeps running.
    return { ok: false, error: new OtlpError('internal', `cc-top failed to process the ${signal}: ${err instanceof Error ? err.message : String(err)}`) };
  }
  try {
    if (!result.local) sinks.onAccepted?.(signal, body, encoding);
  } catch {
    // The data is counted: the client must not retry it because a later sink failed; that sink
    // reports its own failures.
  }
  if (result.rejected <= 0) return { ok: true, response: {} };
  return {
    ok: true,
    response: {
      partialSuccess: {
        // int64 goes as a decimal string in JSON (proto3 JSON mapping).
        [REJECTED_FIELD[signal]]: String(result.rejected),
        ...(result.errorMessage ? { errorMessage: result.errorMessage } : {}),
      },
    },
  };
}

/** The usual answer, a full success: an empty message (never written to, so shared). */
const FULL_SUCCESS: Record<Encoding, Uint8Array> = { protobuf: new Uint8Array(0), json: Buffer.from('{}') };

export function encodeResponse(signal: Signal, response: ExportResponse, encoding: Encoding): Uint8Array {
  if (response.partialSuccess === undefined) return FULL_SUCCESS[encoding];
  if (encoding === 'json') return Buffer.from(JSON.stringify(response));
  const type = RESPONSE_TYPE[signal];
  return type.encode(type.fromObject(response)).finish();
}

/** The google.rpc.Status body of an HTTP error response. */
export function encodeStatus(error: OtlpError, encoding: Encoding): Uint8Array {
  const status = { code: error.grpcCode, message: error.message };
  if (encoding === 'json') return Buffer.from(JSON.stringify(status));
  return STATUS_TYPE.encode(STATUS_TYPE.fromObject(status)).finish();
}
