// Request bytes held in memory, counted across every request of both transports, with a cap.
//
// Each request in progress holds a share; a share that would pass the cap first makes room by
// cutting off stalled requests (nothing received for `stalledMs`), least recently active first,
// and is refused if that is not enough. So stalled bodies cannot pin the memory, and a client
// sending a real export gets in even while others hang.
import { performance } from 'node:perf_hooks';
import { formatBytes, RETRY_AFTER_SECONDS } from './limits.js';
import { OtlpError } from './status.js';

/** One request's share of the bytes in flight. */
export interface InFlightShare {
  /** Bytes counted now. */
  readonly bytes: number;
  /** Count `n` more bytes; false when they do not fit even after evicting stalled shares. */
  add(n: number): boolean;
  /** Count `n` fewer bytes (part of what it held is let go). */
  release(n: number): void;
  /** The request is done or gone: its bytes no longer count. Safe to call more than once. */
  close(): void;
}

interface Share extends InFlightShare {
  bytes: number;
  lastProgress: number;
  readonly evict: () => void;
}

export class BytesInFlight {
  private held = 0;
  /** Open shares in order of their last progress, oldest first (a share moves to the end as it grows). */
  private readonly shares = new Set<Share>();

  /**
   * @param cap bytes that may be held at once
   * @param stalledMs a share that has not grown for this long may be evicted to make room
   * @param now a monotonic clock in ms (replaceable in tests)
   */
  constructor(
    readonly cap: number,
    readonly stalledMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get bytes(): number {
    return this.held;
  }

  /** Start counting a request. `evict` cuts it off (answering it if it still can) when it is evicted. */
  open(evict: () => void): InFlightShare {
    const share: Share = {
      bytes: 0,
      lastProgress: this.now(),
      evict,
      add: (n) => this.add(share, n),
      release: (n) => this.release(share, n),
      close: () => this.close(share),
    };
    this.shares.add(share);
    return share;
  }

  /** Whether a new request may start: false when the cap is reached even after evicting stalled shares. */
  hasRoom(): boolean {
    if (this.held >= this.cap) this.evictStalled(this.held - this.cap + 1, undefined);
    return this.held < this.cap;
  }

  /** The answer to a request refused for want of room. */
  refusal(): OtlpError {
    return new OtlpError('overloaded', `cc-top is already holding ${formatBytes(this.cap)} of request bodies, its limit; retry in ${RETRY_AFTER_SECONDS} s`);
  }

  /** The answer to a request evicted because its body stalled. */
  eviction(): OtlpError {
    return new OtlpError('overloaded', `the body stalled while cc-top needed room for other requests; retry in ${RETRY_AFTER_SECONDS} s`);
  }

  private add(share: Share, n: number): boolean {
    if (!this.shares.has(share)) return false;
    if (this.held + n > this.cap) this.evictStalled(this.held + n - this.cap, share);
    if (this.held + n > this.cap) return false;
    share.bytes += n;
    this.held += n;
    share.lastProgress = this.now();
    this.shares.delete(share);
    this.shares.add(share);
    return true;
  }

  private release(share: Share, n: number): void {
    if (!this.shares.has(share)) return;
    const released = Math.min(n, share.bytes);
    share.bytes -= released;
    this.held -= released;
  }

  private close(share: Share): void {
    if (!this.shares.delete(share)) return;
    this.held -= share.bytes;
    share.bytes = 0;
  }

  /** Evict stalled shares holding bytes, least recently active first, until `needed` bytes are free. */
  private evictStalled(needed: number, except: Share | undefined): void {
    const stalledBefore = this.now() - this.stalledMs;
    let freed = 0;
    for (const share of this.shares) {
      if (freed >= needed || share.lastProgress > stalledBefore) break;
      if (share === except || share.bytes === 0) continue;
      freed += share.bytes;
      this.close(share);
      share.evict();
    }
  }
}
