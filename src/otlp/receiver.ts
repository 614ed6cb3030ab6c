// The OTLP receiver: gRPC and HTTP listeners feeding one consumer. Transport only: it knows
// nothing of Claude Code.
import type http from 'node:http';
import net from 'node:net';
import type * as grpc from '@grpc/grpc-js';
import { bindGrpc, closeGrpc, createGrpcServer } from './grpc.js';
import { createHttpServer, sendAnswers } from './http.js';
import { DEFAULT_LIMITS, type ReceiverLimits } from './limits.js';
import type { ExportConsumer } from './types.js';

export type { ReceiverLimits } from './limits.js';

export interface ReceiverOptions {
  host: string;
  grpcPort: number;
  httpPort: number;
  consumer: ExportConsumer;
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

/**
 * grpc-js reports a taken port only as "No address added out of total 1 resolved"; trying the
 * address with a plain listener first gives the real reason (EADDRINUSE, EACCES, …).
 */
function probePort(host: string, port: number): Promise<string | undefined> {
  if (port === 0) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'UNKNOWN'));
    probe.listen(port, host, () => probe.close(() => resolve(undefined)));
  });
}

function closeHttp(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // Requests already handled get their answers before their connections go.
    sendAnswers();
    server.closeAllConnections();
  });
}

export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const limits: ReceiverLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const { host } = options;
  const httpServer = createHttpServer(options.consumer, limits);
  let grpcServer: grpc.Server | undefined;
  let httpPort: number;
  let grpcPort: number;
  try {
    httpPort = await listenHttp(httpServer, host, options.httpPort);
    const problem = await probePort(host, options.grpcPort);
    if (problem) throw new ListenError('grpc', host, options.grpcPort, problem);
    grpcServer = createGrpcServer(options.consumer, limits);
    try {
      grpcPort = await bindGrpc(grpcServer, host, options.grpcPort);
    } catch (err) {
      throw new ListenError('grpc', host, options.grpcPort, /EADDRINUSE/.test(String(err)) ? 'EADDRINUSE' : 'UNKNOWN');
    }
  } catch (err) {
    // Never leave a half-started receiver listening.
    await closeHttp(httpServer);
    if (grpcServer) grpcServer.forceShutdown();
    throw err;
  }
  let closing: Promise<void> | undefined;
  const started = grpcServer;
  return {
    grpc: { host, port: grpcPort },
    http: { host, port: httpPort },
    close: () => (closing ??= Promise.all([closeHttp(httpServer), closeGrpc(started)]).then(() => undefined)),
  };
}
