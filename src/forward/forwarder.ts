// Forwarding: every export request cc-top accepted is passed on to an upstream OTLP endpoint (a
// company's Collector), without ever slowing or failing cc-top's own answer to Claude Code.
//
// `accept` (the receiver's onAccepted hook) only queues: the sending happens later, one request
// on its way per signal at a time, so each signal's order is kept. What queued up while one was
// on its way leaves together in the next one (protobuf requests concatenate), which keeps the
// upstream's load in requests low when traffic is high. A retryable failure puts the requests
// back at the front and waits (exponential backoff with jitter, or the wait the upstream asks
// for); a refusal for good drops them and counts them (a refused batch is first retried request
// by request, so one bad request does not cost its neighbours). The queue has a memory cap: past
// it the oldest requests are dropped and counted. Stopping gives the queue a short deadline.
import type { AcceptedHook, Encoding } from '../otlp/export.js';
import type { Signal } from '../otlp/types.js';
import { buildPayload } from './payload.js';
import { ForwardQueue, SIGNALS, type QueuedRequest } from './queue.js';
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions, type SendOutcome } from './retryPolicy.js';
import type { Sender } from './sender.js';
import { createSender } from './transport.js';
import { StatusFeed } from './statusFeed.js';
import type { DroppedRequests, ForwardState, ForwardStatus } from './status.js';
import type { ForwardSettings } from './target.js';

/**
 * One forwarded request carries at most this much (well under every Collector's default limit),
 * and at most an eighth of the queue's cap: what is on its way counts towards the cap and cannot
 * be dropped, so it must leave room for what arrives meanwhile...
 */
export const MAX_BATCH_BYTES = 1024 * 1024;
/** ...and at most this many of the requests cc-top received. */
export const MAX_BATCH_REQUESTS = 256;
/** How long stopping waits for the queue to drain. */
export const DRAIN_MS = 3_000;
/** Status listeners hear of changes at most this often. */
export const STATUS_EVERY_MS = 500;

export interface ForwarderOptions {
  settings: ForwardSettings;
  /** The transport (tests pass their own); by default the target's protocol's. */
  sender?: Sender;
  clock?: () => number;
  backoff?: BackoffOptions;
  /** Something a person should know, for the event log: the queue overflowing, the upstream refusing, failing or back. */
  onMessage?: (message: string, level: 'warn' | 'info') => void;
  statusEveryMs?: number;
}

/** Bytes the queue may keep without holding a much larger buffer alive (a slice of a socket read). */
function ownBytes(body: Uint8Array): Uint8Array {
  if (body.buffer.byteLength <= body.byteLength * 2 + 4096) return body;
  const copy = Buffer.allocUnsafeSlow(body.byteLength);
  copy.set(body);
  return copy;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export class Forwarder {
  private readonly queue: ForwardQueue;
  private readonly sender: Sender;
  private readonly backoff: Backoff;
  private readonly clock: () => number;
  private readonly url: string;
  /** Signals with a request on its way. */
  private readonly busy = new Set<Signal>();
  /** Signals whose pump is scheduled. */
  private readonly scheduled = new Set<Signal>();
  /** After a refused batch: how many requests of that signal go one by one. */
  private readonly singles = new Map<Signal, number>();
  private readonly deliveries = new Set<Promise<void>>();
  private retryAt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private state: ForwardState = 'idle';
  private sent = 0;
  private retries = 0;
  private readonly droppedBy: DroppedRequests = { overflow: 0, refused: 0, shutdown: 0 };
  private lastError: string | null = null;
  private lastErrorAt: number | null = null;
  private lastSentAt: number | null = null;
  private failingSince: number | null = null;
  private overflowing = false;
  private lastRefusal: string | undefined;
  private stopping = false;
  private stopped = false;
  private drainDeadline = Infinity;
  private stopPromise: Promise<void> | undefined;
  private wakeDrain: (() => void) | undefined;
  private readonly feed: StatusFeed<ForwardStatus>;
  private readonly batchBytes: number;

  constructor(private readonly options: ForwarderOptions) {
    const { target, queueBytes } = options.settings;
    this.queue = new ForwardQueue(queueBytes);
    this.batchBytes = Math.max(1, Math.min(MAX_BATCH_BYTES, Math.floor(queueBytes / 8)));
    this.sender = options.sender ?? createSender(target);
    this.backoff = new Backoff(options.backoff ?? options.settings.backoff ?? DEFAULT_BACKOFF);
    this.clock = options.clock ?? Date.now;
    this.url = target.url;
    this.feed = new StatusFeed(() => this.status(), options.statusEveryMs ?? STATUS_EVERY_MS, this.clock);
  }

  /** The receiver's onAccepted hook: queue, never wait. */
  readonly accept: AcceptedHook = (signal: Signal, body: Uint8Array, encoding: Encoding): void => {
    if (this.stopping) {
      this.droppedBy.shutdown++;
      this.changed();
      return;
    }
    const dropped = this.queue.push(signal, ownBytes(body), encoding);
    if (dropped > 0) this.overflowed(dropped);
    this.schedule(signal);
    this.changed();
  };

  status(): ForwardStatus {
    const { overflow, refused, shutdown } = this.droppedBy;
    return {
      url: this.url,
      protocol: this.options.settings.target.protocol,
      state: this.state,
      queued: this.queue.queuedCount + this.queue.inFlightCount,
      queuedBytes: this.queue.queuedBytes + this.queue.inFlightBytes,
      capBytes: this.queue.capBytes,
      sent: this.sent,
      dropped: overflow + refused + shutdown,
      droppedBy: { overflow, refused, shutdown },
      retries: this.retries,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
      lastSentAt: this.lastSentAt,
      at: this.clock(),
    };
  }

  /** Hear of status changes (at most every statusEveryMs; the last change is always told). */
  subscribe(listener: (status: ForwardStatus) => void): () => void {
    return this.feed.subscribe(listener);
  }

  /**
   * Stop taking requests and give what is queued until `deadlineMs` to reach the upstream (not
   * waiting for a retry due later than that); then abort what is on its way and count everything
   * left as dropped. Safe to call twice.
   */
  stop(deadlineMs = DRAIN_MS): Promise<void> {
    return (this.stopPromise ??= this.drainAndStop(deadlineMs));
  }

  private async drainAndStop(deadlineMs: number): Promise<void> {
    this.stopping = true;
    this.drainDeadline = this.clock() + deadlineMs;
    if (!this.drained()) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadlineMs);
        this.wakeDrain = () => {
          clearTimeout(timer);
          resolve();
        };
        // A retry due after the deadline will not happen: no reason to wait for it.
        if (this.retryAt >= this.drainDeadline) this.wakeDrain();
      });
    }
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.sender.close();
    await Promise.all([...this.deliveries]);
    this.droppedBy.shutdown += this.queue.clear();
    this.state = 'stopped';
    this.feed.close();
  }

  private drained(): boolean {
    return this.queue.queuedCount === 0 && this.busy.size === 0;
  }

  /** Pump a signal soon: after the current request is answered, so `accept` costs a push. */
  private schedule(signal: Signal): void {
    if (this.scheduled.has(signal) || this.busy.has(signal)) return;
    this.scheduled.add(signal);
    setImmediate(() => {
      this.scheduled.delete(signal);
      this.pump(signal);
    });
  }

  private pump(signal: Signal): void {
    if (this.stopped || this.busy.has(signal)) return;
    if (this.clock() < this.retryAt) return this.armRetry();
    const single = (this.singles.get(signal) ?? 0) > 0;
    const items = this.queue.take(signal, single ? 1 : MAX_BATCH_REQUESTS, this.batchBytes);
    if (items.length === 0) {
      if (this.stopping && this.drained()) this.wakeDrain?.();
      return;
    }
    this.busy.add(signal);
    const delivery = this.deliver(signal, items).finally(() => {
      this.deliveries.delete(delivery);
      this.busy.delete(signal);
      this.pump(signal);
    });
    this.deliveries.add(delivery);
  }

  private async deliver(signal: Signal, items: QueuedRequest[]): Promise<void> {
    const payload = buildPayload(items);
    if (payload.unencodable.length > 0) {
      this.queue.settle(payload.unencodable);
      this.refused(signal, payload.unencodable.length, 'a JSON request could not be re-encoded as protobuf');
    }
    if (payload.items.length === 0) return;
    let outcome: SendOutcome;
    try {
      outcome = await this.sender.send(signal, payload.body);
    } catch (err) {
      // Senders do not throw; should one, the requests wait and are tried again.
      outcome = { kind: 'retry', error: err instanceof Error ? err.message : String(err) };
    }
    this.settle(signal, payload.items, outcome);
    this.changed();
  }

  private settle(signal: Signal, items: QueuedRequest[], outcome: SendOutcome): void {
    const now = this.clock();
    if (outcome.kind === 'ok') {
      this.queue.settle(items);
      this.sent += items.length;
      this.lastSentAt = now;
      this.backoff.reset();
      this.countSingles(signal, items.length);
      if (outcome.warning) this.noteError(outcome.warning, now);
      if (this.failingSince !== null) {
        this.options.onMessage?.(`forwarding to ${this.url}: delivering again after ${Math.max(1, Math.round((now - this.failingSince) / 1000))} s of failures`, 'info');
        this.failingSince = null;
      }
      this.state = 'ok';
      if (this.overflowing && this.queue.queuedBytes < this.queue.capBytes / 2) this.overflowing = false;
      return;
    }
    if (this.stopped) {
      // Aborted by stop(): these are counted with the rest of the queue as dropped at shutdown.
      this.queue.putBack(signal, items);
      return;
    }
    if (outcome.kind === 'refused' && outcome.splittable && items.length > 1) {
      // One request of the batch may be the bad one (or the batch too large): try them one by one.
      this.queue.putBack(signal, items);
      this.singles.set(signal, items.length);
      return;
    }
    if (outcome.kind === 'refused') {
      this.queue.settle(items);
      this.countSingles(signal, items.length);
      this.refused(signal, items.length, outcome.error);
      return;
    }
    this.queue.putBack(signal, items);
    this.retries++;
    this.noteError(outcome.error, now);
    this.state = 'retrying';
    if (this.failingSince === null) {
      this.failingSince = now;
      this.options.onMessage?.(`forwarding to ${this.url} failed (${outcome.error}); requests wait in the queue and are retried`, 'warn');
    }
    this.retryAt = Math.max(this.retryAt, now + this.backoff.next(outcome.afterMs));
    if (this.stopping && this.retryAt >= this.drainDeadline) {
      this.wakeDrain?.();
      return;
    }
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.armRetry();
  }

  /** Pump every signal once the retry wait is over. */
  private armRetry(): void {
    if (this.retryTimer || this.stopped) return;
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = undefined;
        // The wait is over: a timer may fire a millisecond before the wall clock says so.
        this.retryAt = 0;
        for (const s of SIGNALS) this.pump(s);
      },
      Math.max(0, this.retryAt - this.clock()),
    );
  }

  private countSingles(signal: Signal, n: number): void {
    const left = this.singles.get(signal);
    if (left === undefined) return;
    if (left - n > 0) this.singles.set(signal, left - n);
    else this.singles.delete(signal);
  }

  private refused(signal: Signal, n: number, error: string): void {
    this.droppedBy.refused += n;
    this.noteError(error, this.clock());
    this.state = 'refused';
    if (error !== this.lastRefusal) {
      this.lastRefusal = error;
      this.options.onMessage?.(`forwarding to ${this.url}: the upstream refused ${plural(n, `${signal} request`)} for good (${error}); dropped`, 'warn');
    }
  }

  private overflowed(n: number): void {
    this.droppedBy.overflow += n;
    if (this.overflowing) return;
    this.overflowing = true;
    const mib = Number((this.queue.capBytes / (1024 * 1024)).toFixed(1));
    this.options.onMessage?.(
      `forwarding to ${this.url}: the queue is full (${mib} MiB), so the oldest requests are dropped${this.lastError ? ` (the upstream: ${this.lastError})` : ''}; raise --forward-queue-mib to hold more`,
      'warn',
    );
  }

  private noteError(error: string, now: number): void {
    this.lastError = error;
    this.lastErrorAt = now;
  }

  private changed(): void {
    this.feed.changed();
  }
}
