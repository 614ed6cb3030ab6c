// Where forwarding goes: the upstream's URL, protocol and headers, checked once at start, so a
// typo is an error naming the fix rather than a stream of failed sends. Light on purpose: the
// command line parses its flags with it, before anything heavy is loaded.
import { safeText } from '../telemetry/wireText.js';
import type { BackoffOptions } from './retryPolicy.js';

export const FORWARD_PROTOCOLS = ['grpc', 'http/protobuf'] as const;
export type ForwardProtocol = (typeof FORWARD_PROTOCOLS)[number];

export const DEFAULT_FORWARD_QUEUE_MIB = 64;
/** A queue smaller than one large request, or larger than most machines' memory, is a typo. */
export const MIN_FORWARD_QUEUE_MIB = 1;
export const MAX_FORWARD_QUEUE_MIB = 16_384;
const DEFAULT_GRPC_PORT = '4317';
const HEADER_VALUE_MAX = 8_192;

export interface ForwardTarget {
  protocol: ForwardProtocol;
  /** The URL as shown to people: no credentials, no trailing slash. */
  url: string;
  /** HTTP: the base URL each request posts to with `/v1/<signal>` appended. gRPC: `host:port`. */
  address: string;
  tls: boolean;
  /** Lowercase names, in the order given (a later duplicate replaces an earlier one). */
  headers: [name: string, value: string][];
}

/** Forwarding as configured: the target and the memory its queue may hold. */
export interface ForwardSettings {
  target: ForwardTarget;
  queueBytes: number;
  /** Waits between retries (default DEFAULT_BACKOFF: 1 s doubling to 10 s). */
  backoff?: BackoffOptions;
}

export class ForwardConfigError extends Error {}

/** Headers cc-top sets itself, or that would break the transport if a user set them. */
const RESERVED_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'transfer-encoding', 'connection', 'host', 'te', 'keep-alive', 'upgrade', 'user-agent', 'grpc-encoding', 'grpc-accept-encoding', 'grpc-timeout']);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Tab is allowed inside a value; every other control character would split or corrupt the header.
// eslint-disable-next-line no-control-regex
const BAD_VALUE_CHAR = /[\u0000-\u0008\u000a-\u001f\u007f]/;

const shown = (text: string) => JSON.stringify(safeText(text, 80));

export function isForwardProtocol(value: string): value is ForwardProtocol {
  return (FORWARD_PROTOCOLS as readonly string[]).includes(value);
}

function checkProtocol(value: string | undefined, source: string): ForwardProtocol | undefined {
  if (value === undefined) return undefined;
  if (isForwardProtocol(value)) return value;
  if (value === 'http/json') throw new ForwardConfigError(`${source} "http/json" is not offered: cc-top forwards protobuf, which every OTLP receiver accepts; use http/protobuf`);
  throw new ForwardConfigError(`${source} must be grpc or http/protobuf, not ${shown(value)}`);
}

function checkHeader(name: string, value: string, source: string): [string, string] {
  const lower = name.trim().toLowerCase();
  if (lower === '' || !TOKEN.test(lower)) throw new ForwardConfigError(`${source}: ${shown(name)} is not a header name (letters, digits and !#$%&'*+.^_\`|~- only)`);
  if (RESERVED_HEADERS.has(lower) || lower.startsWith('grpc-') || lower.endsWith('-bin')) {
    throw new ForwardConfigError(`${source}: cc-top sets ${lower} itself; pass only headers such as authorization or an API key`);
  }
  if (BAD_VALUE_CHAR.test(value)) throw new ForwardConfigError(`${source}: the value of ${lower} holds a line break or control character; remove it`);
  if (value.length > HEADER_VALUE_MAX) throw new ForwardConfigError(`${source}: the value of ${lower} is longer than ${HEADER_VALUE_MAX} characters`);
  return [lower, value.trim()];
}

/** `KEY=VALUE` as given to --forward-header (the value may itself hold `=`). */
export function parseHeaderFlag(text: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) throw new ForwardConfigError(`--forward-header takes KEY=VALUE, e.g. --forward-header "authorization=Bearer <token>", not ${shown(text)}`);
  return checkHeader(text.slice(0, at), text.slice(at + 1), '--forward-header');
}

/** Queue size in MiB (a flag's text or a config number) -> bytes. */
export function queueBytesOf(mib: string | number | undefined, source: string): number {
  if (mib === undefined) return DEFAULT_FORWARD_QUEUE_MIB * 1024 * 1024;
  const n = typeof mib === 'number' ? mib : /^\d+(\.\d+)?$/.test(mib.trim()) ? Number(mib) : NaN;
  if (!(n >= MIN_FORWARD_QUEUE_MIB && n <= MAX_FORWARD_QUEUE_MIB)) {
    throw new ForwardConfigError(`${source} must be a size in MiB from ${MIN_FORWARD_QUEUE_MIB} to ${MAX_FORWARD_QUEUE_MIB}, not ${shown(String(mib))}`);
  }
  return Math.round(n * 1024 * 1024);
}

export interface ForwardInput {
  url: string;
  protocol?: string | undefined;
  headers?: Iterable<[string, string]> | undefined;
  /** Names the setting in messages: `--forward` or `config.json forward.url`. */
  source?: string;
}

/** The checked target, or a ForwardConfigError that names what is wrong and what to give instead. */
export function parseForwardTarget(input: ForwardInput): ForwardTarget {
  const source = input.source ?? '--forward';
  const text = input.url.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ForwardConfigError(`${source} ${shown(text)} is not a URL; give one like http://collector:4318 (OTLP/HTTP) or grpc://collector:4317 (OTLP/gRPC)`);
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (!['http', 'https', 'grpc', 'grpcs'].includes(scheme)) {
    throw new ForwardConfigError(`${source} ${shown(text)}: cc-top forwards to http://, https://, grpc:// or grpcs:// URLs, not ${scheme}://`);
  }
  if (url.hostname === '') throw new ForwardConfigError(`${source} ${shown(text)} names no host; give one like http://collector:4318`);
  if (url.username || url.password) {
    throw new ForwardConfigError(`${source} ${shown(text)}: put credentials in a header (--forward-header "authorization=Basic ..."), not in the URL, where they would be shown`);
  }
  if (url.search || url.hash) throw new ForwardConfigError(`${source} ${shown(text)}: a query or fragment is not part of an OTLP endpoint; give the base URL`);
  const asked = checkProtocol(input.protocol, source === '--forward' ? '--forward-protocol' : 'config.json forward.protocol');
  const grpcScheme = scheme === 'grpc' || scheme === 'grpcs';
  if (grpcScheme && asked === 'http/protobuf') throw new ForwardConfigError(`${source} ${shown(text)} is a gRPC URL, but the protocol asked is http/protobuf; use http:// for OTLP/HTTP`);
  const protocol: ForwardProtocol = grpcScheme ? 'grpc' : (asked ?? 'http/protobuf');
  const tls = scheme === 'https' || scheme === 'grpcs';
  const path = url.pathname.replace(/\/+$/, '');

  const headers = new Map<string, string>();
  for (const [name, value] of input.headers ?? []) {
    const [n, v] = checkHeader(name, value, source === '--forward' ? '--forward-header' : 'config.json forward.headers');
    headers.delete(n);
    headers.set(n, v);
  }
  if (protocol === 'grpc') {
    if (path !== '') throw new ForwardConfigError(`${source} ${shown(text)}: a gRPC endpoint has no path; give grpc://host:port`);
    // Non-special schemes keep an explicit default port; http(s) with --forward-protocol grpc uses the usual 80/443.
    const port = url.port || (grpcScheme ? DEFAULT_GRPC_PORT : tls ? '443' : '80');
    return { protocol, url: `${scheme}://${url.hostname}:${port}`, address: `${url.hostname}:${port}`, tls, headers: [...headers] };
  }
  if (/\/v1\/(metrics|logs|traces)$/.test(path)) {
    throw new ForwardConfigError(`${source} ${shown(text)}: give the base URL without ${path.slice(path.lastIndexOf('/v1/'))}; cc-top adds /v1/metrics, /v1/logs and /v1/traces itself (as OTEL_EXPORTER_OTLP_ENDPOINT does)`);
  }
  const base = `${url.origin}${path}`;
  return { protocol, url: base, address: base, tls, headers: [...headers] };
}

/** The host and port a target connects to, for comparing with cc-top's own listeners. */
export function targetHostPort(target: ForwardTarget): { host: string; port: number } {
  const url = new URL(target.protocol === 'grpc' ? `http://${target.address}` : target.address);
  const port = url.port ? Number(url.port) : target.tls ? 443 : 80;
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port };
}
