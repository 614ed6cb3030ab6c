// The command line around imports: `cc-top import` dispatches and explains itself, `--by session`
// is a report, and the empty live view tells a new user history can be imported.
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import { parseCli, UsageError, USAGE } from '../../../src/commands/args.js';
import type { CommandIO } from '../../../src/commands/io.js';
import { emptyStateLines } from '../../../src/ui/components/EmptyState.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), stdoutStream: {}, env: { ...process.env }, clock: Date.now };
  return { io: value, out, err };
}

describe('cc-top import on the command line', () => {
  it('shows its help, and refuses what it does not take with the usage', async () => {
    const help = io();
    expect(await main(['import', '--help'], help.io)).toBe(0);
    expect(help.out.join('\n')).toMatch(/^Usage: cc-top import \[--from DIR\]\.\.\./);
    const bad = io();
    expect(await main(['import', '--since', 'x'], bad.io)).toBe(2);
    expect(bad.err.join('\n')).toContain("Unknown option '--since'");
    const stray = io();
    expect(await main(['import', 'somewhere'], stray.io)).toBe(2);
    expect(stray.err.join('\n')).toContain('folders go with --from DIR');
    expect(USAGE).toContain('cc-top import ');
  });

  it('reads --by session as a report of --once', () => {
    expect(parseCli(['--once', '--by', 'session'], {}).by).toBe('session');
    expect(() => parseCli(['--once', '--by', 'year'], {})).toThrow(UsageError);
    expect(() => parseCli(['--once', '--by', 'year'], {})).toThrow('--by takes day, week, month, session, not "year"');
  });

  it('is mentioned on the empty live view', () => {
    const text = (lines: ReturnType<typeof emptyStateLines>) => lines.map((l) => l.map((s) => (typeof s === 'string' ? s : s.text)).join('')).join('\n');
    expect(text(emptyStateLines(undefined))).toContain('cc-top import adds its history from ~/.claude/projects');
  });
});
