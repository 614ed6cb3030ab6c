// OTLP/HTTP (node:http): POST /v1/{metrics,logs,traces}, protobuf or JSON, optionally gzip.
// The handler reads as a pipeline: route, method, content type, encoding, size, read, inflate,
// decode, export, respond. Every failure is an OtlpError answered with a google.rpc.Status body.
// Bodies being read count towards the bytes in flight (bytesInFlight.ts); connections towards
// the connection cap (connectionCap.ts).
import http from 'node:http';
import type net from 'node:net';
import { gunzip } from 'node:zlib';
import type { BytesInFlight, InFlightShare } from './bytesInFlight.js';
import { ConnectionCap } from './connectionCap.js';
import { decodeJson, decodeProtobuf } from './decode.js';
import { encodeResponse, encodeStatus, exportRequest, type Encoding, type ExportSinks } from './export.js';
import type { LargeRequestLane } from './largeRequestLane.js';
import { formatBytes, HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS, type ReceiverLimits } from './limits.js';
import { OtlpError } from './status.js';
import type { Signal } from './types.js';

const ROUTES: Record<string, Signal> = {
  '/v1/metrics': 'metrics',
  '/v1/logs': 'logs',
  '/v1/traces': 'traces',
};

const CONTENT_TYPES: Record<string, Encoding> = {
  'application/x-protobuf': 'protobuf',
  'application/json': 'json',
};

const MEDIA_TYPE: Record<Encoding, string> = { protobuf: 'application/x-protobuf', json: 'application/json' };

type Step<T> = T | OtlpError;

function route(req: http.IncomingMessage): Step<Signal> {
  const url = req.url ?? '/';
  const path = url.includes('?') ? url.split('?')[0]! : url;
  const signal = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
  if (!signal) return new OtlpError('not_found', `no OTLP endpoint at ${path}; use /v1/metrics, /v1/logs or /v1/traces`);
  if (req.method !== 'POST') return new OtlpError('method_not_allowed', `${req.method} is not allowed on ${path}; OTLP/HTTP uses POST`);
  return signal;
}

export function contentTypeOf(header: string | undefined): Step<Encoding> {
  const media = header !== undefined && Object.hasOwn(CONTENT_TYPES, header) ? header : (header ?? '').split(';')[0]!.trim().toLowerCase();
  const encoding = Object.hasOwn(CONTENT_TYPES, media) ? CONTENT_TYPES[media] : undefined;
  if (encoding) return encoding;
  return new OtlpError('unsupported_media_type', `unsupported Content-Type "${header ?? ''}"; send application/x-protobuf or application/json`);
}

function compressionOf(header: string | undefined): Step<'gzip' | 'identity'> {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  return new OtlpError('unsupported_media_type', `unsupported Content-Encoding "${header}"; send gzip or no encoding`);
}

function declaredSize(req: http.IncomingMessage, limits: ReceiverLimits): Step<void> {
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > limits.maxWireBytes) {
    return new OtlpError('payload_too_large', `the body is ${formatBytes(length)}, over the ${formatBytes(limits.maxWireBytes)} limit; lower the exporter's batch size`);
  }
}

/** The shared state every HTTP request needs. */
interface HttpContext {
  sinks: ExportSinks;
  limits: ReceiverLimits;
  inFlight: BytesInFlight;
  connections: ConnectionCap;
  lane: LargeRequestLane;
}

function readBody(req: http.IncomingMessage, ctx: HttpContext, share: InFlightShare): Promise<Step<Buffer>> {
  const { limits } = ctx;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (v: Step<Buffer>) => {
      if (settled) return;
      settled = true;
      resolve(v);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limits.maxWireBytes) {
        settle(new OtlpError('payload_too_large', `the body is over the ${formatBytes(limits.maxWireBytes)} limit; lower the exporter's batch size`));
        return;
      }
      if (!share.add(chunk.length)) return settle(ctx.inFlight.refusal());
      ctx.connections.touch(req.socket);
      chunks.push(chunk);
    });
    // One chunk (the usual small export) is the body as it is; more are joined.
    req.on('end', () => settle(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on('error', (err) => settle(new OtlpError('bad_request', `the request body could not be read: ${err.message}`)));
    // Cut off before the end (a timeout, an eviction, the client gone).
    req.on('close', () => settle(new OtlpError('bad_request', 'the connection closed before the body was complete')));
  });
}

function inflate(body: Buffer, ctx: HttpContext, share: InFlightShare): Promise<Step<Buffer>> {
  const { limits } = ctx;
  return new Promise((resolve) => {
    // maxOutputLength stops inflation as soon as the output passes the limit (a gzip bomb).
    gunzip(body, { maxOutputLength: limits.maxInflatedBytes }, (err, out) => {
      if (!err) return resolve(share.add(out.length) ? out : ctx.inFlight.refusal());
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        return resolve(new OtlpError('payload_too_large', `the gzip body inflates past the ${formatBytes(limits.maxInflatedBytes)} limit`));
      }
      resolve(new OtlpError('bad_request', `the body is not valid gzip: ${err.message}`));
    });
  });
}

function respond(req: http.IncomingMessage, res: http.ServerResponse, status: number, body: Uint8Array, encoding: Encoding, ctx: HttpContext): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = status;
  res.setHeader('Content-Type', MEDIA_TYPE[encoding]);
  res.setHeader('Content-Length', body.byteLength);
  // An unread body (refused early, or cut off) must not be left on a kept-alive connection.
  const unread = !req.complete;
  if (unread) {
    res.setHeader('Connection', 'close');
    res.once('finish', () => req.destroy());
  }
  res.end(body);
  ctx.connections.touch(req.socket);
  ctx.sinks.onAnswered?.('http', signalOfUrl(req.url), String(status));
}

function signalOfUrl(url: string | undefined): Signal | 'unknown' {
  const path = (url ?? '/').split('?')[0]!;
  return Object.hasOwn(ROUTES, path) ? ROUTES[path]! : 'unknown';
}

function fail(req: http.IncomingMessage, res: http.ServerResponse, error: OtlpError, encoding: Encoding, ctx: HttpContext): void {
  // Answered already (an evicted request whose read then fails too), or the connection is gone.
  if (res.headersSent || res.destroyed) return;
  if (error.kind === 'method_not_allowed') res.setHeader('Allow', 'POST');
  if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  respond(req, res, error.httpStatus, encodeStatus(error, encoding), encoding, ctx);
}

function createHttpHandler(ctx: HttpContext) {
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    ctx.connections.touch(req.socket);
    // Errors are answered in the request's encoding when it is known, JSON (readable) otherwise.
    const requested = contentTypeOf(req.headers['content-type']);
    const replyAs: Encoding = requested instanceof OtlpError ? 'json' : requested;
    const refuse = (error: OtlpError) => fail(req, res, error, replyAs, ctx);

    const signal = route(req);
    if (signal instanceof OtlpError) return refuse(signal);
    if (requested instanceof OtlpError) return refuse(requested);
    const compression = compressionOf(req.headers['content-encoding']);
    if (compression instanceof OtlpError) return refuse(compression);
    const tooLarge = declaredSize(req, ctx.limits);
    if (tooLarge instanceof OtlpError) return refuse(tooLarge);

    // Once its body is read and decoded, a request is being counted: it is answered by that alone
    // (an eviction then only stops counting its bytes; a large request is applied in slices).
    let counting = false;
    const share = ctx.inFlight.open(() => {
      if (!counting) refuse(ctx.inFlight.eviction());
    });
    try {
      const wire = await readBody(req, ctx, share);
      if (wire instanceof OtlpError) return refuse(wire);
      const body = compression === 'gzip' ? await inflate(wire, ctx, share) : wire;
      if (body instanceof OtlpError) return refuse(body);

      await ctx.lane.take(body.byteLength, async () => {
        const decoded = requested === 'json' ? decodeJson(signal, body, ctx.limits) : decodeProtobuf(signal, body, ctx.limits);
        if (!decoded.ok) return refuse(decoded.error);
        counting = true;
        const exported = await exportRequest(signal, decoded.request, body, requested, ctx.sinks);
        if (!exported.ok) return refuse(exported.error);
        respond(req, res, 200, encodeResponse(signal, exported.response, replyAs), replyAs, ctx);
      });
    } finally {
      share.close();
    }
  };
}

export function createHttpServer(sinks: ExportSinks, limits: ReceiverLimits, inFlight: BytesInFlight, lane: LargeRequestLane): http.Server {
  const connections = new ConnectionCap(limits.maxConnections);
  const ctx: HttpContext = { sinks, limits, inFlight, connections, lane };
  const handler = createHttpHandler(ctx);
  const server = http.createServer(
    {
      // A client that opens a connection and trickles bytes must not hold it (and the body's
      // memory) for long: Node answers 408 and closes. Its check runs every
      // connectionsCheckingInterval, so that is kept well under the timeouts.
      requestTimeout: limits.bodyTimeoutMs,
      headersTimeout: Math.min(HEADERS_TIMEOUT_MS, limits.bodyTimeoutMs),
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(limits.bodyTimeoutMs / 4))),
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    },
    (req, res) => {
      handler(req, res).catch((err: unknown) => {
        // Nothing above throws by design; if something does, answer 500 and keep serving.
        fail(req, res, new OtlpError('internal', `cc-top failed: ${err instanceof Error ? err.message : String(err)}`), 'json', ctx);
      });
    },
  );
  server.on('connection', (socket: net.Socket) => connections.admit(socket));
  return server;
}
