// OTLP/gRPC (@grpc/grpc-js): the three Export methods, defined by hand with pass-through
// serializers so the handler decodes the bytes itself and can answer INVALID_ARGUMENT (grpc-js
// would answer INTERNAL for a deserializer that throws). gzip calls are inflated by grpc-js, which
// applies `grpc.max_receive_message_length` to the inflated size as well. Connections come from
// grpcConnections.ts; request bodies are watched by grpcBodyWatch.ts.
import * as grpc from '@grpc/grpc-js';
import { decodeProtobuf } from './decode.js';
import { encodeResponse, exportRequest, type ExportSinks } from './export.js';
import type { LargeRequestLane } from './largeRequestLane.js';
import { OtlpError } from './status.js';
import {
  GRPC_IDLE_CONNECTION_MS,
  GRPC_KEEPALIVE_MS,
  GRPC_KEEPALIVE_TIMEOUT_MS,
  GRPC_MAX_CONCURRENT_STREAMS,
  GRPC_MAX_CONNECTION_AGE_MS,
  GRPC_MAX_SESSION_MEMORY_MIB,
  type ReceiverLimits,
} from './limits.js';
import { grpcExportPath } from './schema.js';
import type { Signal } from './types.js';

const SIGNALS: Signal[] = ['metrics', 'logs', 'traces'];
const passThrough = (b: Buffer): Buffer => b;

function serviceFor(signal: Signal): grpc.ServiceDefinition {
  return {
    Export: {
      path: grpcExportPath(signal),
      requestStream: false,
      responseStream: false,
      requestSerialize: passThrough,
      requestDeserialize: passThrough,
      responseSerialize: passThrough,
      responseDeserialize: passThrough,
    },
  };
}

function exportHandler(signal: Signal, sinks: ExportSinks, limits: ReceiverLimits, lane: LargeRequestLane): grpc.handleUnaryCall<Buffer, Buffer> {
  const answer = (body: Buffer): Promise<Buffer | OtlpError> =>
    lane.take(body.byteLength, async () => {
      const decoded = decodeProtobuf(signal, body, limits);
      if (!decoded.ok) return decoded.error;
      const exported = await exportRequest(signal, decoded.request, body, 'protobuf', sinks);
      if (!exported.ok) return exported.error;
      return Buffer.from(encodeResponse(signal, exported.response, 'protobuf'));
    });
  return (call, callback) => {
    void answer(call.request)
      .catch((err: unknown) => new OtlpError('internal', `cc-top failed: ${err instanceof Error ? err.message : String(err)}`))
      .then((a) => (a instanceof OtlpError ? callback({ code: a.grpcCode, details: a.message }) : callback(null, a)));
  };
}

/** Tells `onAnswered` the code each call ended with, however it ended (handler, body watch, grpc-js). */
function answeredInterceptor(onAnswered: NonNullable<ExportSinks['onAnswered']>): grpc.ServerInterceptor {
  return (method, call) => {
    const signal = SIGNALS.find((s) => grpcExportPath(s) === method.path) ?? 'unknown';
    return new grpc.ServerInterceptingCall(call, {
      sendStatus: (status, next) => {
        onAnswered('grpc', signal, grpc.status[status.code] ?? String(status.code));
        next(status);
      },
    });
  };
}

export function createGrpcServer(sinks: ExportSinks, limits: ReceiverLimits, interceptor: grpc.ServerInterceptor, lane: LargeRequestLane): grpc.Server {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': limits.maxWireBytes,
    'grpc.max_concurrent_streams': GRPC_MAX_CONCURRENT_STREAMS,
    'grpc-node.max_session_memory': GRPC_MAX_SESSION_MEMORY_MIB,
    'grpc.max_connection_idle_ms': GRPC_IDLE_CONNECTION_MS,
    'grpc.keepalive_time_ms': GRPC_KEEPALIVE_MS,
    'grpc.keepalive_timeout_ms': GRPC_KEEPALIVE_TIMEOUT_MS,
    'grpc.max_connection_age_ms': GRPC_MAX_CONNECTION_AGE_MS,
    'grpc.max_connection_age_grace_ms': limits.bodyTimeoutMs,
    interceptors: sinks.onAnswered ? [answeredInterceptor(sinks.onAnswered), interceptor] : [interceptor],
  });
  for (const signal of SIGNALS) server.addService(serviceFor(signal), { Export: exportHandler(signal, sinks, limits, lane) });
  return server;
}

export function closeGrpc(server: grpc.Server, graceMs = 2_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
