// The store file as input: a schema-1 store (written by the previous cc-top) is migrated on first
// load; a file with wrong types inside is moved aside with the reason; the size budget holds;
// a folder others can write is refused.
import { fullDisk } from '../../builders/fullDisk.js';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIngest } from '../../../src/ingest.js';
import { decodeProtobuf } from '../../../src/otlp/decode.js';
import { JsonFileAdapter, parseStore, serializeStore } from '../../../src/store/persistence.js';
import { SCHEMA_VERSION } from '../../../src/store/state.js';
import { Store } from '../../../src/store/store.js';
import { selectSummary } from '../../../src/report/summary.js';
import { apiRequest, T0 } from '../../builders/samples.js';

const V1 = readFileSync(new URL('../../fixtures/store-v1.json', import.meta.url), 'utf8');
const SAMPLE_METRICS = readFileSync(new URL('../../fixtures/metrics-edit-commit.pb', import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cc-top-storefile-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a store written by the previous cc-top (schema 1)', () => {
  it('is migrated on first load: every figure, session (even one named constructor) and stream kept', async () => {
    const old = JSON.parse(V1) as { totals: Record<string, number>; sessions: Record<string, unknown>; events: unknown[] };
    const state = parseStore(V1, 'fixture');
    expect(state.schemaVersion).toBe(SCHEMA_VERSION);
    expect(state.totals.counters).toEqual(old.totals);
    expect([...state.sessions.keys()].sort()).toEqual(Object.keys(old.sessions).sort());
    expect(state.sessions.get('constructor')!.counters.costNanos).toBe(500_000_000);
    expect(state.totals.byModel.get('constructor')!.costNanos).toBe(500_000_000);
    expect(state.events).toHaveLength(old.events.length);
    expect(state.events.every((e) => typeof e.name === 'string' && Array.isArray(e.fields))).toBe(true);
    // Tool statistics of schema 1 are kept, dated to the store's first day.
    const tools = [...state.days.flatMap((b) => [...b.cells.values()])].filter((c) => c.tool);
    expect(tools.map((c) => [c.tool, c.counters.toolCalls]).sort()).toEqual([
      ['Bash', 1],
      ['Edit', 1],
      ['Write', 1],
    ]);
    // The report reads it like any store: the session named constructor used only its own model.
    const summary = selectSummary(state, 'all', Date.now());
    expect(summary.totals.costUsd).toBe(0.5837);
    expect(summary.sessions.find((s) => s.id !== 'constructor')!.models).toEqual(['claude-sonnet-4-5']);
  });

  it('keeps de-duplicating: the exports it already counted, sent again after the upgrade, count nothing', async () => {
    const path = join(dir, 'store.json');
    await writeFile(path, V1, { mode: 0o600 });
    // The exporter retries within minutes of the original: the clock is the store's own last update
    // (delta streams are forgotten an hour after their last point, when no retry can come any more).
    const { updatedAt } = JSON.parse(V1) as { updatedAt: number };
    const store = await Store.open({ adapter: new JsonFileAdapter(path), clock: () => updatedAt + 60_000 });
    const before = store.state.totals.counters.costNanos;
    const ingest = createIngest(store, { keepPrompts: false });
    const decoded = decodeProtobuf('metrics', SAMPLE_METRICS);
    if (!decoded.ok) throw new Error('sample did not decode');
    ingest('metrics', decoded.request);
    expect(store.state.totals.counters.costNanos).toBe(before);
    expect(store.state.duplicates.points).toBeGreaterThan(0);
    await store.close();
    // and it is written back as schema 2
    expect(JSON.parse(await readFile(path, 'utf8')).schemaVersion).toBe(2);
  });
});

describe('a store file that is valid JSON with wrong types inside', () => {
  const cases: [string, (doc: Record<string, unknown>) => void, RegExp][] = [
    ['a cost as a string (would concatenate into $100,000,000,010)', (d) => ((d['totals'] as { counters: Record<string, unknown> }).counters['costNanos'] = '100000000000'), /totals\.counters\.costNanos/],
    ['a session without an id', (d) => ((d['sessions'] as Record<string, unknown>[])[0] = { firstSeen: 1 }), /sessions\[0\]/],
    ['a negative counter', (d) => ((d['totals'] as { counters: Record<string, unknown> }).counters['tokIn'] = -5), /totals\.counters\.tokIn/],
    ['events that are not a list', (d) => (d['events'] = { a: 1 }), /events/],
    ['a time that no Date can hold', (d) => (d['createdAt'] = 9e18), /createdAt/],
  ];
  for (const [what, damage, field] of cases) {
    it(`${what}: moved aside with the reason naming the field, and a fresh store started`, async () => {
      const path = join(dir, 'store.json');
      const fresh = await Store.open({ adapter: new JsonFileAdapter(path), clock: () => T0 });
      fresh.ingestLogs({ events: [apiRequest('m', 0.1)], rejected: [], foreign: 0, originals: new Map() });
      await fresh.close();
      const doc = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
      damage(doc);
      await writeFile(path, JSON.stringify(doc));
      const messages: string[] = [];
      const store = await Store.open({ adapter: new JsonFileAdapter(path), clock: () => T0, onMessage: (m) => messages.push(m) });
      expect(messages[0]).toMatch(field);
      expect(messages[0]).toMatch(/moved it to .*corrupt-/);
      expect(store.state.totals.counters).toEqual({});
      expect((await readdir(dir)).some((f) => f.includes('.corrupt-'))).toBe(true);
      await store.close();
    });
  }
});

describe('the size budget', () => {
  it('sheds the oldest detail until the file fits, says what it shed, and keeps every total', async () => {
    const path = join(dir, 'store.json');
    const budget = 64 * 1024;
    const store = await Store.open({ adapter: new JsonFileAdapter(path), clock: () => T0, sizeBudgetBytes: budget });
    const events = Array.from({ length: 1500 }, (_, i) =>
      apiRequest('claude-sonnet-4-5', 0.001, { input: 10 }, { sessionId: `session-${i % 40}`, sequence: i, timeMs: T0 - i, attributes: [['long', 'x'.repeat(200)]] }),
    );
    store.ingestLogs({ events, rejected: [], foreign: 0, originals: new Map() });
    await store.close();
    const text = await readFile(path, 'utf8');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(budget);
    const state = parseStore(text, path);
    expect(state.totals.counters.apiRequests).toBe(1500);
    expect(state.totals.counters.evCostNanos).toBe(1500 * 1_000_000);
    expect(state.events.some((e) => e.name === 'store_budget')).toBe(true);
  });
});

describe('where the store lives', () => {
  it('never writes through a symlink planted under its name', async () => {
    const victim = join(dir, 'bashrc');
    await writeFile(victim, 'export X=1\n');
    const path = join(dir, 'store.json');
    await symlink(victim, path);
    const adapter = new JsonFileAdapter(path);
    const store = await Store.open({ adapter: Object.assign(adapter, { read: async () => null }), clock: () => T0 });
    store.ingestLogs({ events: [apiRequest('m', 0.1)], rejected: [], foreign: 0, originals: new Map() });
    await store.flush();
    expect(store.writeError).toMatch(/symbolic link/);
    expect(await readFile(victim, 'utf8')).toBe('export X=1\n');
    await store.close().catch(() => undefined);
  });

  it('refuses a store folder that other users can write, and says how to fix it', async () => {
    const shared = join(dir, 'shared');
    await mkdir(shared);
    await chmod(shared, 0o777);
    const store = await Store.open({ adapter: new JsonFileAdapter(join(shared, 'store.json')), clock: () => T0 });
    store.ingestLogs({ events: [apiRequest('m', 0.1)], rejected: [], foreign: 0, originals: new Map() });
    await store.flush();
    expect(store.writeError).toMatch(/writable by other users|can be written by other users/);
    expect(await readdir(shared)).toEqual([]);
  });

  it('round-trips: what is written reads back as the same state', async () => {
    const store = await Store.open({ adapter: new JsonFileAdapter(join(dir, 'store.json')), clock: () => T0 });
    store.ingestLogs({ events: [apiRequest('constructor', 0.1, { input: 5 }, { sessionId: '__proto__', labels: { 'team.id': 'a' } })], rejected: [], foreign: 0, originals: new Map() });
    await store.close();
    const text = await readFile(join(dir, 'store.json'), 'utf8');
    const back = parseStore(text, 'x');
    expect(serializeStore(back)).toBe(text);
    expect(back.sessions.get('__proto__')!.labels.get('team.id')).toBe('a');
    expect(Object.prototype).not.toHaveProperty('evCostNanos');
  });
});

describe('a full disk', () => {
  it('keeps the last good store, reports every failed write, and writes again once there is room', async () => {
    const path = join(dir, 'store.json');
    let full = false;
    // The disk fills: writes stop after 1 KiB, and the layer below says all went well (a short write).
    const fs = fullDisk({ room: 1024, reportSuccess: true, full: () => full });
    const messages: string[] = [];
    const store = await Store.open({ adapter: new JsonFileAdapter(path, fs), clock: () => T0, onMessage: (m) => messages.push(m) });
    store.ingestLogs({ events: [apiRequest('m', 0.1, {}, { sequence: 1 })], rejected: [], foreign: 0, originals: new Map() });
    await store.flush();
    const good = await readFile(path, 'utf8');
    full = true;
    store.ingestLogs({ events: [apiRequest('m', 0.2, {}, { sequence: 2, attributes: [['big', 'x'.repeat(5000)]] })], rejected: [], foreign: 0, originals: new Map() });
    await store.flush();
    expect(store.writeError).toMatch(/reached the disk|disk is full/);
    expect(store.saved).toBe(false);
    expect(await readFile(path, 'utf8')).toBe(good);
    expect(parseStore(good, path).totals.counters.apiRequests).toBe(1);
    expect(messages.some((m) => /cannot write the store/.test(m))).toBe(true);
    full = false;
    await store.flush();
    expect(store.saved).toBe(true);
    expect(parseStore(await readFile(path, 'utf8'), path).totals.counters.apiRequests).toBe(2);
    await store.close();
  });
});
