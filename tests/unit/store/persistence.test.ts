import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Memory } from 'lowdb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JsonFileAdapter, NewerStoreError, type StoreAdapter } from '../../../src/store/persistence.js';
import { Store, WRITE_DEBOUNCE_MS, WRITE_RETRY_MS } from '../../../src/store/store.js';
import { acquireLock, readLock, StoreLockedError } from '../../../src/store/lock.js';
import { SCHEMA_VERSION, type StoreState } from '../../../src/store/state.js';
import type { MetricsBatch } from '../../../src/telemetry/model.js';
import { bucketSum, costSample, T0 } from '../../builders/samples.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cc-top-store-'));
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

const batch = (usd: number): MetricsBatch => ({ samples: [costSample(usd)], unknown: [], rejected: [], foreign: 0, originals: new Map() });

function memoryAdapter(): StoreAdapter {
  return Object.assign(new Memory<StoreState>(), { location: 'memory' });
}

describe('store persistence', () => {
  it('round-trips through a file written with mode 0600 in a 0700 folder', async () => {
    const path = join(dir, 'nested', 'store.json');
    const store = await Store.open({ adapter: new JsonFileAdapter(path), clock: () => T0 });
    store.ingestMetrics(batch(0.25));
    await store.close();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'nested'))).mode & 0o777).toBe(0o700);
    const again = await Store.open({ adapter: new JsonFileAdapter(path), clock: () => T0 });
    expect(again.state.totals.counters.costNanos).toBe(250_000_000);
    expect(again.state.schemaVersion).toBe(SCHEMA_VERSION);
    // Stream state survives too: the same delta point re-sent after a restart still counts once.
    again.ingestMetrics(batch(0.25));
    expect(again.state.totals.counters.costNanos).toBe(250_000_000);
  });

  it('moves a corrupt file aside with a message and starts fresh, never overwriting it', async () => {
    const path = join(dir, 'store.json');
    await writeFile(path, '{"schemaVersion": 1, "totals": {');
    const messages: string[] = [];
    const store = await Store.open({ adapter: new JsonFileAdapter(path), clock: () => T0, onMessage: (m) => messages.push(m) });
    expect(store.state.totals.counters).toEqual({});
    const files = await readdir(dir);
    const aside = files.find((f) => f.startsWith('store.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(await readFile(join(dir, aside!), 'utf8')).toBe('{"schemaVersion": 1, "totals": {');
    expect(messages[0]).toMatch(/not a valid cc-top store.*moved it to .*store\.json\.corrupt-/);
  });

  it('treats valid JSON that is not a store as corrupt', async () => {
    const path = join(dir, 'store.json');
    await writeFile(path, '[1,2,3]');
    await Store.open({ adapter: new JsonFileAdapter(path), clock: () => T0 });
    expect((await readdir(dir)).some((f) => f.includes('.corrupt-'))).toBe(true);
  });

  it('refuses a store written by a newer cc-top and leaves it untouched', async () => {
    const path = join(dir, 'store.json');
    const text = JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1, totals: {}, sessions: {}, streams: {} });
    await writeFile(path, text);
    await expect(Store.open({ adapter: new JsonFileAdapter(path) })).rejects.toThrow(NewerStoreError);
    await expect(Store.open({ adapter: new JsonFileAdapter(path) })).rejects.toThrow(/newer cc-top.*--store PATH/);
    expect(await readFile(path, 'utf8')).toBe(text);
  });

  it('debounces writes to at most one second after a change and flushes on close', async () => {
    vi.useFakeTimers();
    const adapter = memoryAdapter();
    const write = vi.spyOn(adapter, 'write');
    const store = await Store.open({ adapter, clock: () => T0 });
    store.ingestMetrics(batch(0.1));
    store.ingestMetrics({ ...batch(0.2), samples: [costSample(0.2, { timeNs: '1', startNs: '0' })] });
    expect(write).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(WRITE_DEBOUNCE_MS);
    expect(write).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(10 * WRITE_DEBOUNCE_MS);
    expect(write).toHaveBeenCalledTimes(1);
    store.ingestMetrics({ ...batch(0.3), samples: [costSample(0.3, { timeNs: '2', startNs: '0' })] });
    await store.close();
    expect(write).toHaveBeenCalledTimes(2);
  });

  it('bumps a version and tells subscribers after each batch', async () => {
    const store = await Store.open({ adapter: memoryAdapter(), clock: () => T0 });
    const seen: number[] = [];
    store.subscribe(() => seen.push(store.version));
    store.ingestMetrics(batch(0.1));
    store.ingestLogs({ events: [], rejected: [], foreign: 0, originals: new Map() });
    expect(seen).toEqual([1, 2]);
    await store.close();
  });

  it('keeps running in memory when the disk refuses a write, and writes once it can', async () => {
    vi.useFakeTimers();
    // A file where the store's folder should be: refused even for root, unlike permission bits.
    const blocker = join(dir, 'blocked');
    const path = join(blocker, 'store.json');
    const messages: string[] = [];
    const store = await Store.open({ adapter: new JsonFileAdapter(path), clock: () => T0, onMessage: (m) => messages.push(m) });
    await writeFile(blocker, 'not a folder');
    store.ingestMetrics(batch(0.1));
    await vi.advanceTimersByTimeAsync(WRITE_DEBOUNCE_MS);
    await store.flush().catch(() => {});
    expect(store.writeError).toMatch(/cannot write the store .*keeping data in memory and retrying/);
    expect(messages.filter((m) => m.includes('cannot write the store'))).toHaveLength(1);
    expect(store.state.totals.counters.costNanos).toBe(100_000_000);

    await rm(blocker);
    await mkdir(blocker);
    await vi.advanceTimersByTimeAsync(WRITE_RETRY_MS);
    await store.flush();
    expect(store.writeError).toBeUndefined();
    expect(messages.at(-1)).toMatch(/store written again/);
    expect(JSON.parse(await readFile(path, 'utf8')).totals.counters.costNanos).toBe(100_000_000);
    await store.close();
  });
});

describe('store lock', () => {
  it('lets one cc-top own a store, names the owner to a second, and replaces a stale lock', async () => {
    const path = join(dir, 'store.json');
    const lock = await acquireLock(path, { host: '127.0.0.1', grpcPort: 4317, httpPort: 4318 });
    await lock.update({ host: '127.0.0.1', grpcPort: 5317, httpPort: 5318 });
    expect(await readLock(path)).toMatchObject({ pid: process.pid, grpcPort: 5317 });
    await lock.release();
    expect(await readLock(path)).toBeUndefined();

    // A lock left by a process that no longer exists is taken over.
    await writeFile(`${path}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: 'x', grpcPort: 1, httpPort: 2, startedAt: '' }));
    const again = await acquireLock(path, { host: '127.0.0.1', grpcPort: 1, httpPort: 2 });
    await again.release();

    // A live owner (our parent process stands in for another cc-top) is refused with a clear message.
    await writeFile(`${path}.lock`, JSON.stringify({ pid: process.ppid, host: '127.0.0.1', grpcPort: 4317, httpPort: 4318, startedAt: '' }));
    await expect(acquireLock(path, { host: '127.0.0.1', grpcPort: 1, httpPort: 2 })).rejects.toThrow(StoreLockedError);
    await expect(acquireLock(path, { host: '127.0.0.1', grpcPort: 1, httpPort: 2 })).rejects.toThrow(/in use by another cc-top \(pid \d+.*--store PATH/);
  });
});

describe('wall clock jumps', () => {
  it('keeps rollups sorted, unique and within retention, and totals intact, when the clock moves back or forward', async () => {
    let now = T0;
    const store = await Store.open({ adapter: memoryAdapter(), clock: () => now });
    const at = (ms: number, usd: number, seq: number) => {
      now = ms;
      store.ingestMetrics({ samples: [costSample(usd, { timeMs: ms, timeNs: `${ms}000000`, startNs: String(seq) })], unknown: [], rejected: [], foreign: 0, originals: new Map() });
    };
    at(T0, 1, 1);
    at(T0 - 3_600_000, 2, 2); // the clock jumped back an hour
    at(T0 + 120_000, 4, 3); // and forward again
    at(T0 + 2 * 86_400_000, 8, 4); // two days forward (laptop asleep)
    const sortedUnique = (ts: number[]) => ts.every((t, i) => i === 0 || t > ts[i - 1]!);
    for (const tier of ['minutes', 'hours', 'days'] as const) {
      const ts = store.state[tier].map((b) => b.start);
      expect(sortedUnique(ts), tier).toBe(true);
      expect(Math.max(...ts)).toBeLessThanOrEqual(now);
    }
    expect(store.state.minutes.map((b) => b.start)).toEqual([T0 + 2 * 86_400_000]);
    expect(store.state.hours.reduce((n, b) => n + (bucketSum(b).costNanos ?? 0), 0)).toBe(15e9);
    expect(store.state.totals.counters.costNanos).toBe(15e9);
    await store.close();
  });
});
