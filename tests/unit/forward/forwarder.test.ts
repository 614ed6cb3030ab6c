// The forwarder against a scripted upstream: what it sends, in which order, when it retries,
// what it drops and counts, and how it stops. Polls for observable results; never sleeps.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Forwarder } from '../../../src/forward/forwarder.js';
import type { SendOutcome } from '../../../src/forward/retryPolicy.js';
import type { Sender } from '../../../src/forward/sender.js';
import type { ForwardStatus } from '../../../src/forward/status.js';
import { parseForwardTarget } from '../../../src/forward/target.js';
import type { Signal } from '../../../src/otlp/types.js';

const WAIT = { timeout: 10_000, interval: 10 };

interface Call {
  signal: Signal;
  body: Buffer;
  answer(outcome: SendOutcome): void;
}

/** An upstream whose every answer the test gives (or `auto` gives at once). */
function scriptedSender(auto?: (call: Omit<Call, 'answer'>, n: number) => SendOutcome | undefined) {
  const calls: Call[] = [];
  const pending = new Set<Call>();
  let closed = false;
  const sender: Sender = {
    send(signal, body) {
      return new Promise<SendOutcome>((resolve) => {
        const call: Call = {
          signal,
          body: Buffer.from(body),
          answer: (o) => {
            pending.delete(call);
            resolve(o);
          },
        };
        calls.push(call);
        pending.add(call);
        const now = auto?.(call, calls.length);
        if (now) call.answer(now);
      });
    },
    close() {
      closed = true;
      for (const c of [...pending]) c.answer({ kind: 'retry', error: 'aborted' });
    },
  };
  return { sender, calls, isClosed: () => closed };
}

const target = parseForwardTarget({ url: 'http://upstream.test:4318' });
const bytes = (...values: number[]) => Buffer.from(values);
const OK: SendOutcome = { kind: 'ok' };

const forwarders: Forwarder[] = [];
function forwarder(sender: Sender, options: { queueBytes?: number; messages?: string[] } = {}) {
  const f = new Forwarder({
    settings: { target, queueBytes: options.queueBytes ?? 1 << 20 },
    sender,
    backoff: { initialMs: 5, maxMs: 20, random: () => 0.5 },
    onMessage: (m) => options.messages?.push(m),
    statusEveryMs: 10,
  });
  forwarders.push(f);
  return f;
}
afterEach(async () => {
  await Promise.all(forwarders.splice(0).map((f) => f.stop(0)));
});

describe('the forwarder', () => {
  it('sends every accepted request once, in order, several together while the upstream is busy', async () => {
    const up = scriptedSender();
    const f = forwarder(up.sender);
    f.accept('metrics', bytes(1), 'protobuf');
    await vi.waitFor(() => expect(up.calls).toHaveLength(1), WAIT);
    // While the first is on its way, three more arrive: they leave together, after it.
    f.accept('metrics', bytes(2), 'protobuf');
    f.accept('metrics', bytes(3), 'protobuf');
    f.accept('metrics', bytes(4), 'protobuf');
    expect(f.status()).toMatchObject({ queued: 4, sent: 0, state: 'idle' });
    up.calls[0]!.answer(OK);
    await vi.waitFor(() => expect(up.calls).toHaveLength(2), WAIT);
    expect(up.calls.map((c) => [...c.body])).toEqual([[1], [2, 3, 4]]);
    up.calls[1]!.answer(OK);
    await vi.waitFor(() => expect(f.status()).toMatchObject({ state: 'ok', sent: 4, queued: 0, queuedBytes: 0, dropped: 0 }), WAIT);
  });

  it('keeps signals apart: one request on its way per signal', async () => {
    const up = scriptedSender();
    const f = forwarder(up.sender);
    f.accept('metrics', bytes(1), 'protobuf');
    f.accept('logs', bytes(2), 'protobuf');
    f.accept('metrics', bytes(3), 'protobuf');
    await vi.waitFor(() => expect(up.calls.map((c) => c.signal).sort()).toEqual(['logs', 'metrics']), WAIT);
    expect(up.calls.find((c) => c.signal === 'metrics')!.body).toEqual(bytes(1, 3));
    expect(up.calls.find((c) => c.signal === 'logs')!.body).toEqual(bytes(2));
  });

  it('retries what the upstream could not take, after a backoff, until it is delivered', async () => {
    const messages: string[] = [];
    const up = scriptedSender((_call, n) => (n <= 3 ? { kind: 'retry', error: 'HTTP 503: busy' } : OK));
    const f = forwarder(up.sender, { messages });
    f.accept('logs', bytes(7), 'protobuf');
    await vi.waitFor(() => expect(f.status()).toMatchObject({ state: 'ok', sent: 1, retries: 3, dropped: 0, lastError: 'HTTP 503: busy' }), WAIT);
    expect(up.calls.map((c) => [...c.body])).toEqual([[7], [7], [7], [7]]);
    expect(messages).toEqual([expect.stringMatching(/forwarding to http:\/\/upstream.test:4318 failed \(HTTP 503: busy\); requests wait in the queue/), expect.stringMatching(/delivering again after/)]);
  });

  it('retries when its timer fires before the clock says the wait is over (a timer may run early)', async () => {
    const up = scriptedSender((_call, n) => (n <= 2 ? { kind: 'retry', error: 'HTTP 503' } : OK));
    const start = Date.now();
    // A clock at half speed: every retry timer fires "too early" by it.
    const f = new Forwarder({ settings: { target, queueBytes: 1 << 20 }, sender: up.sender, backoff: { initialMs: 20, maxMs: 40, random: () => 0.5 }, clock: () => start + (Date.now() - start) / 2 });
    forwarders.push(f);
    f.accept('metrics', bytes(1), 'protobuf');
    await vi.waitFor(() => expect(f.status()).toMatchObject({ state: 'ok', sent: 1, retries: 2 }), WAIT);
  });

  it('honours the wait an upstream asks for', async () => {
    const up = scriptedSender((_call, n) => (n === 1 ? { kind: 'retry', error: 'HTTP 429', afterMs: 60_000 } : OK));
    const f = forwarder(up.sender);
    f.accept('metrics', bytes(1), 'protobuf');
    await vi.waitFor(() => expect(f.status().state).toBe('retrying'), WAIT);
    // New requests wait too: nothing is sent before the minute the upstream asked for.
    f.accept('metrics', bytes(2), 'protobuf');
    await new Promise((r) => setImmediate(r));
    expect(up.calls).toHaveLength(1);
    expect(f.status()).toMatchObject({ queued: 2, retries: 1 });
  });

  it('drops and counts a request refused for good, after trying a refused batch request by request', async () => {
    const messages: string[] = [];
    const up = scriptedSender();
    const f = forwarder(up.sender, { messages });
    f.accept('metrics', bytes(1), 'protobuf');
    await vi.waitFor(() => expect(up.calls).toHaveLength(1), WAIT);
    for (const b of [2, 66, 3]) f.accept('metrics', bytes(b), 'protobuf');
    up.calls[0]!.answer(OK);
    await vi.waitFor(() => expect(up.calls).toHaveLength(2), WAIT);
    expect([...up.calls[1]!.body]).toEqual([2, 66, 3]);
    up.calls[1]!.answer({ kind: 'refused', error: 'HTTP 400: bad', splittable: true });
    for (let i = 2; i < 5; i++) {
      await vi.waitFor(() => expect(up.calls).toHaveLength(i + 1), WAIT);
      const call = up.calls[i]!;
      call.answer(call.body[0] === 66 ? { kind: 'refused', error: 'HTTP 400: bad', splittable: true } : OK);
    }
    expect(up.calls.slice(2).map((c) => [...c.body])).toEqual([[2], [66], [3]]);
    await vi.waitFor(() => expect(f.status()).toMatchObject({ sent: 3, dropped: 1, droppedBy: { refused: 1, overflow: 0, shutdown: 0 }, lastError: 'HTTP 400: bad' }), WAIT);
    expect(messages).toEqual([expect.stringMatching(/refused 1 metrics request for good \(HTTP 400: bad\); dropped/)]);
    // Batching resumes once the singles are through.
    f.accept('metrics', bytes(8), 'protobuf');
    await vi.waitFor(() => expect(up.calls).toHaveLength(6), WAIT);
    for (const b of [9, 10]) f.accept('metrics', bytes(b), 'protobuf');
    up.calls[5]!.answer(OK);
    await vi.waitFor(() => expect(up.calls).toHaveLength(7), WAIT);
    expect([...up.calls[6]!.body]).toEqual([9, 10]);
  });

  it('stays within its memory cap while the upstream is down: the oldest go, counted, with one warning', async () => {
    const messages: string[] = [];
    const up = scriptedSender(() => ({ kind: 'retry', error: 'connection refused' }));
    const f = forwarder(up.sender, { queueBytes: 1000, messages });
    for (let i = 0; i < 50; i++) {
      f.accept('metrics', Buffer.alloc(100, i), 'protobuf');
      expect(f.status().queuedBytes).toBeLessThanOrEqual(1000);
    }
    const s = f.status();
    expect(s.queued).toBe(10);
    expect(s.droppedBy.overflow).toBe(40);
    expect(messages.filter((m) => /queue is full/.test(m))).toHaveLength(1);
  });

  it('sends at most an eighth of its cap at once, so what is on its way never crowds out what arrives', async () => {
    const up = scriptedSender();
    const f = forwarder(up.sender, { queueBytes: 800 });
    f.accept('logs', Buffer.alloc(60, 1), 'protobuf');
    await vi.waitFor(() => expect(up.calls).toHaveLength(1), WAIT);
    for (let i = 2; i <= 20; i++) f.accept('logs', Buffer.alloc(60, i), 'protobuf');
    // The cap holds 13 requests of 60 bytes; one is on its way, so the 12 newest wait.
    const s = f.status();
    expect(s.queuedBytes).toBeLessThanOrEqual(800);
    expect(s.droppedBy.overflow).toBe(7);
    up.calls[0]!.answer(OK);
    await vi.waitFor(() => expect(up.calls).toHaveLength(2), WAIT);
    expect(up.calls[1]!.body).toEqual(Buffer.alloc(60, 9)); // one per request: 2 x 60 > 800 / 8
  });

  it('on stop, drains what it can before the deadline, then counts the rest as dropped', async () => {
    const up = scriptedSender(() => OK);
    const f = forwarder(up.sender);
    for (let i = 0; i < 5; i++) f.accept('logs', bytes(i), 'protobuf');
    await f.stop(5_000);
    expect(f.status()).toMatchObject({ state: 'stopped', sent: 5, dropped: 0, queued: 0 });
    expect(up.isClosed()).toBe(true);
    f.accept('logs', bytes(9), 'protobuf');
    expect(f.status().droppedBy.shutdown).toBe(1);

    // An upstream that is down: no retry due before the deadline, so stop does not wait for it.
    const down = scriptedSender(() => ({ kind: 'retry', error: 'HTTP 503', afterMs: 60_000 }));
    const g = forwarder(down.sender);
    for (let i = 0; i < 3; i++) g.accept('metrics', bytes(i), 'protobuf');
    await vi.waitFor(() => expect(g.status().state).toBe('retrying'), WAIT);
    const started = Date.now();
    await g.stop(30_000);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(g.status()).toMatchObject({ state: 'stopped', sent: 0, queued: 0, droppedBy: { shutdown: 3 } });
  });

  it('aborts what is on its way when the drain deadline passes', async () => {
    const up = scriptedSender(); // never answers by itself
    const f = forwarder(up.sender);
    f.accept('traces', bytes(1), 'protobuf');
    await vi.waitFor(() => expect(up.calls).toHaveLength(1), WAIT);
    await f.stop(20);
    expect(up.isClosed()).toBe(true);
    expect(f.status()).toMatchObject({ state: 'stopped', sent: 0, droppedBy: { shutdown: 1 } });
  });

  it('tells listeners of changes, coalesced, and always the last one', async () => {
    const up = scriptedSender(() => OK);
    const f = forwarder(up.sender);
    const seen: ForwardStatus[] = [];
    f.subscribe((s) => seen.push(s));
    for (let i = 0; i < 100; i++) f.accept('metrics', bytes(i), 'protobuf');
    await vi.waitFor(() => expect(seen.at(-1)).toMatchObject({ sent: 100, state: 'ok' }), WAIT);
    expect(seen.length).toBeLessThan(20);
    await f.stop();
    expect(seen.at(-1)!.state).toBe('stopped');
  });
});
