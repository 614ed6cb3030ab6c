// A cap on a listener's open connections that never locks out a new client.
//
// `server.maxConnections` refuses the newcomer once the cap is reached, so a flood of idle
// connections kept real exporters out until the flood timed out. Here the newcomer is always
// taken and the least recently active connection is closed instead: an idle or stalled
// connection goes before one that is sending or was just answered.
import type net from 'node:net';

export class ConnectionCap {
  /** Open connections, least recently active first (a connection moves to the end when touched). */
  private readonly open = new Set<net.Socket>();

  constructor(readonly max: number) {}

  get size(): number {
    return this.open.size;
  }

  /** Take a new connection, closing the least recently active one past the cap. */
  admit(socket: net.Socket): void {
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
    if (this.open.size <= this.max) return;
    const oldest = this.open.values().next().value as net.Socket;
    this.open.delete(oldest);
    oldest.destroy();
  }

  /** The connection did something (a request began, bytes arrived, an answer went out). */
  touch(socket: net.Socket): void {
    if (this.open.delete(socket)) this.open.add(socket);
  }

  /** Close every connection (the listener is stopping). */
  closeAll(): void {
    for (const socket of this.open) socket.destroy();
    this.open.clear();
  }
}
