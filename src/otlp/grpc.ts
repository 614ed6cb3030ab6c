// OTLP/gRPC (@grpc/grpc-js): the three Export methods, defined by hand with pass-through
// serializers so the handler decodes the bytes itself and can answer INVALID_ARGUMENT (grpc-js
// would answer INTERNAL for a deserializer that throws). gzip calls are inflated by grpc-js, which
// applies `grpc.max_receive_message_length` to the inflated size as well.
import * as grpc from '@grpc/grpc-js';
import { decodeProtobuf } from './decode.js';
import { encodeResponse, exportRequest } from './export.js';
import type { ReceiverLimits } from './limits.js';
import { grpcExportPath } from './schema.js';
import type { ExportConsumer, Signal } from './types.js';

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

function exportHandler(signal: Signal, consumer: ExportConsumer, limits: ReceiverLimits): grpc.handleUnaryCall<Buffer, Buffer> {
  return (call, callback) => {
    const decoded = decodeProtobuf(signal, call.request);
    if (!decoded.ok) return callback({ code: decoded.error.grpcCode, details: decoded.error.message });
    const exported = exportRequest(signal, decoded.request, consumer, limits);
    if (!exported.ok) return callback({ code: exported.error.grpcCode, details: exported.error.message });
    callback(null, Buffer.from(encodeResponse(signal, exported.response, 'protobuf')));
  };
}

export function createGrpcServer(consumer: ExportConsumer, limits: ReceiverLimits): grpc.Server {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': limits.maxWireBytes,
  });
  for (const signal of SIGNALS) server.addService(serviceFor(signal), { Export: exportHandler(signal, consumer, limits) });
  return server;
}

export function bindGrpc(server: grpc.Server, host: string, port: number): Promise<number> {
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound)));
  });
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
