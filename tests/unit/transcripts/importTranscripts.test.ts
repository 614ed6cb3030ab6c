// `cc-top import` on transcripts written by the test, through the real command (store lock,
// verified writes, marks) and read back the way `--once --json` reads the store: exact where
// Claude Code wrote its cost, estimated and marked where it did not, every duplicate, sidechain,
// subagent file, unknown line, cut line, grown file, empty and huge file counted once.
import { mkdtemp, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runImportCommand } from '../../../src/commands/import.js';
import type { CommandIO } from '../../../src/commands/io.js';
import { JsonFileAdapter } from '../../../src/store/persistence.js';
import type { StoreState } from '../../../src/store/state.js';
import { selectSummary, type Summary } from '../../../src/report/summary.js';
import { formatOnceText } from '../../../src/report/onceText.js';
import { createPaint } from '../../../src/report/paint.js';
import { LINE_FILTER } from '../../../src/transcripts/lineParse.js';
import { scanLines } from '../../../src/transcripts/lineScan.js';
import { assistantLine, attachmentLine, costStateLine, sessionPath, subagentPath, totalsOf, userLine, USAGE, USAGE_SONNET_NANOS, writeLines } from '../../builders/transcripts.js';

const HOUR = 3_600_000;
const S1 = '11111111-1111-4111-8111-111111111111';
const S2 = '22222222-2222-4222-8222-222222222222';

let dir: string;
let root: string;
let storePath: string;
let now: number;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cc-top-import-'));
  root = join(dir, 'claude', 'projects');
  storePath = join(dir, 'data', 'store.json');
  now = Date.now();
});

interface ImportJson {
  sessionsFound: number;
  sessionsRead: number;
  sessionsAdded: number;
  segmentsCovered: number;
  costUsd: number;
  estimatedUsd: number;
  bytesRead: number;
  unreadableLines: number;
  oversizedLines: number;
  days: number[];
}

async function importNow(args: string[] = []): Promise<ImportJson> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), stdoutStream: {}, env: { ...process.env }, clock: Date.now };
  const code = await runImportCommand(['--from', join(dir, 'claude'), '--store', storePath, '--json', ...args], io, undefined);
  expect(code, err.join('\n')).toBe(0);
  return JSON.parse(out.join('')) as ImportJson;
}

async function state(): Promise<StoreState> {
  return (await new JsonFileAdapter(storePath).read())!;
}

async function summary(options: Parameters<typeof selectSummary>[3] = {}): Promise<Summary> {
  return selectSummary(await state(), 'all', Date.now(), options);
}

const answer = (n: number, time: number, extra: Partial<Parameters<typeof assistantLine>[1]> = {}) => assistantLine(S1, { time, messageId: `msg_${n}`, requestId: `req_${n}`, ...extra });

describe('a finished session', () => {
  it("is Claude Code's own cost and tokens, exact, spread over its requests' hours", async () => {
    // Claude Code's own figures differ from list price (a discount, a price change): they win.
    const sonnet = { ...totalsOf(2, 0), costUSD: 0.05 };
    const haiku = { inputTokens: 300, outputTokens: 20, cacheReadInputTokens: 0, cacheCreationInputTokens: 0, costUSD: 0.0004 };
    await writeLines(sessionPath(root, S1), [
      userLine(S1, now - 3 * HOUR - 1000, 'a prompt that must never reach the store'),
      answer(1, now - 3 * HOUR, { cwd: '/home/dev/shop', gitBranch: 'checkout' }),
      answer(2, now - 2 * HOUR, { cwd: '/home/dev/shop', gitBranch: 'checkout' }),
      costStateLine(S1, { 'claude-sonnet-4-5': sonnet, 'claude-haiku-4-5': haiku }, { added: 12, removed: 3 }),
    ]);
    const result = await importNow();
    expect(result).toMatchObject({ sessionsFound: 1, sessionsAdded: 1, costUsd: 0.0504, estimatedUsd: 0 });
    const s = await summary({ groupBy: 'project' });
    expect(s.totals).toMatchObject({ costUsd: 0.0504, estimatedUsd: 0, linesAdded: 12, linesRemoved: 3, apiRequests: 2 });
    expect(s.totals.tokens).toEqual({ input: 2700, output: 180, cacheRead: 18000, cacheCreation: 5000, total: 25880 });
    expect(s.byModel.map((m) => [m.model, m.costUsd])).toEqual([
      ['claude-sonnet-4-5', 0.05],
      ['claude-haiku-4-5', 0.0004],
    ]);
    expect(s.sessions[0]).toMatchObject({ id: S1, source: 'transcript', project: 'shop', projectDir: '/home/dev/shop', labels: { 'git.branch': 'checkout' } });
    expect(s.groups?.rows.map((r) => [r.key, r.costUsd])).toEqual([['shop', 0.0504]]);
    // Spread by each request's own usage: equal requests, equal halves, in their own hours.
    const hours = (await state()).hours.map((b) => [b.start, [...b.cells.values()].reduce((n, c) => n + (c.counters.costNanos ?? 0), 0)]);
    expect(hours).toEqual([
      [Math.floor((now - 3 * HOUR) / HOUR) * HOUR, 25_200_000],
      [Math.floor((now - 2 * HOUR) / HOUR) * HOUR, 25_200_000],
    ]);
    // Neither the prompt nor the reply (the answers' content) is in the store.
    const stored = await readFile(storePath, 'utf8');
    expect(stored).not.toContain('must never reach the store');
    expect(stored).not.toContain('brackets');
  });

  it('is counted once when imported again, even when every file was touched', async () => {
    await writeLines(sessionPath(root, S1), [answer(1, now - HOUR), answer(2, now - HOUR + 60_000), costStateLine(S1, { 'claude-sonnet-4-5': totalsOf(2, 0.016875) })]);
    await writeLines(sessionPath(root, S2), [assistantLine(S2, { time: now - 30 * 60_000, messageId: 'msg_x', requestId: 'req_x' })]);
    await importNow();
    const first = await state();
    const again = await importNow();
    expect(again).toMatchObject({ sessionsRead: 0, bytesRead: 0 });
    for (const f of [sessionPath(root, S1), sessionPath(root, S2)]) await utimes(f, new Date(), new Date(Date.now() + 5_000));
    const touched = await importNow();
    expect(touched).toMatchObject({ sessionsRead: 2, costUsd: 0, estimatedUsd: 0 });
    const second = await state();
    expect(second.totals).toEqual(first.totals);
    expect(second.hours).toEqual(first.hours);
    expect([...second.sessions.values()].map((s) => [s.id, s.counters])).toEqual([...first.sessions.values()].map((s) => [s.id, s.counters]));
  });
});

describe('an unfinished session (no cost-state)', () => {
  it('has exact tokens and a cost priced by cc-top, marked estimated everywhere', async () => {
    await writeLines(sessionPath(root, S1), [answer(1, now - 20 * 60_000), answer(2, now - 10 * 60_000)]);
    const result = await importNow();
    expect(result).toMatchObject({ costUsd: 0.03375, estimatedUsd: 0.03375 });
    const s = await summary();
    expect(s.totals).toMatchObject({ costUsd: 0.03375, estimatedUsd: 0.03375 });
    expect(s.sessions[0]).toMatchObject({ source: 'transcript-estimated', estimatedUsd: 0.03375, liveCostUsd: 0.03375 });
    expect(s.byModel[0]).toMatchObject({ model: 'claude-sonnet-4-5', estimatedUsd: 0.03375 });
    const text = formatOnceText(s, createPaint(false), Date.now());
    expect(text).toMatch(/Cost\s+~\$0\.0338 \(incl\. ~\$0\.0338 estimated from transcripts\)/);
    expect(text).toMatch(/claude-sonnet-4-5\s+~\$0\.0338/);
  });

  it('becomes exact when the session ends: the estimate is taken back, Claude Code\'s total put in', async () => {
    const path = sessionPath(root, S1);
    await writeLines(path, [answer(1, now - 20 * 60_000), answer(2, now - 10 * 60_000)]);
    await importNow();
    const before = (await stat(path)).size;
    await writeLines(path, [answer(3, now - 5 * 60_000), costStateLine(S1, { 'claude-sonnet-4-5': { ...totalsOf(3, 0), costUSD: 0.04 } }, { added: 4, removed: 0 })], { append: true });
    const grown = await importNow();
    // Read from where the settled part ends, not from the start.
    expect(grown.bytesRead).toBe((await stat(path)).size);
    expect(grown).toMatchObject({ costUsd: 0.00625, estimatedUsd: -0.03375 });
    const s = await summary();
    expect(s.totals).toMatchObject({ costUsd: 0.04, estimatedUsd: 0, linesAdded: 4, apiRequests: 3 });
    expect(s.totals.tokens.total).toBe(3 * (1200 + 80 + 9000 + 2500));
    expect(s.sessions[0]!.source).toBe('transcript');
    // Grown again (a resumed session): only the new part is read, from after the cost-state.
    await writeLines(path, [answer(4, now - 60_000)], { append: true });
    const resumed = await importNow();
    expect(resumed.bytesRead).toBeLessThan((await stat(path)).size - before);
    expect((await summary()).totals).toMatchObject({ costUsd: 0.04 + 0.016875, estimatedUsd: 0.016875 });
  });

  it('flags a model with no known price instead of counting it as $0', async () => {
    await writeLines(sessionPath(root, S1), [answer(1, now - 10 * 60_000, { model: 'claude-fancy-9' })]);
    await importNow();
    const s = await summary();
    expect(s.totals).toMatchObject({ costUsd: 0, unpricedRequests: 1 });
    expect(s.byModel[0]).toMatchObject({ model: 'claude-fancy-9', unpricedRequests: 1 });
    expect(s.sessions[0]!.source).toBe('transcript-estimated');
    const text = formatOnceText(s, createPaint(false), Date.now());
    expect(text).toContain('$0.00+?');
    expect(text).toContain('no known price for claude-fancy-9');
  });
});

describe('lines as Claude Code writes them', () => {
  it('counts an answer written several times (streaming, sidechain replays) once, with its largest usage', async () => {
    const t = now - 10 * 60_000;
    await writeLines(sessionPath(root, S1), [
      answer(1, t, { usage: { ...USAGE, output: 1 } }),
      answer(1, t + 10, { usage: { ...USAGE, output: 40 } }),
      answer(1, t + 20),
      answer(1, t + 30, { sidechain: true, usage: { ...USAGE, output: 2 } }),
      answer(2, t + 60_000),
    ]);
    await importNow();
    const s = await summary();
    expect(s.totals.tokens).toEqual({ input: 2400, output: 160, cacheRead: 18000, cacheCreation: 5000, total: 25560 });
    expect(s.totals.apiRequests).toBe(2);
    expect(s.totals.costUsd).toBe(usd(2 * USAGE_SONNET_NANOS));
  });

  it("adds the subagents' files to their session, as subagent requests", async () => {
    const t = now - 10 * 60_000;
    await writeLines(sessionPath(root, S1), [answer(1, t)]);
    await writeLines(subagentPath(root, S1, 'a1'), [answer(2, t + 1000, { sidechain: true }), answer(3, t + 2000, { sidechain: true })]);
    // The same subagent answer replayed in the main file is one answer.
    await writeLines(sessionPath(root, S1), [answer(3, t + 2000, { sidechain: true })], { append: true });
    await importNow();
    const st = await state();
    expect(st.totals.bySource.get('subagent')?.apiRequests).toBe(2);
    expect(st.totals.bySource.get('main')?.apiRequests).toBe(1);
    expect(st.sessions.size).toBe(1);
  });

  it('skips unknown line types, unknown fields and lines that are not JSON, and says so', async () => {
    const t = now - 10 * 60_000;
    const withExtra = JSON.stringify({ ...JSON.parse(answer(2, t + 1000)), futureField: { nested: ['assistant'] } });
    await writeLines(sessionPath(root, S1), [
      JSON.stringify({ type: 'hologram', role: 'assistant', payload: 1 }),
      '{"type":"assistant", this is not json',
      answer(1, t),
      withExtra,
      JSON.stringify({ type: 'assistant', timestamp: 'yesterday', message: { usage: 'lots' } }),
    ]);
    const result = await importNow();
    expect(result.unreadableLines).toBe(1);
    expect((await summary()).totals.apiRequests).toBe(2);
  });

  it('reads a last line cut short only once it is whole, and counts it once', async () => {
    const path = sessionPath(root, S1);
    const last = answer(2, now - 5 * 60_000);
    await writeLines(path, [answer(1, now - 10 * 60_000), last.slice(0, 150)], { trailingNewline: false });
    await importNow();
    expect((await summary()).totals.apiRequests).toBe(1);
    await writeFile(path, `${last.slice(150)}\n`, { flag: 'a' });
    await importNow();
    expect((await summary()).totals.apiRequests).toBe(2);
  });

  it('takes an empty file, and a file of many MiB with lines across every read chunk', async () => {
    await writeLines(sessionPath(root, S2), []);
    await writeFile(sessionPath(root, S2), '');
    const lines: string[] = [];
    for (let i = 0; i < 60; i++) {
      lines.push(attachmentLine(S1, now - HOUR, 170_000 + i * 997));
      lines.push(answer(i, now - HOUR + i * 1000));
    }
    await writeLines(sessionPath(root, S1), lines);
    expect((await stat(sessionPath(root, S1))).size).toBeGreaterThan(10 * 1024 * 1024);
    const result = await importNow();
    expect(result).toMatchObject({ sessionsFound: 2, sessionsAdded: 1, unreadableLines: 0 });
    expect((await summary()).totals.apiRequests).toBe(60);
  });

  it('skips a line too long to hold, within a read or across reads, and reads on after it', async () => {
    const path = join(dir, 'long.jsonl');
    // An answer too long to hold (its content), and a tool result as long (not one cc-top reads).
    const long = assistantLine(S1, { time: now, messageId: 'msg_long', requestId: 'r', text: 'x'.repeat(300_000) });
    const result = JSON.stringify({ type: 'user', message: { role: 'user', content: 'y'.repeat(300_000) } });
    await writeFile(path, `${answer(1, now)}\n${long}\n${answer(2, now)}\n${result}\n${long}\n${answer(3, now)}\n`);
    for (const chunkBytes of [64 * 1024, 4 * 1024 * 1024]) {
      const seen: string[] = [];
      const read = await scanLines(path, 0, LINE_FILTER, (buf, s, e) => (seen.push(JSON.parse(buf.toString('utf8', s, e)).message.id), true), { maxLineBytes: 100_000, chunkBytes });
      expect(read.oversized).toBe(2);
      expect(seen).toEqual(['msg_1', 'msg_2', 'msg_3']);
      expect(read.readTo).toBe((await stat(path)).size);
    }
  });
});

describe('reports include imported history', () => {
  it('--by day has its days, --by session its sessions with their source', async () => {
    const { selectPeriods, selectSessionRows } = await import('../../../src/report/dailyTable.js');
    const { formatSessionRowsText } = await import('../../../src/report/dailyText.js');
    const { makeSlice } = await import('../../../src/report/figures.js');
    const { resolveWindow } = await import('../../../src/report/window.js');
    const day = 86_400_000;
    await writeLines(sessionPath(root, S1), [answer(1, now - 3 * day), costStateLine(S1, { 'claude-sonnet-4-5': totalsOf(1, 0.02) })]);
    await writeLines(sessionPath(root, S2), [assistantLine(S2, { time: now - day, messageId: 'm2', requestId: 'r2' })]);
    const result = await importNow();
    expect(result.days).toHaveLength(2);
    const st = await state();
    const rows = selectPeriods(makeSlice(st, resolveWindow('7d', Date.now())), '7d', Date.now(), 'day').filter((r) => r.costUsd > 0);
    expect(rows.map((r) => [r.costUsd, r.estimatedUsd])).toEqual([
      [0.02, 0],
      [0.016875, 0.016875],
    ]);
    const sessions = selectSessionRows(selectSummary(st, '7d', Date.now()).sessions);
    expect(sessions.map((r) => [r.id, r.source, r.costUsd])).toEqual([
      [S1, 'transcript', 0.02],
      [S2, 'transcript-estimated', 0.016875],
    ]);
    const text = formatSessionRowsText(sessions, createPaint(false));
    expect(text).toMatch(/22222222\s+project\s+12\.8K\s+~\$0\.0169/);
    expect(text).toMatch(/total\s+2\s+25\.6K\s+~\$0\.0369/);
  });
});

function usd(nanos: number): number {
  return Math.round(nanos) / 1e9;
}
