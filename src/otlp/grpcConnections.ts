// The gRPC listener. cc-top accepts the TCP connections itself and hands them to grpc-js through
// its connection injector: grpc-js's bindAsync can neither cap connections nor say which
// connection a call came on, and both are needed to bound what a flood of clients can hold.
import net from 'node:net';
import type * as grpc from '@grpc/grpc-js';
import { ConnectionCap } from './connectionCap.js';

/** What grpc-js tells about a call's connection (ServerInterceptingCallInterface#getConnectionInfo). */
type ConnectionInfo = ReturnType<grpc.ServerInterceptingCallInterface['getConnectionInfo']>;

/** A connection's two ends (the remote end alone may repeat across local addresses). */
const connectionKey = (c: { localAddress?: string | undefined; localPort?: number | undefined; remoteAddress?: string | undefined; remotePort?: number | undefined }): string =>
  `${c.localAddress}|${c.localPort}|${c.remoteAddress}|${c.remotePort}`;

export class GrpcConnections {
  readonly cap: ConnectionCap;
  private readonly byKey = new Map<string, net.Socket>();
  private readonly listener = net.createServer();

  constructor(maxConnections: number) {
    this.cap = new ConnectionCap(maxConnections);
  }

  /** Listen, handing each connection to grpc-js; resolves to the port, rejects with the listener's error (EADDRINUSE, ...). */
  listen(host: string, port: number, injector: grpc.ConnectionInjector): Promise<number> {
    this.listener.on('connection', (socket: net.Socket) => {
      // A client gone before it was taken has nothing to serve.
      if (socket.remoteAddress === undefined) return socket.destroy();
      const key = connectionKey(socket);
      this.byKey.set(key, socket);
      socket.once('close', () => this.byKey.delete(key));
      this.cap.admit(socket);
      injector.injectConnection(socket);
    });
    return new Promise((resolve, reject) => {
      this.listener.once('error', reject);
      this.listener.listen(port, host, () => {
        this.listener.off('error', reject);
        resolve((this.listener.address() as net.AddressInfo).port);
      });
    });
  }

  /** The socket a call came on. */
  socketOf(info: ConnectionInfo): net.Socket | undefined {
    return this.byKey.get(connectionKey(info));
  }

  /** Take no more connections (those open stay, for grpc-js to finish their calls). */
  stopListening(): void {
    if (this.listener.listening) this.listener.close();
  }

  /** Close the connections still open. */
  closeAll(): void {
    this.cap.closeAll();
  }
}
