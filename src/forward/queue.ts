// The requests the upstream has not taken yet: one first-in-first-out line per signal (so each
// signal's order is kept: a cumulative series must never arrive out of order), one memory cap
// over all of them, counting what is queued and what is on its way. Past the cap the oldest
// queued requests go first.
import type { Encoding } from '../otlp/export.js';
import type { Signal } from '../otlp/types.js';

export interface QueuedRequest {
  /** Arrival order over all signals. */
  seq: number;
  signal: Signal;
  body: Uint8Array;
  encoding: Encoding;
}

export const SIGNALS: readonly Signal[] = ['metrics', 'logs', 'traces'];

/** An array used as a queue: taking from the front moves an index, not the elements. */
class Line {
  private items: QueuedRequest[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  peek(): QueuedRequest | undefined {
    return this.items[this.head];
  }

  push(item: QueuedRequest): void {
    this.items.push(item);
  }

  shift(): QueuedRequest | undefined {
    const item = this.items[this.head];
    if (item === undefined) return undefined;
    this.items[this.head++] = undefined as unknown as QueuedRequest;
    // Compact once the taken part dominates, so the array does not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  unshift(list: QueuedRequest[]): void {
    if (list.length <= this.head) {
      this.head -= list.length;
      for (let i = 0; i < list.length; i++) this.items[this.head + i] = list[i]!;
    } else {
      this.items = [...list, ...this.items.slice(this.head)];
      this.head = 0;
    }
  }

  clear(): number {
    const n = this.length;
    this.items = [];
    this.head = 0;
    return n;
  }
}

export class ForwardQueue {
  private readonly lines = new Map<Signal, Line>(SIGNALS.map((s) => [s, new Line()]));
  private seq = 0;
  /** Bytes of the requests waiting in the lines. */
  queuedBytes = 0;
  /** Bytes of the requests taken and not yet settled (on their way to the upstream). */
  inFlightBytes = 0;
  inFlightCount = 0;

  constructor(readonly capBytes: number) {}

  get queuedCount(): number {
    let n = 0;
    for (const line of this.lines.values()) n += line.length;
    return n;
  }

  count(signal: Signal): number {
    return this.lines.get(signal)!.length;
  }

  /** Queue a request; returns how many requests were dropped to stay within the cap (it may be one of them). */
  push(signal: Signal, body: Uint8Array, encoding: Encoding): number {
    const size = body.byteLength;
    if (size > this.capBytes) return 1;
    let dropped = 0;
    while (this.queuedBytes + this.inFlightBytes + size > this.capBytes && this.dropOldest()) dropped++;
    // What is on its way cannot be dropped: when it alone fills the cap, the new request goes.
    if (this.queuedBytes + this.inFlightBytes + size > this.capBytes) return dropped + 1;
    this.lines.get(signal)!.push({ seq: this.seq++, signal, body, encoding });
    this.queuedBytes += size;
    return dropped;
  }

  /** Take up to `maxItems` requests of one signal, at most `maxBytes` together (the first always). */
  take(signal: Signal, maxItems: number, maxBytes: number): QueuedRequest[] {
    const line = this.lines.get(signal)!;
    const out: QueuedRequest[] = [];
    let bytes = 0;
    for (let next = line.peek(); next && out.length < maxItems; next = line.peek()) {
      if (out.length > 0 && bytes + next.body.byteLength > maxBytes) break;
      line.shift();
      out.push(next);
      bytes += next.body.byteLength;
    }
    this.queuedBytes -= bytes;
    this.inFlightBytes += bytes;
    this.inFlightCount += out.length;
    return out;
  }

  /** Taken requests are done with (delivered or dropped). */
  settle(items: QueuedRequest[]): void {
    for (const item of items) this.inFlightBytes -= item.body.byteLength;
    this.inFlightCount -= items.length;
  }

  /** Taken requests go back to the front of their line, to be sent again. */
  putBack(signal: Signal, items: QueuedRequest[]): void {
    this.settle(items);
    this.lines.get(signal)!.unshift(items);
    for (const item of items) this.queuedBytes += item.body.byteLength;
  }

  /** Drop everything queued (not what is on its way); returns how many requests that was. */
  clear(): number {
    let n = 0;
    for (const line of this.lines.values()) n += line.clear();
    this.queuedBytes = 0;
    return n;
  }

  private dropOldest(): boolean {
    let oldest: Line | undefined;
    for (const line of this.lines.values()) {
      const head = line.peek();
      if (head && (!oldest || head.seq < oldest.peek()!.seq)) oldest = line;
    }
    const item = oldest?.shift();
    if (!item) return false;
    this.queuedBytes -= item.body.byteLength;
    return true;
  }
}
