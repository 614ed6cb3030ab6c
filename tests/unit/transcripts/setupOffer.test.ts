// `cc-top setup` offers Claude Code's history: asked on a terminal (and imported on yes), named
// with the command to run otherwise, and not mentioned when there is none to import.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CommandIO } from '../../../src/commands/io.js';
import { runSetup } from '../../../src/commands/setup.js';
import { assistantLine, costStateLine, sessionPath, totalsOf, writeLines } from '../../builders/transcripts.js';

const S1 = '11111111-1111-4111-8111-111111111111';
let home: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'cc-top-offer-'));
});

async function setup(argv: string[], isTTY: boolean, ask?: (q: string) => Promise<boolean>) {
  const out: string[] = [];
  const io: CommandIO = { stdout: (l) => out.push(l), stderr: () => undefined, stdoutStream: { isTTY }, env: { HOME: home, NO_COLOR: '1', CC_TOP_STORE: join(home, 'store.json') }, clock: Date.now };
  const code = await runSetup(argv, io, ask);
  return { code, text: out.join('\n') };
}

const withHistory = () =>
  writeLines(sessionPath(join(home, '.claude', 'projects'), S1), [assistantLine(S1, { time: Date.now() - 86_400_000, messageId: 'm', requestId: 'r' }), costStateLine(S1, { 'claude-sonnet-4-5': totalsOf(1, 0.02) })]);

describe('cc-top setup and the history in transcripts', () => {
  it('says nothing of it when there is none', async () => {
    const r = await setup(['--yes'], false);
    expect(r.code).toBe(0);
    expect(r.text).not.toContain('import');
  });

  it('names the command to run when it cannot ask', async () => {
    await withHistory();
    const r = await setup(['--yes'], false);
    expect(r.text).toContain(`Claude Code has 1 session of history in ${home}/.claude/projects that cc-top has not imported: run cc-top import to add it.`);
  });

  it('asks on a terminal, and imports on yes; then it is up to date', async () => {
    await withHistory();
    const questions: string[] = [];
    const r = await setup([], true, async (q) => (questions.push(q), true));
    expect(questions.at(-1)).toMatch(/1 session of history .* Import it now\? \[y\/N\]$/);
    expect(r.text).toMatch(/cc-top import: 1 session over 1 day .*\$0\.0200/);
    const again = await setup([], true, async () => true);
    expect(again.text).not.toContain('import');
  });
});
