// `--metrics-port N`: GET /metrics for Prometheus, from the live store. Each scrape reads the
// store as it is at that moment (one synchronous pass), so what Prometheus sees is what the live
// view and `--once` see. Loopback unless --host says otherwise, like the receiver.
import http from 'node:http';
import type net from 'node:net';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { StoreState } from '../store/state.js';
import type { Family, FamilyProvider } from './families.js';
import { healthFamilies, RequestTally } from './health.js';
import { acceptsGzip, formatFor } from './negotiate.js';
import { FamilyError, FamilyRegistry } from './registry.js';
import { METRICS_PATH, metricsUrl } from './metricsUrl.js';
import { claudeCodeFamilies } from './storeFamilies.js';

const gzipAsync = promisify(gzip);

export { METRICS_PATH, metricsUrl };
/** A scraper that sends its request this slowly is cut off. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Scrapers at once (Prometheus keeps one connection per target). */
const MAX_CONNECTIONS = 32;

/** What /metrics reads from the live store. */
export interface MetricsStore {
  readonly state: StoreState;
  readonly writeFailures: number;
  readonly writeError: string | undefined;
}

export interface MetricsEndpointOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  store: MetricsStore;
  /** Label names summed away (`--metrics-drop-labels`). */
  dropLabels?: readonly string[];
  /** Export requests the receiver answered (it records into this; /metrics shows it). */
  requests?: RequestTally;
  /**
   * Families other parts of cc-top add beside these, read at each scrape; their names must start
   * with `cc_top_` (e.g. the forward queue: `cc_top_forward_queued_bytes`).
   */
  providers?: readonly FamilyProvider[];
}

export interface MetricsEndpoint {
  host: string;
  port: number;
  /** http://HOST:PORT/metrics */
  url: string;
  close(): Promise<void>;
}

/** The endpoint could not listen: the message names the port and the fix. */
export class MetricsListenError extends Error {
  constructor(host: string, port: number, code: string) {
    super(MetricsListenError.describe(host, port, code));
    this.name = 'MetricsListenError';
  }

  static describe(host: string, port: number, code: string): string {
    switch (code) {
      case 'EADDRINUSE':
        return `--metrics-port ${port} is in use by another process (or by cc-top's own OTLP ports); pass another --metrics-port, or 0 for a free one`;
      case 'EACCES':
        return `--metrics-port ${port} needs privileges to listen on; pass a port above 1023`;
      case 'EADDRNOTAVAIL':
      case 'ENOTFOUND':
        return `cannot serve /metrics on ${host}: no such address on this machine; pass --host 127.0.0.1 or a local address`;
      default:
        return `cannot serve /metrics on ${host}:${port} (${code}); pass another --metrics-port or --host`;
    }
  }
}

function families(options: MetricsEndpointOptions, requests: RequestTally): Family[] {
  const { store } = options;
  const own = healthFamilies({ state: store.state, writeFailures: store.writeFailures, writeFailing: store.writeError !== undefined }, requests);
  const provided = (options.providers ?? []).flatMap((provide) => provide());
  for (const f of provided) if (!f.name.startsWith('cc_top_')) throw new FamilyError(`a provided family's name must start with cc_top_, not "${f.name}"`);
  return [...claudeCodeFamilies(store.state, { dropLabels: options.dropLabels ?? [] }), ...own, ...provided];
}

function answer(res: http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(`${text}\n`);
}

function createHandler(options: MetricsEndpointOptions, requests: RequestTally) {
  const registry = new FamilyRegistry();
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== METRICS_PATH) return answer(res, 404, `cc-top serves Prometheus metrics at ${METRICS_PATH} only`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, `${req.method} is not allowed on ${METRICS_PATH}; use GET`, { Allow: 'GET, HEAD' });
    const { text, contentType } = await registry.render(families(options, requests), formatFor(req.headers.accept));
    const gzipped = acceptsGzip(req.headers['accept-encoding']);
    const body = gzipped ? await gzipAsync(text) : Buffer.from(text);
    res.writeHead(200, {
      'Content-Type': contentType,
      'Content-Length': String(body.byteLength),
      Vary: 'Accept, Accept-Encoding',
      ...(gzipped ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

export async function startMetricsEndpoint(options: MetricsEndpointOptions): Promise<MetricsEndpoint> {
  const requests = options.requests ?? new RequestTally();
  const handler = createHandler(options, requests);
  const server = http.createServer({ requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: REQUEST_TIMEOUT_MS }, (req, res) => {
    handler(req, res).catch((err: unknown) => {
      // A scrape that fails says why; cc-top keeps serving and receiving.
      if (!res.headersSent) answer(res, 500, `cc-top could not render /metrics: ${err instanceof Error ? err.message : String(err)}`);
      else res.destroy();
    });
  });
  server.maxConnections = MAX_CONNECTIONS;
  const port = await new Promise<number>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(new MetricsListenError(options.host, options.port, err.code ?? 'UNKNOWN'));
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
  let closing: Promise<void> | undefined;
  return {
    host: options.host,
    port,
    url: metricsUrl(options.host, port),
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
