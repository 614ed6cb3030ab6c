// A client for the Prometheus HTTP API (also Thanos, Mimir, VictoriaMetrics: the same API under a
// path prefix). Every failure becomes one PrometheusError whose message names the server (never
// its password), what it answered and what to do; answers are bounded in size and time, and
// checked against the API's schema before anything reads them.
import * as v from 'valibot';
import { safeText } from '../telemetry/wireText.js';
import { Envelope, issuePath, LabelSetList, QueryData, RuntimeInfo, StringList, type MatrixSeries, type VectorSample } from './promSchema.js';

export type PromFailure = 'usage' | 'down' | 'auth' | 'http' | 'timeout' | 'garbage' | 'query' | 'tooLarge' | 'noMetrics';

export class PrometheusError extends Error {
  constructor(
    message: string,
    readonly failure: PromFailure,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** How long one request may take; a slow server is named, never waited on forever. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The largest answer read (a query that would send more is refused by cc-top, not by memory). */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface PromClientOptions {
  /** The server as the user gave it, e.g. http://user:pw@prom:9090 or https://mimir/prometheus. */
  url: string;
  /** Extra request headers (`--prometheus-header`), e.g. Authorization. */
  headers?: readonly (readonly [string, string])[];
  timeoutMs?: number;
  maxResponseBytes?: number;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `KEY=VALUE` -> a header; a usage error names the expected shape. */
export function parseHeader(text: string): [string, string] {
  const at = text.indexOf('=');
  const name = text.slice(0, Math.max(0, at)).trim();
  const value = text.slice(at + 1).trim();
  if (at <= 0 || !HEADER_NAME.test(name)) throw new PrometheusError(`--prometheus-header takes KEY=VALUE (e.g. "Authorization=Bearer TOKEN"), not "${safeText(text, 80)}"`, 'usage');
  if (/[\r\n\0]/.test(value)) throw new PrometheusError(`--prometheus-header ${name}: the value may not contain line breaks`, 'usage');
  return [name, value];
}

export class PromClient {
  /** The server as shown in messages: no user, password or query string. */
  readonly shownUrl: string;
  private readonly base: URL;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;

  constructor(options: PromClientOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new PrometheusError(`--prometheus takes the server's URL, e.g. http://127.0.0.1:9090, not "${safeText(options.url, 80)}"`, 'usage');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PrometheusError(`--prometheus takes an http:// or https:// URL, not ${safeText(url.protocol, 20)}`, 'usage');
    this.headers = { accept: 'application/json' };
    // fetch refuses URLs with credentials: user:password becomes a Basic header.
    if (url.username || url.password) {
      const user = decodeURIComponent(url.username);
      const password = decodeURIComponent(url.password);
      this.headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
      url.username = '';
      url.password = '';
    }
    for (const [name, value] of options.headers ?? []) this.headers[name.toLowerCase()] = value;
    url.search = '';
    url.hash = '';
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    this.base = url;
    this.shownUrl = url.href.replace(/\/$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  /** An instant query whose result is a vector. */
  async instant(query: string, timeSec: number): Promise<VectorSample[]> {
    const data = await this.queryData('api/v1/query', { query, time: String(timeSec) });
    if (data.resultType !== 'vector') throw this.garbage(`a ${data.resultType} where a vector was asked for`);
    return data.result;
  }

  /** An instant query of a range selector: the raw samples of each series. */
  async samples(query: string, timeSec: number): Promise<MatrixSeries[]> {
    const data = await this.queryData('api/v1/query', { query, time: String(timeSec) });
    if (data.resultType !== 'matrix') throw this.garbage(`a ${data.resultType} where a matrix was asked for`);
    return data.result;
  }

  /** A range query: the expression at start, start + step, ... <= end. */
  async range(query: string, startSec: number, endSec: number, stepSec: number): Promise<MatrixSeries[]> {
    const data = await this.queryData('api/v1/query_range', { query, start: String(startSec), end: String(endSec), step: String(stepSec) });
    if (data.resultType !== 'matrix') throw this.garbage(`a ${data.resultType} where a matrix was asked for`);
    return data.result;
  }

  /** Values of one label on the series matching any of `match`, between two times. */
  async labelValues(label: string, match: readonly string[], startSec: number, endSec: number): Promise<string[]> {
    const params = new URLSearchParams({ start: String(startSec), end: String(endSec) });
    for (const m of match) params.append('match[]', m);
    const data = await this.request(`api/v1/label/${encodeURIComponent(label)}/values?${params}`, 'GET');
    return this.parse(StringList, data, 'data');
  }

  /** Label names on the series matching any of `match`. */
  async labelNames(match: readonly string[], startSec: number, endSec: number): Promise<string[]> {
    const params = new URLSearchParams({ start: String(startSec), end: String(endSec) });
    for (const m of match) params.append('match[]', m);
    return this.parse(StringList, await this.request('api/v1/labels', 'POST', params), 'data');
  }

  /** Label sets of the series matching any of `match`. */
  async series(match: readonly string[], startSec: number, endSec: number): Promise<Record<string, string>[]> {
    const params = new URLSearchParams({ start: String(startSec), end: String(endSec) });
    for (const m of match) params.append('match[]', m);
    return this.parse(LabelSetList, await this.request('api/v1/series', 'POST', params), 'data');
  }

  /** The server's retention ("15d"), when it says (Prometheus does; some compatible stores do not). */
  async retention(): Promise<string | undefined> {
    try {
      return this.parse(RuntimeInfo, await this.request('api/v1/status/runtimeinfo', 'GET'), 'data').storageRetention;
    } catch (err) {
      if (err instanceof PrometheusError && (err.failure === 'http' || err.failure === 'garbage' || err.failure === 'query')) return undefined;
      throw err;
    }
  }

  private async queryData(path: string, form: Record<string, string>) {
    const data = await this.request(path, 'POST', new URLSearchParams(form));
    return this.parse(QueryData, data, 'data');
  }

  private parse<S extends v.GenericSchema>(schema: S, value: unknown, at: string): v.InferOutput<S> {
    const result = v.safeParse(schema, value);
    if (result.success) return result.output;
    const issue = result.issues[0];
    const path = issuePath(issue);
    throw this.garbage(`${path === '(top level)' ? at : path.startsWith('[') ? `${at}${path}` : `${at}.${path}`}: ${issue.message}`);
  }

  private garbage(what: string): PrometheusError {
    return new PrometheusError(`Prometheus at ${this.shownUrl} answered something that is not the Prometheus HTTP API (${safeText(what, 200)}): is the URL the server's root, or its API path prefix?`, 'garbage');
  }

  /** One API call: the `data` of a successful answer, else a PrometheusError. */
  private async request(path: string, method: 'GET' | 'POST', body?: URLSearchParams): Promise<unknown> {
    const url = new URL(path, this.base);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: body ? { ...this.headers, 'content-type': 'application/x-www-form-urlencoded' } : this.headers,
        ...(body ? { body: body.toString() } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'follow',
      });
    } catch (err) {
      throw this.transportError(err);
    }
    let text: string;
    try {
      text = await this.readBounded(res);
    } catch (err) {
      if (err instanceof PrometheusError) throw err;
      throw this.transportError(err);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      if (!res.ok) throw this.statusError(res, undefined);
      throw this.garbage(`not JSON: "${text.slice(0, 60)}"`);
    }
    const envelope = v.safeParse(Envelope, json);
    if (!envelope.success) {
      if (!res.ok) throw this.statusError(res, undefined);
      throw this.garbage(`${issuePath(envelope.issues[0])}: ${envelope.issues[0].message}`);
    }
    const answer = envelope.output;
    if (answer.status === 'error') {
      const detail = `${answer.errorType ?? 'error'}: ${answer.error ?? 'no detail'}`;
      if (res.status === 401 || res.status === 403) throw this.statusError(res, detail);
      throw new PrometheusError(`Prometheus at ${this.shownUrl} could not run a query (${res.status} ${safeText(detail, 300)})`, 'query', res.status);
    }
    if (!res.ok) throw this.statusError(res, undefined);
    return answer.data;
  }

  private statusError(res: Response, detail: string | undefined): PrometheusError {
    const status = `${res.status}${res.statusText ? ` ${safeText(res.statusText, 60)}` : ''}`;
    const said = detail ? ` (${safeText(detail, 200)})` : '';
    if (res.status === 401)
      return new PrometheusError(`Prometheus at ${this.shownUrl} answered ${status}${said}: it needs credentials. Pass --prometheus-header "Authorization=Bearer TOKEN", or user:password in the URL.`, 'auth', 401);
    if (res.status === 403) return new PrometheusError(`Prometheus at ${this.shownUrl} answered ${status}${said}: the credentials given may not read it.`, 'auth', 403);
    if (res.status === 404) return new PrometheusError(`Prometheus at ${this.shownUrl} answered ${status}: no Prometheus API there. Give the server's root (http://host:9090) or its API prefix (e.g. https://mimir/prometheus).`, 'http', 404);
    const side = res.status >= 500 ? 'the server failed' : 'the server refused the request';
    return new PrometheusError(`Prometheus at ${this.shownUrl} answered ${status}${said}: ${side}.`, 'http', res.status);
  }

  private transportError(err: unknown): PrometheusError {
    const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError')
      return new PrometheusError(`Prometheus at ${this.shownUrl} did not answer within ${Math.round(this.timeoutMs / 100) / 10} s: it is overloaded or unreachable. Try a shorter --window, or raise CC_TOP_PROMETHEUS_TIMEOUT_MS.`, 'timeout');
    const cause = e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
    return new PrometheusError(`Prometheus at ${this.shownUrl} cannot be reached (${safeText(cause, 120)}): is it running, and is the address right?`, 'down');
  }

  /** The body as text, at most maxBytes. */
  private async readBounded(res: Response): Promise<string> {
    if (!res.body) return '';
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > this.maxBytes) {
        await res.body.cancel().catch(() => undefined);
        throw new PrometheusError(`Prometheus at ${this.shownUrl} sent an answer larger than ${Math.round(this.maxBytes / 1048576)} MiB: narrow it with --filter or a shorter --window.`, 'tooLarge');
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}
