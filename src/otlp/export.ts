// The transport-neutral export step both gRPC and HTTP call (as the Collector's otlpreceiver
// does): hand a decoded request to the consumer and build the Export*ServiceResponse.
import { DEFAULT_LIMITS, type ReceiverLimits } from './limits.js';
import { REJECTED_FIELD, RESPONSE_TYPE, STATUS_TYPE } from './schema.js';
import { OtlpError } from './status.js';
import type { ExportConsumer, RequestBySignal, Signal } from './types.js';

export type Encoding = 'protobuf' | 'json';

export interface ExportResponse {
  partialSuccess?: Record<string, string>;
}

export type Exported = { ok: true; response: ExportResponse } | { ok: false; error: OtlpError };

const ITEM_NAME: Record<Signal, string> = { metrics: 'data points', logs: 'log records', traces: 'spans' };

/** Data points, log records or spans in a request. */
export function itemCount(signal: Signal, request: RequestBySignal[Signal]): number {
  let n = 0;
  if (signal === 'metrics') {
    for (const rm of (request as RequestBySignal['metrics']).resourceMetrics ?? []) {
      for (const sm of rm.scopeMetrics ?? []) {
        for (const m of sm.metrics ?? []) {
          const data = m.sum ?? m.gauge ?? m.histogram ?? m.exponentialHistogram ?? m.summary;
          n += data?.dataPoints?.length ?? 0;
        }
      }
    }
  } else if (signal === 'logs') {
    for (const rl of (request as RequestBySignal['logs']).resourceLogs ?? []) for (const sl of rl.scopeLogs ?? []) n += sl.logRecords?.length ?? 0;
  } else {
    for (const rs of (request as RequestBySignal['traces']).resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) n += ss.spans?.length ?? 0;
  }
  return n;
}

export function exportRequest<S extends Signal>(signal: S, request: RequestBySignal[S], consumer: ExportConsumer, limits: ReceiverLimits = DEFAULT_LIMITS): Exported {
  const items = itemCount(signal, request);
  if (items > limits.maxItemsPerRequest) {
    return {
      ok: false,
      error: new OtlpError('bad_request', `the request has ${items} ${ITEM_NAME[signal]}, over the limit of ${limits.maxItemsPerRequest} per request; lower the exporter's batch size`),
    };
  }
  let result;
  try {
    result = consumer(signal, request);
  } catch (err) {
    // A bug in cc-top, not the client's fault: 500 / INTERNAL, and the process keeps running.
    return { ok: false, error: new OtlpError('internal', `cc-top failed to process the ${signal}: ${err instanceof Error ? err.message : String(err)}`) };
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
