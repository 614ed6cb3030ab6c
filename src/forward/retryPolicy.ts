// What an upstream's answer means for a forwarded request, as the OTLP specification says:
// delivered; worth retrying later (throttled or temporarily down, honouring the wait it asks
// for); or refused for good (retrying would get the same answer). And how long to wait between
// retries: exponential backoff with jitter, so many cc-tops do not retry in step.
import { safeText } from '../telemetry/wireText.js';

export type SendOutcome =
  | { kind: 'ok'; /** The upstream accepted the request but rejected part of it (partial success). */ warning?: string }
  | { kind: 'retry'; error: string; /** The wait the upstream asked for (Retry-After, RetryInfo). */ afterMs?: number }
  | { kind: 'refused'; error: string; /** Too large or invalid as a whole: a batch of several is worth sending one by one. */ splittable: boolean };

/** HTTP statuses the OTLP specification names as retryable. */
const RETRYABLE_HTTP = new Set([429, 502, 503, 504]);

/** gRPC codes the OTLP specification names as retryable (RESOURCE_EXHAUSTED: the server is throttling). */
export const RETRYABLE_GRPC = new Set([1 /* CANCELLED */, 4 /* DEADLINE_EXCEEDED */, 8 /* RESOURCE_EXHAUSTED */, 10 /* ABORTED */, 11 /* OUT_OF_RANGE */, 14 /* UNAVAILABLE */, 15 /* DATA_LOSS */]);
const GRPC_INVALID_ARGUMENT = 3;

/** A wait an upstream asks for is honoured up to this (a typo of an hour must not stall the queue for an hour). */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;
/** Error text kept from an upstream answer. */
export const ERROR_TEXT_MAX = 300;

/** Upstream text made safe to print, bounded. */
export function upstreamText(text: string): string {
  return safeText(text.replace(/\s+/g, ' ').trim(), ERROR_TEXT_MAX);
}

/** Retry-After: seconds, or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - nowMs), MAX_RETRY_AFTER_MS);
}

export function httpOutcome(status: number, message: string, retryAfterMs: number | undefined): SendOutcome {
  const error = `HTTP ${status}${message ? `: ${message}` : ''}`;
  if (status >= 200 && status < 300) return { kind: 'ok' };
  if (RETRYABLE_HTTP.has(status)) return { kind: 'retry', error, ...(retryAfterMs !== undefined ? { afterMs: retryAfterMs } : {}) };
  return { kind: 'refused', error: `${error}${refusalHint(status)}`, splittable: status === 400 || status === 413 };
}

export function grpcOutcome(code: number, codeName: string, details: string, retryDelayMs: number | undefined): SendOutcome {
  const error = `gRPC ${codeName}${details ? `: ${details}` : ''}`;
  if (code === 0) return { kind: 'ok' };
  if (RETRYABLE_GRPC.has(code)) return { kind: 'retry', error, ...(retryDelayMs !== undefined ? { afterMs: Math.min(retryDelayMs, MAX_RETRY_AFTER_MS) } : {}) };
  return { kind: 'refused', error: `${error}${code === 16 || code === 7 ? '; check the --forward-header credentials' : ''}`, splittable: code === GRPC_INVALID_ARGUMENT };
}

function refusalHint(status: number): string {
  if (status === 401 || status === 403) return '; check the --forward-header credentials';
  if (status === 404) return '; check the --forward URL (cc-top posts to <URL>/v1/metrics, /v1/logs, /v1/traces)';
  if (status === 415) return '; the upstream does not take OTLP/protobuf here: is it an OTLP endpoint?';
  return '';
}

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** 0 <= random() < 1. */
  random?: () => number;
}

/**
 * 1 s doubling to 10 s: an upstream that is back is used again within 10 s, and one that stays
 * down costs a small request every 5-10 s per cc-top.
 */
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 10_000 };

/** Exponential backoff with "equal jitter": half the step is fixed, half random. */
export class Backoff {
  private attempt = 0;
  constructor(private readonly options: BackoffOptions) {}

  /** The wait before the next try; `askedMs` (the upstream's own wait) wins when given. */
  next(askedMs?: number): number {
    const step = Math.min(this.options.maxMs, this.options.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    if (askedMs !== undefined) return askedMs;
    const random = this.options.random ?? Math.random;
    return Math.round(step / 2 + random() * (step / 2));
  }

  reset(): void {
    this.attempt = 0;
  }
}
