// OTLP/HTTP (node:http): POST /v1/{metrics,logs,traces}, protobuf or JSON, optionally gzip.
// The handler reads as a pipeline: route, method, content type, encoding, size, decode, export,
// respond. Every failure is an OtlpError answered with a google.rpc.Status body.
import http from 'node:http';
import { gunzip } from 'node:zlib';
import { decodeJson, decodeProtobuf } from './decode.js';
import { encodeResponse, encodeStatus, exportRequest, type Encoding } from './export.js';
import { formatBytes, type ReceiverLimits } from './limits.js';
import { OtlpError } from './status.js';
import type { ExportConsumer, Signal } from './types.js';

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

function readBody(req: http.IncomingMessage, limits: ReceiverLimits): Promise<Step<Buffer>> {
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
      chunks.push(chunk);
    });
    // One chunk (the usual small export) is the body as it is; more are joined.
    req.on('end', () => settle(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on('error', (err) => settle(new OtlpError('bad_request', `the request body could not be read: ${err.message}`)));
  });
}

function inflate(body: Buffer, limits: ReceiverLimits): Promise<Step<Buffer>> {
  return new Promise((resolve) => {
    // maxOutputLength stops inflation as soon as the output passes the limit (a gzip bomb).
    gunzip(body, { maxOutputLength: limits.maxInflatedBytes }, (err, out) => {
      if (!err) return resolve(out);
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        return resolve(new OtlpError('payload_too_large', `the gzip body inflates past the ${formatBytes(limits.maxInflatedBytes)} limit`));
      }
      resolve(new OtlpError('bad_request', `the body is not valid gzip: ${err.message}`));
    });
  });
}

/**
 * Answers go out together once every request that arrived in the same turn of the event loop is
 * handled (setImmediate runs right after the poll phase, so a lone request waits for nothing).
 * Each answer wakes the client; under load, answering one at a time between requests meant a
 * wake-up per request (measured on a 2-core VM: ~12 µs of cc-top's CPU each, a fifth of its
 * time), while back-to-back answers find the client already awake.
 */
const pendingAnswers: { res: http.ServerResponse; body: Uint8Array }[] = [];
/** Marks a response whose answer is queued (a flag on it: a WeakSet entry per request cost GC work). */
const ANSWER_QUEUED = Symbol('answer queued');
type Answerable = http.ServerResponse & { [ANSWER_QUEUED]?: true };

/** Send the answers waiting for the end of this turn (now, as when the server closes). */
export function sendAnswers(): void {
  // An empty success body (the usual answer) goes out with the headers in one write, not two.
  for (const { res, body } of pendingAnswers.splice(0)) {
    if (body.byteLength === 0) res.end();
    else res.end(body);
  }
}

function respond(res: Answerable, status: number, body: Uint8Array, encoding: Encoding, closeAfter = false): void {
  if (res.headersSent || res[ANSWER_QUEUED]) return;
  res[ANSWER_QUEUED] = true;
  res.statusCode = status;
  res.setHeader('Content-Type', MEDIA_TYPE[encoding]);
  res.setHeader('Content-Length', body.byteLength);
  if (closeAfter) res.setHeader('Connection', 'close');
  if (pendingAnswers.push({ res, body }) === 1) setImmediate(sendAnswers);
}

function fail(req: http.IncomingMessage, res: http.ServerResponse, error: OtlpError, encoding: Encoding): void {
  if (error.kind === 'method_not_allowed') res.setHeader('Allow', 'POST');
  // An unread body (refused early, or cut off) must not be left on a kept-alive connection.
  const unread = !req.complete;
  respond(res, error.httpStatus, encodeStatus(error, encoding), encoding, unread);
  if (unread) res.once('finish', () => req.destroy());
}

export function createHttpHandler(consumer: ExportConsumer, limits: ReceiverLimits) {
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    // Errors are answered in the request's encoding when it is known, JSON (readable) otherwise.
    const requested = contentTypeOf(req.headers['content-type']);
    const replyAs: Encoding = requested instanceof OtlpError ? 'json' : requested;

    const signal = route(req);
    if (signal instanceof OtlpError) return fail(req, res, signal, replyAs);
    if (requested instanceof OtlpError) return fail(req, res, requested, replyAs);
    const compression = compressionOf(req.headers['content-encoding']);
    if (compression instanceof OtlpError) return fail(req, res, compression, replyAs);
    const tooLarge = declaredSize(req, limits);
    if (tooLarge instanceof OtlpError) return fail(req, res, tooLarge, replyAs);

    const wire = await readBody(req, limits);
    if (wire instanceof OtlpError) return fail(req, res, wire, replyAs);
    const body = compression === 'gzip' ? await inflate(wire, limits) : wire;
    if (body instanceof OtlpError) return fail(req, res, body, replyAs);

    const decoded = requested === 'json' ? decodeJson(signal, body, limits) : decodeProtobuf(signal, body);
    if (!decoded.ok) return fail(req, res, decoded.error, replyAs);
    const exported = exportRequest(signal, decoded.request, consumer, limits);
    if (!exported.ok) return fail(req, res, exported.error, replyAs);
    respond(res, 200, encodeResponse(signal, exported.response, replyAs), replyAs);
  };
}

export function createHttpServer(consumer: ExportConsumer, limits: ReceiverLimits): http.Server {
  const handler = createHttpHandler(consumer, limits);
  const server = http.createServer((req, res) => {
    handler(req, res).catch((err: unknown) => {
      // Nothing above throws by design; if something does, answer 500 and keep serving.
      fail(req, res, new OtlpError('internal', `cc-top failed: ${err instanceof Error ? err.message : String(err)}`), 'json');
    });
  });
  // A client that opens a connection and trickles bytes must not hold it forever.
  server.requestTimeout = 60_000;
  server.headersTimeout = 30_000;
  return server;
}
