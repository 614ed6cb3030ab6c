import { describe, expect, it } from 'vitest';
import { Backoff, grpcOutcome, httpOutcome, MAX_RETRY_AFTER_MS, parseRetryAfter, upstreamText } from '../../../src/forward/retryPolicy.js';

describe('what an upstream answer means', () => {
  it('retries 429, 502, 503 and 504, and refuses every other error for good, as OTLP says', () => {
    expect(httpOutcome(200, '', undefined)).toEqual({ kind: 'ok' });
    for (const status of [429, 502, 503, 504]) expect(httpOutcome(status, 'busy', 2000)).toEqual({ kind: 'retry', error: `HTTP ${status}: busy`, afterMs: 2000 });
    expect(httpOutcome(400, 'bad', undefined)).toEqual({ kind: 'refused', error: 'HTTP 400: bad', splittable: true });
    expect(httpOutcome(413, '', undefined)).toMatchObject({ kind: 'refused', splittable: true });
    expect(httpOutcome(401, '', undefined)).toMatchObject({ kind: 'refused', splittable: false, error: expect.stringMatching(/--forward-header credentials/) });
    expect(httpOutcome(404, '', undefined)).toMatchObject({ kind: 'refused', error: expect.stringMatching(/<URL>\/v1\/metrics/) });
    expect(httpOutcome(500, 'oops', undefined)).toMatchObject({ kind: 'refused', splittable: false });
  });

  it('retries UNAVAILABLE and RESOURCE_EXHAUSTED (and the other transient codes); INVALID_ARGUMENT is refused', () => {
    expect(grpcOutcome(14, 'UNAVAILABLE', 'down', undefined)).toEqual({ kind: 'retry', error: 'gRPC UNAVAILABLE: down' });
    expect(grpcOutcome(8, 'RESOURCE_EXHAUSTED', '', 1500)).toEqual({ kind: 'retry', error: 'gRPC RESOURCE_EXHAUSTED', afterMs: 1500 });
    expect(grpcOutcome(4, 'DEADLINE_EXCEEDED', '', undefined).kind).toBe('retry');
    expect(grpcOutcome(3, 'INVALID_ARGUMENT', 'bad', undefined)).toEqual({ kind: 'refused', error: 'gRPC INVALID_ARGUMENT: bad', splittable: true });
    expect(grpcOutcome(16, 'UNAUTHENTICATED', '', undefined)).toMatchObject({ kind: 'refused', splittable: false, error: expect.stringMatching(/credentials/) });
  });

  it('reads Retry-After as seconds or a date, bounded', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfter(new Date(now - 5000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('86400', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('makes upstream text safe to print', () => {
    expect(upstreamText('bad\x1b[2J\nthing')).toBe('bad\\x1b[2J thing');
    expect(upstreamText('x'.repeat(1000)).length).toBe(300);
  });
});

describe('backoff', () => {
  it('doubles up to the cap, with half of each step random, and starts over after a success', () => {
    const low = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0 });
    expect([1, 2, 3, 4, 5, 6].map(() => low.next())).toEqual([50, 100, 200, 400, 500, 500]);
    const high = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0.999999 });
    expect(high.next()).toBe(100);
    low.reset();
    expect(low.next()).toBe(50);
  });

  it('takes the wait the upstream asked for', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0 });
    expect(b.next(7000)).toBe(7000);
  });
});
