import { chmod, lstat, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandIO } from '../../../src/commands/io.js';
import { runOnce } from '../../../src/commands/once.js';
import { runStatusline } from '../../../src/commands/statusline.js';
import { readSideFile, sideFilePath } from '../../../src/store/sideFile.js';
import { SEEN_REFRESH_MS } from '../../../src/statusline/sideFile.js';
import { applyEvent, applyMetricSample } from '../../../src/store/aggregate.js';
import { JsonFileAdapter } from '../../../src/store/persistence.js';
import { emptyState, type StoreState } from '../../../src/store/state.js';
import { apiRequest, costSample, metricSample, SESSION_A, SESSION_B, T0 } from '../../builders/samples.js';
import { computeStatusSummary } from '../../../src/report/statusSummary.js';
import { statusSummaryPath } from '../../../src/report/statusSummaryFile.js';

const NOW = T0;
const NOW_S = NOW / 1_000;
const ESC = '\u001b[';

let dir: string;
let storePath: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cc-top-statusline-'));
  storePath = join(dir, 'store.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function stdin(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    session_id: SESSION_A,
    model: { id: 'claude-opus-4-5', display_name: 'Opus 4.5' },
    workspace: { current_dir: '/work/app/src', project_dir: '/work/app' },
    cost: { total_cost_usd: 1.234, total_duration_ms: 1000 },
    rate_limits: {
      five_hour: { used_percentage: 42.4, resets_at: NOW_S + 2 * 3_600 + 13 * 60 + 30 },
      seven_day: { used_percentage: 12, resets_at: NOW_S + 3 * 86_400 + 4 * 3_600 + 59 },
    },
    ...overrides,
  });
}

async function statusline(input: string, options: { env?: NodeJS.ProcessEnv; argv?: string[]; clock?: number } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIO = {
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
    stdoutStream: { isTTY: false },
    env: { NO_COLOR: '1', ...options.env },
    clock: () => options.clock ?? NOW,
  };
  const code = await runStatusline(['--store', storePath, ...(options.argv ?? [])], io, input);
  return { code, out, err };
}

/** A store as the receiver writes it: session A spent $1.50 today with cache hits; B $0.25 today and $7 two days ago. */
async function writeStore(): Promise<StoreState> {
  const state = emptyState(NOW - 3 * 86_400_000);
  applyMetricSample(state, costSample(1.5), NOW);
  applyMetricSample(state, costSample(0.25, { sessionId: SESSION_B }), NOW);
  applyMetricSample(state, costSample(7, { sessionId: SESSION_B, timeMs: NOW - 2 * 86_400_000, timeNs: `${NOW - 2 * 86_400_000}000000` }), NOW);
  const tok = (counter: 'tokIn' | 'tokCacheRead' | 'tokCacheCreation', units: number) =>
    applyMetricSample(state, metricSample({ counter, units, model: 'claude-opus-4-5' }), NOW);
  tok('tokIn', 1_000);
  tok('tokCacheRead', 8_000);
  tok('tokCacheCreation', 1_000);
  await new JsonFileAdapter(storePath).write(state);
  // What the receiving cc-top keeps beside the store for the status line (see statusSummary.ts).
  await writeFile(statusSummaryPath(storePath), JSON.stringify(computeStatusSummary(state, NOW)));
  return state;
}

describe('cc-top statusline', () => {
  it('prints one line from a full stdin when there is no store: model, session cost, 5h and 7d with countdowns', async () => {
    const r = await statusline(stdin());
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    expect(r.out).toEqual(['Opus 4.5 · $1.23 session · 5h 42% ↻2h13m · 7d 12% ↻3d4h']);
  });

  it('leaves out plan usage when rate_limits is missing, and one window when only one is given', async () => {
    const without = await statusline(stdin({ rate_limits: undefined, cost: { total_cost_usd: 0.05 } }));
    expect(without.out).toEqual(['Opus 4.5 · $0.0500 session']);
    const fiveOnly = await statusline(stdin({ rate_limits: { five_hour: { used_percentage: 3 } } }));
    expect(fiveOnly.out).toEqual(['Opus 4.5 · $1.23 session · 5h 3%']);
  });

  it.each([
    ['empty', ''],
    ['not JSON', '{"session_id": '],
    ['null', 'null'],
    ['an array', '[1,2]'],
    ['wrong types', JSON.stringify({ model: 42, cost: 'lots', rate_limits: { five_hour: { used_percentage: 'x' } }, workspace: null })],
  ])('still prints one sensible line, exit 0, for %s stdin', async (_name, text) => {
    const r = await statusline(text);
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    expect(r.out).toEqual(['cc-top: no status data yet']);
  });

  it('takes the session cost, today and cache efficiency from the receiving cc-top\'s summary when it knows the session', async () => {
    await writeStore();
    const known = await statusline(stdin({ cost: { total_cost_usd: 9.99 } }));
    // Today is $1.75 (A + B); the $7 of two days ago is not today's.
    expect(known.out).toEqual(['Opus 4.5 · $1.50 session · $1.75 today · 5h 42% ↻2h13m · 7d 12% ↻3d4h · cache 80%']);
    // A session cc-top has not heard of shows Claude Code's own figure, and today includes it.
    const unknown = await statusline(stdin({ session_id: 'not-in-the-store', rate_limits: undefined }));
    expect(unknown.out).toEqual(['Opus 4.5 · $1.23 session · $2.98 today · cache 80%']);
  });

  it('marks with ~ a session and a today whose cost is provisional (events ahead of their metrics), as every surface does', async () => {
    const state = await writeStore();
    // Session B's next request: its api_request event is in, its metric export is not.
    applyEvent(state, apiRequest('claude-opus-4-5', 0.5, { input: 10 }, { sessionId: SESSION_B, timeMs: NOW - 1_000 }), NOW);
    await writeFile(statusSummaryPath(storePath), JSON.stringify(computeStatusSummary(state, NOW)));
    const b = await statusline(stdin({ session_id: SESSION_B, rate_limits: undefined }));
    // (B's session figure is its lifetime's: the $7 of two days ago too.)
    expect(b.out).toEqual(['Opus 4.5 · ~$7.75 session · ~$2.25 today · cache 80%']);
    // Session A's own figure is exact; today still holds B's provisional spend.
    const a = await statusline(stdin({ rate_limits: undefined }));
    expect(a.out).toEqual(['Opus 4.5 · $1.50 session · ~$2.25 today · cache 80%']);
  });

  it('a summary from another day says nothing about today', async () => {
    await writeStore();
    const yesterday = await statusline(stdin({ rate_limits: undefined }), { clock: NOW + 86_400_000 });
    expect(yesterday.out).toEqual(['Opus 4.5 · $1.23 session']);
  });

  it('ignores a corrupt summary and shows stdin alone', async () => {
    await writeFile(statusSummaryPath(storePath), '{"oops"');
    const r = await statusline(stdin({ rate_limits: undefined }));
    expect(r.code).toBe(0);
    expect(r.out).toEqual(['Opus 4.5 · $1.23 session']);
  });

  it('colours plan usage by threshold, through a pipe too; none under NO_COLOR or --no-color', async () => {
    const limits = (five: number, seven: number) => ({
      rate_limits: { five_hour: { used_percentage: five, resets_at: NOW_S + 60 }, seven_day: { used_percentage: seven, resets_at: NOW_S - 1 } },
    });
    const coloured = await statusline(stdin(limits(85, 96)), { env: { NO_COLOR: undefined } });
    const line = coloured.out[0]!;
    expect(line).toContain(`${ESC}33m5h 85%`);
    expect(line).toContain(`${ESC}31m7d 96%`);
    const calm = await statusline(stdin(limits(79, 10)), { env: { NO_COLOR: undefined } });
    expect(calm.out[0]).toContain('5h 79%');
    expect(calm.out[0]).not.toContain(`${ESC}33m5h`);
    expect(calm.out[0]).not.toContain(`${ESC}31m5h`);
    const noColor = await statusline(stdin(limits(85, 96)));
    expect(noColor.out).toEqual(['Opus 4.5 · $1.23 session · 5h 85% ↻1m · 7d 96% ↻now']);
    const flag = await statusline(stdin(limits(85, 96)), { env: { NO_COLOR: undefined }, argv: ['--no-color'] });
    expect(flag.out[0]).not.toContain(ESC);
  });

  it('keeps a model name on one line, its control characters shown, never sent to the terminal', async () => {
    const r = await statusline(stdin({ model: { display_name: 'Evil\nModel\u001b[2J' }, rate_limits: undefined }));
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toBe('Evil\\x0aModel\\x1b[2J · $1.23 session');
  });

  it('saves the latest rate limits and the session project next to the store, privately, rewriting only on change', async () => {
    const path = sideFilePath(storePath);
    expect(path).toBe(join(dir, 'statusline.json'));
    await statusline(stdin());
    const side = await readSideFile(path);
    expect(side.rateLimits).toEqual({
      seenAt: NOW,
      fiveHour: { usedPercentage: 42.4, resetsAt: NOW_S + 2 * 3_600 + 13 * 60 + 30 },
      sevenDay: { usedPercentage: 12, resetsAt: NOW_S + 3 * 86_400 + 4 * 3_600 + 59 },
    });
    expect(side.sessions).toEqual({ [SESSION_A]: { projectDir: '/work/app', seenAt: NOW } });
    expect((await stat(path)).mode & 0o777).toBe(0o600);

    // The same figures a moment later: no write (the atomic rename would give a new inode).
    const { ino } = await stat(path);
    await statusline(stdin(), { clock: NOW + 1_000 });
    expect((await stat(path)).ino).toBe(ino);
    // New usage: rewritten.
    await statusline(stdin({ rate_limits: { five_hour: { used_percentage: 50, resets_at: NOW_S + 600 } } }), { clock: NOW + 2_000 });
    expect((await readSideFile(path)).rateLimits).toEqual({ seenAt: NOW + 2_000, fiveHour: { usedPercentage: 50, resetsAt: NOW_S + 600 }, sevenDay: null });
    // Unchanged but stale: seenAt refreshed.
    await statusline(stdin({ rate_limits: { five_hour: { used_percentage: 50, resets_at: NOW_S + 600 } } }), { clock: NOW + 2_000 + SEEN_REFRESH_MS });
    expect((await readSideFile(path)).rateLimits?.seenAt).toBe(NOW + 2_000 + SEEN_REFRESH_MS);
    // No rate limits this time: the last ones seen stay.
    await statusline(stdin({ rate_limits: undefined, session_id: SESSION_B, workspace: { current_dir: '/work/other' } }), { clock: NOW + 3_000 + SEEN_REFRESH_MS });
    const last = await readSideFile(path);
    expect(last.rateLimits?.fiveHour?.usedPercentage).toBe(50);
    expect(last.sessions[SESSION_B]).toEqual({ projectDir: '/work/other', seenAt: NOW + 3_000 + SEEN_REFRESH_MS });
  });

  it('still prints its line when the side file cannot be written', async () => {
    // A directory in its place: no rename can replace it, even for root.
    await mkdir(sideFilePath(storePath));
    const r = await statusline(stdin({ rate_limits: undefined }));
    expect(r.code).toBe(0);
    expect(r.out).toEqual(['Opus 4.5 · $1.23 session']);
    expect(r.err).toEqual([]);
    expect((await stat(sideFilePath(storePath))).isDirectory()).toBe(true);
  });

  it('rejects an unknown flag with exit 2 and its usage', async () => {
    const r = await statusline(stdin(), { argv: ['--bogus'] });
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/unknown option --bogus[\s\S]*cc-top statusline --help/);
    expect(r.out).toEqual([]);
    expect(await readFile(sideFilePath(storePath), 'utf8').catch(() => null)).toBeNull();
  });

  it('drops a reset time far out of range from stdin: the line, the side file and --once stay whole', async () => {
    // 9e15 ms is the year 287,000; read as seconds it is past what Date can print at all.
    const r = await statusline(stdin({ rate_limits: { five_hour: { used_percentage: 42, resets_at: 9e15 }, seven_day: { used_percentage: 12, resets_at: 9e12 } } }));
    expect(r.out).toEqual(['Opus 4.5 · $1.23 session · 5h 42% · 7d 12%']);
    expect((await readSideFile(sideFilePath(storePath))).rateLimits).toEqual({
      seenAt: NOW,
      fiveHour: { usedPercentage: 42, resetsAt: null },
      sevenDay: { usedPercentage: 12, resetsAt: null },
    });
    const once = await onceOutput(true);
    expect(once.code).toBe(0);
    expect(JSON.parse(once.out).planUsage.fiveHour).toEqual({ usedPercentage: 42, resetsAt: null, resetsInSec: null });
  });

  it('--once reads a side file holding a reset time of 9e15 without crashing, in text and JSON', async () => {
    await writeStore();
    await writeFile(
      sideFilePath(storePath),
      JSON.stringify({ version: 1, rateLimits: { seenAt: NOW, fiveHour: { usedPercentage: 42, resetsAt: 9e15 }, sevenDay: { usedPercentage: 12, resetsAt: NOW_S + 60 } }, sessions: {} }),
    );
    const text = await onceOutput(false);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/Plan\s+5h 42% · 7d 12% ↻1m/);
    const json = await onceOutput(true);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out).planUsage.fiveHour.resetsAt).toBeNull();
  });

  it('never writes through a planted symlink: the file it points at is left as it was', async () => {
    const bashrc = join(dir, 'bashrc');
    await writeFile(bashrc, 'alias ll="ls -l"\n', { mode: 0o644 });
    await symlink(bashrc, sideFilePath(storePath));
    const r = await statusline(stdin());
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    expect(r.out).toEqual(['Opus 4.5 · $1.23 session · 5h 42% ↻2h13m · 7d 12% ↻3d4h']);
    expect(await readFile(bashrc, 'utf8')).toBe('alias ll="ls -l"\n');
    expect((await stat(bashrc)).mode & 0o777).toBe(0o644);
    expect((await lstat(sideFilePath(storePath))).isSymbolicLink()).toBe(true);
  });

  it.each([
    ['0777', 0o777],
    ['1777', 0o1777],
    ['0775', 0o775],
    ['0757', 0o757],
  ])('leaves the side file alone in a store folder others can write (mode %s), still printing its line', async (_shown, mode) => {
    await chmod(dir, mode);
    const r = await statusline(stdin());
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    expect(r.out).toEqual(['Opus 4.5 · $1.23 session · 5h 42% ↻2h13m · 7d 12% ↻3d4h']);
    expect(await readFile(sideFilePath(storePath), 'utf8').catch(() => null)).toBeNull();
    // The same folder made private again: written.
    await chmod(dir, 0o700);
    await statusline(stdin());
    expect((await readSideFile(sideFilePath(storePath))).sessions[SESSION_A]).toEqual({ projectDir: '/work/app', seenAt: NOW });
  });
});

async function onceOutput(json: boolean): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const io: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => out.push(l), stdoutStream: { isTTY: false }, env: {}, clock: () => NOW };
  const code = await runOnce({ storePath, window: 'all', json, noColor: true }, io);
  // Without a store --once says so on stderr first; the report is the last thing written.
  return { code, out: out.at(-1) ?? '' };
}
