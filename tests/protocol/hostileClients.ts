// Clients that misbehave on purpose: bodies that stall half-way, connections that never send a
// byte. Written with raw sockets and node:http2 so that nothing finishes a request for them.
import http2 from 'node:http2';
import net from 'node:net';
import { grpcExportPath } from '../../src/otlp/schema.js';

export interface StalledHttp {
  /** Everything the server wrote back, once it closed the connection. */
  closed: Promise<string>;
  /** Everything the server wrote back, if it has closed the connection. */
  answer(): string | undefined;
  socket: net.Socket;
}

/** POST /v1/logs declaring `declared` bytes of JSON and sending only `sent` of them. */
export function stalledHttpBody(port: number, declared: number, sent: number): StalledHttp {
  const socket = net.connect(port, '127.0.0.1');
  let text = '';
  let closed = false;
  socket.setEncoding('latin1');
  socket.on('data', (d: string) => (text += d));
  socket.on('error', () => {});
  socket.write(`POST /v1/logs HTTP/1.1\r\nHost: cc-top\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n`);
  socket.write(Buffer.alloc(sent, 0x20));
  const done = new Promise<string>((resolve) =>
    socket.on('close', () => {
      closed = true;
      resolve(text);
    }),
  );
  return { closed: done, answer: () => (closed ? text : undefined), socket };
}

/** The status line and the google.rpc.Status message of an HTTP answer read off the wire. */
export function parseHttpAnswer(text: string): { status: number; headers: Record<string, string>; message?: string } {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  const message = body.startsWith('{') ? (JSON.parse(body) as { message?: string }).message : undefined;
  return { status: Number(statusLine.split(' ')[1]), headers, ...(message !== undefined ? { message } : {}) };
}

export interface GrpcStatus {
  code: number;
  message: string;
}

export interface StalledGrpc {
  /** The call's grpc-status and message, when the server answers. */
  status: Promise<GrpcStatus>;
  /** The status, if the server has answered. */
  answer(): GrpcStatus | undefined;
  /** Resolves when the server closes the connection. */
  closed: Promise<void>;
  isClosed(): boolean;
  session: http2.ClientHttp2Session;
}

/** A logs Export call whose message declares `declared` bytes and sends only `sent` of them. */
export function stalledGrpcBody(port: number, declared: number, sent: number): StalledGrpc {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  session.on('error', () => {});
  const stream = session.request({ ':method': 'POST', ':path': grpcExportPath('logs'), 'content-type': 'application/grpc', te: 'trailers' });
  stream.on('error', () => {});
  let answer: GrpcStatus | undefined;
  let isClosed = false;
  const status = new Promise<GrpcStatus>((resolve) => {
    const take = (headers: http2.IncomingHttpHeaders) => {
      if (headers['grpc-status'] === undefined) return;
      answer = { code: Number(headers['grpc-status']), message: decodeURIComponent(String(headers['grpc-message'] ?? '')) };
      resolve(answer);
    };
    stream.on('response', take);
    stream.on('trailers', take);
  });
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(declared, 1);
  stream.write(Buffer.concat([prefix, Buffer.alloc(sent, 0x0a)]));
  const closed = new Promise<void>((resolve) =>
    session.on('close', () => {
      isClosed = true;
      resolve();
    }),
  );
  return { status, answer: () => answer, closed, isClosed: () => isClosed, session };
}

/** `count` TCP connections that never send anything; `closed()` counts those the server closed. */
export async function idleConnections(port: number, count: number): Promise<{ closed(): number; destroy(): void }> {
  let closed = 0;
  const sockets = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Socket>((resolve) => {
          const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
          socket.on('error', () => {});
          socket.on('close', () => closed++);
          // Read what the server sends (gRPC's HTTP/2 settings), or its close is never seen.
          socket.resume();
        }),
    ),
  );
  return { closed: () => closed, destroy: () => sockets.forEach((s) => s.destroy()) };
}

/** A raw OTLP/gRPC call on an open HTTP/2 session, whose message is written in parts. */
export function grpcCallInParts(session: http2.ClientHttp2Session, message: Buffer): { sendPart(part: Buffer): void; end(part: Buffer): void; status: Promise<GrpcStatus> } {
  const stream = session.request({ ':method': 'POST', ':path': grpcExportPath('logs'), 'content-type': 'application/grpc', te: 'trailers' });
  stream.on('error', () => {});
  stream.resume();
  const status = new Promise<GrpcStatus>((resolve) => {
    const take = (headers: http2.IncomingHttpHeaders) => {
      if (headers['grpc-status'] !== undefined) resolve({ code: Number(headers['grpc-status']), message: decodeURIComponent(String(headers['grpc-message'] ?? '')) });
    };
    stream.on('response', take);
    stream.on('trailers', take);
    stream.on('close', () => resolve({ code: -1, message: `stream closed (${stream.rstCode})` }));
  });
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(message.length, 1);
  stream.write(prefix);
  return { sendPart: (part) => stream.write(part), end: (part) => stream.end(part), status };
}
