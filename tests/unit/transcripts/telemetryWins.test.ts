// One truth per session: what cc-top received over OTLP stands, and a transcript fills only the
// runs telemetry never saw; whichever comes first, the import or the live data, nothing is
// counted twice.
import { mkdtemp, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runImportCommand } from '../../../src/commands/import.js';
import type { CommandIO } from '../../../src/commands/io.js';
import { selectSummary } from '../../../src/report/summary.js';
import { TelemetryCoverage } from '../../../src/store/importRecords.js';
import { JsonFileAdapter } from '../../../src/store/persistence.js';
import { emptyState, type StoreState } from '../../../src/store/state.js';
import { Store } from '../../../src/store/store.js';
import { addToRollups } from '../../../src/store/rollups.js';
import type { MetricSample } from '../../../src/telemetry/model.js';
import { costSample, event } from '../../builders/samples.js';
import { assistantLine, costStateLine, sessionPath, totalsOf, writeLines } from '../../builders/transcripts.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const S1 = '11111111-1111-4111-8111-111111111111';
const S2 = '22222222-2222-4222-8222-222222222222';

let dir: string;
let root: string;
let storePath: string;
let now: number;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cc-top-wins-'));
  root = join(dir, 'claude', 'projects');
  storePath = join(dir, 'data', 'store.json');
  now = Date.now();
});

async function importNow(): Promise<{ segmentsCovered: number; sessionsAdded: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), stdoutStream: {}, env: { ...process.env }, clock: Date.now };
  expect(await runImportCommand(['--from', join(dir, 'claude'), '--store', storePath, '--json'], io, undefined), err.join('\n')).toBe(0);
  return JSON.parse(out.join('')) as { segmentsCovered: number; sessionsAdded: number };
}

/** Telemetry as the live receiver applies it, into the store file. */
async function receive(samples: MetricSample[]): Promise<void> {
  const store = await Store.open({ adapter: new JsonFileAdapter(storePath) });
  store.ingestMetrics({ samples, unknown: [], rejected: [], foreign: 0, originals: new Map() });
  await store.close();
}

async function read(): Promise<StoreState> {
  return (await new JsonFileAdapter(storePath).read())!;
}

const answer = (session: string, n: number, time: number) => assistantLine(session, { time, messageId: `msg_${session}_${n}`, requestId: `req_${n}` });
const cellCost = (st: StoreState, tier: 'minutes' | 'hours' | 'days', session: string) =>
  st[tier].reduce((n, b) => n + [...b.cells.values()].filter((c) => c.session === session).reduce((m, c) => m + (c.counters.costNanos ?? 0), 0), 0);

describe('telemetry first, then the import', () => {
  it('keeps the OTLP figures of the run telemetry saw, and adds the earlier run it did not', async () => {
    await receive([costSample(0.5, { sessionId: S1, timeMs: now - 30 * MIN })]);
    await writeLines(sessionPath(root, S1), [
      // Run 1: before telemetry was on.
      answer(S1, 1, now - 3 * HOUR),
      costStateLine(S1, { 'claude-sonnet-4-5': totalsOf(1, 0.04) }),
      // Run 2 (resumed): telemetry on, received.
      answer(S1, 2, now - 31 * MIN),
      answer(S1, 3, now - 30 * MIN),
      costStateLine(S1, { 'claude-sonnet-4-5': totalsOf(3, 0.04 + 0.25) }),
    ]);
    const result = await importNow();
    expect(result).toMatchObject({ segmentsCovered: 1, sessionsAdded: 1 });
    const s = selectSummary(await read(), 'all', Date.now());
    expect(s.totals.costUsd).toBe(0.54);
    expect(s.sessions[0]).toMatchObject({ id: S1, source: 'otlp', costUsd: 0.54, estimatedUsd: 0 });
    // The session still gets its folder for projects.
    expect(s.sessions[0]!.projectDir).toBe('/home/dev/project');
  });

  it('adds nothing for a session telemetry saw whole, imported any number of times', async () => {
    await receive([costSample(0.25, { sessionId: S2, timeMs: now - 10 * MIN })]);
    const path = sessionPath(root, S2);
    await writeLines(path, [answer(S2, 1, now - 10 * MIN)]);
    expect(await importNow()).toMatchObject({ segmentsCovered: 1, sessionsAdded: 0 });
    await writeLines(path, [answer(S2, 2, now - 5 * MIN), costStateLine(S2, { 'claude-sonnet-4-5': totalsOf(2, 0.25) })], { append: true });
    await utimes(path, new Date(), new Date(Date.now() + 5_000));
    expect(await importNow()).toMatchObject({ sessionsAdded: 0 });
    expect(selectSummary(await read(), 'all', Date.now()).totals.costUsd).toBe(0.25);
  });
});

describe('a run that telemetry saw only around its answer', () => {
  it('is the run from its prompt on: its prompt event, before the answer line, covers it', async () => {
    const prompt = now - 20 * MIN;
    const store = await Store.open({ adapter: new JsonFileAdapter(storePath) });
    // As Claude Code sends them: the prompt event, then the request's cost just after its answer was written.
    store.ingestLogs({ events: [event({ type: 'user_prompt', promptLength: 5 }, { sessionId: S1, timeMs: prompt + 50 })], rejected: [], foreign: 0, originals: new Map() });
    store.ingestMetrics({ samples: [costSample(0.3, { sessionId: S1, startNs: `${prompt + 310}000000`, timeMs: prompt + 1_000 })], unknown: [], rejected: [], foreign: 0, originals: new Map() });
    await store.close();
    await writeLines(sessionPath(root, S1), [
      answer(S1, 1, now - 3 * HOUR),
      costStateLine(S1, { 'claude-sonnet-4-5': totalsOf(1, 0.04) }),
      JSON.stringify({ type: 'queue-operation', operation: 'enqueue', timestamp: new Date(prompt).toISOString(), sessionId: S1, content: 'the prompt' }),
      answer(S1, 2, prompt + 300),
      costStateLine(S1, { 'claude-sonnet-4-5': totalsOf(2, 0.34) }),
    ]);
    expect(await importNow()).toMatchObject({ segmentsCovered: 1, sessionsAdded: 1 });
    expect(selectSummary(await read(), 'all', Date.now()).totals.costUsd).toBe(0.34);
  });
});

describe('the import first, then telemetry', () => {
  it('takes back the imported run that telemetry turns out to have seen, in every tier', async () => {
    await writeLines(sessionPath(root, S1), [answer(S1, 1, now - 10 * MIN), answer(S1, 2, now - 9 * MIN)]);
    await importNow();
    expect(selectSummary(await read(), 'all', Date.now()).totals).toMatchObject({ costUsd: 0.03375, estimatedUsd: 0.03375 });
    await receive([costSample(0.1, { sessionId: S1, timeMs: now - 8 * MIN })]);
    const st = await read();
    const s = selectSummary(st, 'all', Date.now());
    expect(s.totals).toMatchObject({ costUsd: 0.1, estimatedUsd: 0 });
    expect(s.sessions[0]).toMatchObject({ source: 'otlp', costUsd: 0.1 });
    for (const tier of ['minutes', 'hours', 'days'] as const) expect(cellCost(st, tier, S1)).toBe(100_000_000);
    // 'today' holds it unless the test runs in the first minutes after midnight (it was then yesterday).
    const midnight = new Date(Date.now()).setHours(0, 0, 0, 0);
    expect(selectSummary(st, 'today', Date.now()).totals.costUsd).toBe(now - 8 * MIN >= midnight ? 0.1 : 0);
    // And a later import of the grown transcript leaves it to telemetry.
    await writeLines(sessionPath(root, S1), [answer(S1, 3, now - 7 * MIN)], { append: true });
    expect(await importNow()).toMatchObject({ segmentsCovered: 1, sessionsAdded: 0 });
    expect(selectSummary(await read(), 'all', Date.now()).totals.costUsd).toBe(0.1);
  });

  it('keeps an imported earlier run when telemetry arrives for a later one', async () => {
    await writeLines(sessionPath(root, S2), [answer(S2, 1, now - 3 * HOUR), costStateLine(S2, { 'claude-sonnet-4-5': totalsOf(1, 0.02) })]);
    await importNow();
    await receive([costSample(0.1, { sessionId: S2, timeMs: now - 5 * MIN })]);
    expect(selectSummary(await read(), 'all', Date.now()).sessions[0]).toMatchObject({ id: S2, costUsd: 0.12 });
  });
});

describe('TelemetryCoverage', () => {
  it('sees the days of a session past the sessions cap, and hours of telemetry that had no session id', () => {
    const state = emptyState(now);
    const t = now - 2 * HOUR;
    addToRollups(state, t, { session: 'evicted-one', model: 'm' }, { costNanos: 5 }, now, () => undefined);
    addToRollups(state, t, { session: '', model: 'm' }, { costNanos: 5 }, now, () => undefined);
    const coverage = new TelemetryCoverage(state, now);
    expect(coverage.covers('evicted-one', t - 60_000, t + 60_000)).toBe(true);
    expect(coverage.covers('other', t - 60_000, t + 60_000)).toBe(true);
    expect(coverage.covers('other', now - 30 * HOUR, now - 29 * HOUR)).toBe(false);
  });
});
