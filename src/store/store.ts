// The live store: state in memory, batches applied synchronously, a version bumped per batch for
// the UI, and writes to disk debounced to at most WRITE_DEBOUNCE_MS after a change. A write that
// fails keeps the data in memory, is retried, and is reported as failed until one succeeds.
import { Low } from 'lowdb';
import type { LogsBatch, MetricsBatch } from '../telemetry/model.js';
import { applyEvent, applyMetricBatch, noteCap, noteOriginals, noteUnknownMetrics, notice } from './aggregate.js';
import { shedToBudget } from './budget.js';
import { CorruptStoreError, serializeStore, type StoreAdapter } from './persistence.js';
import { pruneRollups } from './rollups.js';
import { emptyState, PROBES_CAP, STORE_SIZE_BUDGET_BYTES, STREAMS_CAP, type StoreState } from './state.js';
import { pushRing } from './counters.js';
import { pruneStreams } from './temporality.js';

export type Clock = () => number;

/** A change reaches the disk at most this long after it was applied. */
export const WRITE_DEBOUNCE_MS = 1_000;
/** After a failed write (disk full, permission), retry no sooner than this. */
export const WRITE_RETRY_MS = 5_000;
const MINUTE_MS = 60_000;
/** The same cc-top notice (e.g. rejected points) is logged at most this often. */
export const NOTICE_INTERVAL_MS = 60_000;

export interface StoreOptions {
  adapter: StoreAdapter;
  clock?: Clock;
  /** The store file's size budget (tests lower it). */
  sizeBudgetBytes?: number;
  /**
   * Messages for the user: `warn` for trouble (corrupt file moved aside, writes failing), `info`
   * when it is over (the store is written again).
   */
  onMessage?: (message: string, level: 'warn' | 'info') => void;
  /** Called after each successful write with the state written (e.g. to refresh a summary file). */
  onWritten?: (state: StoreState) => void;
}

export interface BatchResult {
  accepted: number;
  rejected: number;
  duplicates: number;
  errorMessage?: string;
}

/** An adapter that can write text already serialized (the file adapter can; Memory cannot). */
interface TextWriter {
  writeText(text: string): Promise<void>;
}

const canWriteText = (a: StoreAdapter): a is StoreAdapter & TextWriter => typeof (a as Partial<TextWriter>).writeText === 'function';

export class Store {
  version = 0;
  /** The last write error, cleared by the next successful write. */
  writeError: string | undefined;
  /** Whether anything has been written since the store was opened. */
  wroteAny = false;
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private dirty = false;
  private lastPruneMinute = 0;
  private closed = false;
  private readonly lastNoticeAt = new Map<string, number>();
  private newStreamsSinceCheck = 0;
  private streamsAtLastPrune = 0;

  private constructor(
    private readonly db: Low<StoreState>,
    private readonly adapter: StoreAdapter,
    readonly clock: Clock,
    private readonly options: StoreOptions,
  ) {}

  static async open(options: StoreOptions): Promise<Store> {
    const clock = options.clock ?? Date.now;
    const onMessage = options.onMessage ?? (() => {});
    const db = new Low<StoreState>(options.adapter, emptyState(clock()));
    try {
      await db.read();
    } catch (err) {
      if (!(err instanceof CorruptStoreError) || !options.adapter.quarantine) throw err;
      const aside = await options.adapter.quarantine();
      onMessage(`${err.message}; moved it to ${aside} and started a fresh store`, 'warn');
      db.data = emptyState(clock());
    }
    const store = new Store(db, options.adapter, clock, options);
    store.prune();
    return store;
  }

  get state(): StoreState {
    return this.db.data;
  }

  get location(): string {
    return this.adapter.location;
  }

  /** True when every change so far is on disk (nothing pending, the last write succeeded). */
  get saved(): boolean {
    return !this.dirty && this.writeError === undefined;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  ingestMetrics(batch: MetricsBatch): BatchResult {
    const now = this.clock();
    const state = this.state;
    const { duplicates, newStreams } = applyMetricBatch(state, batch.samples, now);
    const accepted = batch.samples.length - duplicates;
    this.newStreamsSinceCheck += newStreams;
    this.maybePrune(now);
    noteUnknownMetrics(state, batch.unknown, now);
    noteOriginals(state, batch.originals);
    this.noteForeign(now, 'points', batch.foreign);
    const rejected = batch.rejected.reduce((n, r) => n + r.count, 0);
    if (rejected > 0) {
      state.rejected.points += rejected;
      this.noticeThrottled(now, 'rejected_points', rejected, batch.rejected[0]!.reason);
    }
    this.changed();
    return { accepted, rejected, duplicates, ...(rejected > 0 ? { errorMessage: describe(batch.rejected) } : {}) };
  }

  ingestLogs(batch: LogsBatch): BatchResult {
    const now = this.clock();
    this.maybePrune(now);
    let accepted = 0;
    let duplicates = 0;
    for (const event of batch.events) {
      if (applyEvent(this.state, event, now) === 'duplicate') duplicates++;
      else accepted++;
    }
    noteOriginals(this.state, batch.originals);
    this.noteForeign(now, 'records', batch.foreign);
    const rejected = batch.rejected.reduce((n, r) => n + r.count, 0);
    if (rejected > 0) {
      this.state.rejected.records += rejected;
      this.noticeThrottled(now, 'rejected_records', rejected, batch.rejected[0]!.reason);
    }
    this.changed();
    return { accepted, rejected, duplicates, ...(rejected > 0 ? { errorMessage: describe(batch.rejected) } : {}) };
  }

  /** An alert cc-top raised (budget, error rate…): kept in the event log like its other notices. */
  noteAlert(fields: { id: string; level: string; title: string; message: string }): void {
    notice(this.state, this.clock(), 'alert', [
      ['id', fields.id],
      ['level', fields.level],
      ['title', fields.title],
      ['message', fields.message],
    ]);
    this.changed();
  }

  /** A message of cc-top's own (a config warning…), once, in the event log. */
  noteMessage(name: string, message: string): void {
    notice(this.state, this.clock(), name, [['message', message]]);
    this.changed();
  }

  /** A doctor probe arrived: remember it (written like any change) without counting it. */
  noteProbe(id: string, signal: string): void {
    pushRing(this.state.probes, { id, time: this.clock(), signal }, PROBES_CAP);
    this.changed();
  }

  /** Traces are accepted and counted, never stored. */
  noteTraces(spans: number): void {
    this.state.traces.requests++;
    this.state.traces.spans += spans;
    this.changed();
  }

  /** Apply a change made by another part of cc-top (an import) and schedule its write. */
  update(change: (state: StoreState, nowMs: number) => void): void {
    change(this.state, this.clock());
    this.changed();
  }

  /** Write now if anything changed, and wait for it. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.writing) await this.writing;
    if (this.dirty) await this.write();
  }

  async close(): Promise<void> {
    // Closed first: the last write gets no retry timer of its own (a write after the caller said
    // "stopped" would contradict what it reported).
    this.closed = true;
    await this.flush();
    this.listeners.clear();
  }

  private changed(): void {
    this.version++;
    this.dirty = true;
    for (const listener of this.listeners) listener();
    this.schedule(WRITE_DEBOUNCE_MS);
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, delayMs);
  }

  private async writeOnce(): Promise<void> {
    if (!canWriteText(this.adapter)) {
      await this.db.write();
      return;
    }
    const budget = this.options.sizeBudgetBytes ?? STORE_SIZE_BUDGET_BYTES;
    let text = serializeStore(this.state);
    // Past the budget, shed the oldest detail step by step (each step noted once in the log).
    for (let level = 1; Buffer.byteLength(text) > budget; level++) {
      const shed = shedToBudget(this.state, level, this.clock());
      if (!shed) break;
      text = serializeStore(this.state);
    }
    await this.adapter.writeText(text);
  }

  private async write(): Promise<void> {
    if (this.writing) return this.writing;
    this.dirty = false;
    this.writing = (async () => {
      try {
        await this.writeOnce();
        if (this.writeError) this.options.onMessage?.(`store written again to ${this.location}`, 'info');
        this.writeError = undefined;
        this.wroteAny = true;
        this.options.onWritten?.(this.state);
      } catch (err) {
        // Keep running in memory; the data is still there and the next attempt may succeed.
        const message = `cannot write the store ${this.location}: ${(err as Error).message}; keeping data in memory and retrying`;
        if (message !== this.writeError) this.options.onMessage?.(message, 'warn');
        this.writeError = message;
        this.dirty = true;
      } finally {
        this.writing = undefined;
      }
    })();
    await this.writing;
    if (this.dirty && !this.closed) this.schedule(this.writeError ? WRITE_RETRY_MS : WRITE_DEBOUNCE_MS);
  }

  private noteForeign(now: number, kind: 'points' | 'records', count: number): void {
    if (count <= 0) return;
    this.state.foreign[kind] += count;
    this.noticeThrottled(now, 'foreign_telemetry', count, `${kind} from a service that is not Claude Code (ignored)`);
  }

  /** A notice in the event log, at most one per name per NOTICE_INTERVAL_MS: a client that keeps
   * sending the same bad data must not flush the real events out of the log. */
  private noticeThrottled(now: number, name: string, count: number, reason: string): void {
    const last = this.lastNoticeAt.get(name);
    if (last !== undefined && now - last < NOTICE_INTERVAL_MS) return;
    this.lastNoticeAt.set(name, now);
    notice(this.state, now, name, [
      ['count', count],
      ['reason', reason],
    ]);
  }

  private maybePrune(now: number): void {
    // Once a minute for retention; and as soon as the streams added could have taken the table
    // past the cap, so a flood of distinct series cannot grow memory between minutes.
    if (Math.floor(now / MINUTE_MS) !== this.lastPruneMinute || this.streamsAtLastPrune + this.newStreamsSinceCheck > STREAMS_CAP) this.prune(now);
  }

  private prune(now = this.clock()): void {
    this.lastPruneMinute = Math.floor(now / MINUTE_MS);
    this.newStreamsSinceCheck = 0;
    pruneRollups(this.state, now);
    if (pruneStreams(this.state.streams, now)) noteCap(this.state, 'metric streams', STREAMS_CAP, now);
    this.streamsAtLastPrune = this.state.streams.size;
  }
}

function describe(rejections: { reason: string; count: number }[]): string {
  return rejections.map((r) => `${r.count} × ${r.reason}`).join('; ');
}
