// The OTLP receiver: gRPC and HTTP listeners feeding one consumer, sharing one count of the
// request bytes in flight. Transport only: it knows nothing of Claude Code.
import type http from 'node:http';
import type net from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { BytesInFlight } from './bytesInFlight.js';
import type { AcceptedHook, AnsweredHook } from './export.js';
import { closeGrpc, createGrpcServer } from './grpc.js';
import { GrpcBodyWatch } from './grpcBodyWatch.js';
import { GrpcConnections } from './grpcConnections.js';
import { createHttpServer } from './http.js';
import { LargeRequestLane } from './largeRequestLane.js';
import { DEFAULT_LIMITS, type ReceiverLimits } from './limits.js';
import type { ExportConsumer } from './types.js';

export type { ReceiverLimits } from './limits.js';
export type { AcceptedHook, AnsweredHook, Encoding } from './export.js';

export interface ReceiverOptions {
  host: string;
  grpcPort: number;
  httpPort: number;
  consumer: ExportConsumer;
  /** Called with each accepted request's body after the consumer took it (e.g. to forward it). */
  onAccepted?: AcceptedHook;
  /** Called with the outcome of every request (its signal, protocol and status). */
  onAnswered?: AnsweredHook;
  limits?: Partial<ReceiverLimits>;
}

export interface Receiver {
  grpc: { host: string; port: number };
  http: { host: string; port: number };
  close(): Promise<void>;
}

/** A listener that could not start, with a message that names the port and the fix. */
export class ListenError extends Error {
  constructor(
    readonly transport: 'grpc' | 'http',
    readonly host: string,
    readonly port: number,
    readonly code: string,
  ) {
    super(ListenError.describe(transport, host, port, code));
    this.name = 'ListenError';
  }

  static describe(transport: 'grpc' | 'http', host: string, port: number, code: string): string {
    const flag = transport === 'grpc' ? '--grpc-port' : '--http-port';
    switch (code) {
      case 'SAME_PORT':
        return `gRPC and HTTP need different ports, but both are ${port}; pass a different --grpc-port or --http-port`;
      case 'EADDRINUSE':
        return `port ${port} is in use by another process; pass ${flag} or stop it`;
      case 'EACCES':
        return `port ${port} needs privileges to listen on; pass ${flag} with a port above 1023`;
      case 'EADDRNOTAVAIL':
      case 'ENOTFOUND':
        return `cannot listen on ${host}: no such address on this machine; pass --host 127.0.0.1 or a local address`;
      default:
        return `cannot listen on ${host}:${port} for ${transport} (${code}); pass ${flag} or --host`;
    }
  }
}

function listenHttp(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(new ListenError('http', host, port, err.code ?? 'UNKNOWN'));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

function closeHttp(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const limits: ReceiverLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const { host } = options;
  if (options.grpcPort === options.httpPort && options.grpcPort !== 0) throw new ListenError('grpc', host, options.grpcPort, 'SAME_PORT');
  // Requests still being applied (a large one is applied in slices): on close they are finished
  // and answered before the connections go, so nothing counted goes unanswered.
  const applying = new Set<Promise<unknown>>();
  const consumer: ExportConsumer = (signal, request) => {
    const result = options.consumer(signal, request);
    if (result instanceof Promise) {
      applying.add(result);
      void result.finally(() => applying.delete(result)).catch(() => undefined);
    }
    return result;
  };
  const sinks = { consumer, onAccepted: options.onAccepted, onAnswered: options.onAnswered };
  const inFlight = new BytesInFlight(limits.maxBytesInFlight, limits.stalledBodyMs);

  const lane = new LargeRequestLane();
  const httpServer = createHttpServer(sinks, limits, inFlight, lane);
  const grpcConnections = new GrpcConnections(limits.maxConnections);
  const bodyWatch = new GrpcBodyWatch(grpcConnections, inFlight, limits);
  const grpcServer = createGrpcServer(sinks, limits, bodyWatch.interceptor, lane);
  const stop = async () => {
    bodyWatch.close();
    grpcConnections.stopListening();
    await Promise.allSettled([...applying]);
    // Their answers are written in the turns after the last slice.
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all([closeHttp(httpServer), closeGrpc(grpcServer)]);
    grpcConnections.closeAll();
  };

  let httpPort: number;
  let grpcPort: number;
  try {
    httpPort = await listenHttp(httpServer, host, options.httpPort);
    const injector = grpcServer.createConnectionInjector(grpc.ServerCredentials.createInsecure());
    grpcPort = await grpcConnections.listen(host, options.grpcPort, injector).catch((err: NodeJS.ErrnoException) => {
      throw new ListenError('grpc', host, options.grpcPort, err.code ?? 'UNKNOWN');
    });
  } catch (err) {
    // Never leave a half-started receiver listening.
    grpcServer.forceShutdown();
    await stop();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    grpc: { host, port: grpcPort },
    http: { host, port: httpPort },
    close: () => (closing ??= stop()),
  };
}
