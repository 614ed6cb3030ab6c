// What `cc-top import` shows: a progress bar on a terminal (none on a pipe, none with --json), then
// one line: sessions, days, cost, and how much of it is exact versus estimated.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { progressWriter, runImportCommand } from '../../../src/commands/import.js';
import type { CommandIO } from '../../../src/commands/io.js';
import { assistantLine, costStateLine, sessionPath, totalsOf, writeLines } from '../../builders/transcripts.js';

const HOUR = 3_600_000;
const S1 = '11111111-1111-4111-8111-111111111111';
const S2 = '22222222-2222-4222-8222-222222222222';

/** Two sessions of one day: one finished (Claude Code's own cost), one killed before its cost-state (estimated). */
async function transcripts(now: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cc-top-import-output-'));
  const root = join(dir, 'claude', 'projects');
  // Yesterday at 10:00 and 11:00 local time: one day, whatever the time the test runs.
  const at = new Date(now - 24 * HOUR).setHours(10, 0, 0, 0);
  await writeLines(sessionPath(root, S1), [
    assistantLine(S1, { time: at, messageId: 'm1', requestId: 'r1' }),
    assistantLine(S1, { time: at + 60_000, messageId: 'm2', requestId: 'r2' }),
    costStateLine(S1, { 'claude-sonnet-4-5': totalsOf(2, 0.02) }), // $0.02 a request
  ]);
  await writeLines(sessionPath(root, S2), [assistantLine(S2, { time: at + HOUR, messageId: 'm3', requestId: 'r3' })]);
  return dir;
}

async function importText(args: string[], progressOut: ((s: string) => void) | undefined) {
  const now = Date.now();
  const dir = await transcripts(now);
  const out: string[] = [];
  const err: string[] = [];
  // Each look at the clock is a second later: every progress report is drawn.
  let t = now;
  const io: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), stdoutStream: {}, env: { ...process.env, NO_COLOR: '1' }, clock: () => (t += 1000) };
  const code = await runImportCommand(['--from', join(dir, 'claude'), '--store', join(dir, 'store.json'), ...args], io, progressOut);
  expect(code, err.join('\n')).toBe(0);
  return { out: out.join('\n'), err: err.join('\n') };
}

describe('cc-top import output', () => {
  it('draws a progress bar on a terminal, and clears it before the result', async () => {
    const drawn: string[] = [];
    const r = await importText([], (s) => drawn.push(s));
    expect(drawn.some((s) => /Reading transcripts .*100% /.test(s))).toBe(true);
    expect(drawn.at(-1)).toBe('\r\x1b[2K');
    expect(r.out).not.toContain('\r');
  });

  it('draws no bar on a pipe or a file, nor with --json', async () => {
    const written: string[] = [];
    expect(progressWriter({ isTTY: false, write: (s) => written.push(s) })).toBeUndefined();
    expect(progressWriter({ write: (s) => written.push(s) })).toBeUndefined();
    progressWriter({ isTTY: true, write: (s) => written.push(s) })?.('bar');
    expect(written).toEqual(['bar']);
    const drawn: string[] = [];
    const r = await importText(['--json'], (s) => drawn.push(s));
    expect(drawn).toEqual([]);
    expect(JSON.parse(r.out)).toMatchObject({ sessionsAdded: 2, estimatedUsd: expect.any(Number) as number });
  });

  it('ends with one line: sessions, days, cost, exact and estimated parts', async () => {
    const r = await importText([], undefined);
    const lines = r.out.split('\n');
    expect(lines).toHaveLength(1);
    // Claude Code's own $0.04 for the finished one; one answer of USAGE at Sonnet's list price ($0.016875) for the other.
    expect(lines[0]).toMatch(/^cc-top import: 2 sessions over 1 day \(\d{4}-\d\d-\d\d\): ~\$0\.0569; \$0\.0400 exact \(Claude Code's own\), ~\$0\.0169 estimated; 2 sessions read in [\d.]+ s\.$/);
  });
});
