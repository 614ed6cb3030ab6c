// `cc-top setup` when things go wrong: a full disk (faked at the fs layer and on a real tmpfs),
// another setup running at the same time, a lock left behind by a setup that died.
import { fullDisk } from '../../builders/fullDisk.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandIO } from '../../../src/commands/io.js';
import { runSetup, telemetryEnv, type SetupDeps } from '../../../src/commands/setup.js';
import { DEFAULT_TELEMETRY_ENV_OPTIONS } from '../../../src/setup/telemetryEnv.js';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
/** writeFileVerified's temporary names: `.<name>.<pid>.<random>.tmp`. */
const SETTINGS_TEMP = /^\.settings\.json\.\d+\./;
const BACKUP_TEMP = /^\.settings\.json\.bak-/;
const RECORD_TEMP = /^\.cc-top-setup\.json\.\d+\./;
const DEFAULT_ENV = telemetryEnv(DEFAULT_TELEMETRY_ENV_OPTIONS);

let home: string;
let claudeDir: string;
let file: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'cc-top-setup-faults-'));
  claudeDir = join(home, '.claude');
  file = join(claudeDir, 'settings.json');
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function setup(argv: string[], options: { env?: NodeJS.ProcessEnv; isTTY?: boolean; clock?: number; ask?: (q: string) => Promise<boolean>; deps?: SetupDeps } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIO = {
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
    stdoutStream: { isTTY: options.isTTY ?? false },
    env: { HOME: home, NO_COLOR: '1', ...options.env },
    clock: () => options.clock ?? NOW,
  };
  const code = await runSetup(argv, io, options.ask, options.deps);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function writeSettings(value: unknown): Promise<string> {
  await mkdir(claudeDir, { recursive: true });
  const text = `${JSON.stringify(value, null, 2)}\n`;
  await writeFile(file, text);
  return text;
}

const fullDiskFor = (victim: RegExp, room: number, reportSuccess: boolean) => fullDisk({ victim, room, reportSuccess });

describe('setup on a full disk', () => {
  for (const reportSuccess of [false, true]) {
    it(`says the write failed, exits 1 and keeps the old settings.json (${reportSuccess ? 'a layer that claims success' : 'ENOSPC'})`, async () => {
      // Big enough that the new file cannot fit in the room left.
      const original = await writeSettings({ model: 'opus', permissions: { allow: Array.from({ length: 200 }, (_, i) => `Bash(task-${i})`) } });
      const r = await setup(['--yes'], { deps: { fs: fullDiskFor(SETTINGS_TEMP, 4096, reportSuccess) } });
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/cannot write .*settings\.json: (the disk is full|only \d+ of \d+ bytes reached the disk)/);
      expect(r.err).toContain(`${file} was not changed`);
      expect(r.out).not.toMatch(/Wrote/);
      expect(await readFile(file, 'utf8')).toBe(original);
      expect((await readdir(claudeDir)).filter((n) => n.endsWith('.tmp') || n.endsWith('.lock'))).toEqual([]);
      // Fixed disk, same command: it works, and undo still restores the file exactly.
      expect((await setup(['--yes'], { clock: NOW + 1_000 })).code).toBe(0);
      expect((await setup(['--undo', '--yes'], { clock: NOW + 2_000 })).code).toBe(0);
      expect(await readFile(file, 'utf8')).toBe(original);
    });
  }

  it('reports a failed backup or record write the same way, before settings.json is touched', async () => {
    const original = await writeSettings({ model: 'opus' });
    for (const victim of [BACKUP_TEMP, RECORD_TEMP]) {
      const r = await setup(['--yes'], { deps: { fs: fullDiskFor(victim, 0, false) } });
      expect(r.code, String(victim)).toBe(1);
      expect(r.err).toMatch(/the disk is full \(ENOSPC\)/);
      expect(r.out).not.toMatch(/Wrote/);
      expect(await readFile(file, 'utf8')).toBe(original);
    }
  });

  it('--undo on a full disk keeps the file and the record, so it can be run again', async () => {
    await writeSettings({ model: 'opus' });
    await setup(['--yes']);
    const setUp = await readFile(file, 'utf8');
    const r = await setup(['--undo', '--yes'], { clock: NOW + 1_000, deps: { fs: fullDiskFor(SETTINGS_TEMP, 16, false) } });
    expect(r.code).toBe(1);
    expect(await readFile(file, 'utf8')).toBe(setUp);
    expect(await readdir(claudeDir)).toContain('cc-top-setup.json');
    expect((await setup(['--undo', '--yes'], { clock: NOW + 2_000 })).code).toBe(0);
  });

  it('on a real, nearly full tmpfs: fails truthfully and keeps the old file', async (ctx) => {
    if (process.getuid?.() !== 0) {
      // Mounting needs root; the faked full disk above covers the same path everywhere.
      ctx.annotate('not root: the tmpfs variant needs mount; the faked short write covers it');
      return;
    }
    const mnt = join(home, 'small');
    await mkdir(mnt);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]);
    try {
      const settings = join(mnt, 'settings.json');
      const original = `${JSON.stringify({ model: 'opus', notes: 'n'.repeat(20_000) }, null, 2)}\n`;
      await writeFile(settings, original);
      // Room for the lock (1 page), the backup (5) and the record (1), but not the new settings.json (5).
      const { bavail, bsize } = await fsp.statfs(mnt);
      await writeFile(join(mnt, 'filler'), Buffer.alloc(bavail * bsize - 9 * 4096));
      const r = await setup(['--yes'], { env: { CLAUDE_CONFIG_DIR: mnt } });
      expect(r.code).toBe(1);
      expect(r.err).toContain(`cannot write ${settings}: the disk is full (ENOSPC); the previous file is kept. ${settings} was not changed`);
      expect(r.out).not.toMatch(/Wrote/);
      expect(await readFile(settings, 'utf8')).toBe(original);
      expect((await readdir(mnt)).filter((n) => n.endsWith('.tmp') || n.endsWith('.lock'))).toEqual([]);
    } finally {
      execFileSync('umount', [mnt]);
    }
  });
});

describe('setup runs one at a time', () => {
  const lockFile = () => join(claudeDir, 'cc-top-setup.json.lock');

  it('a second setup waits for the first (held at its question) and then plans from its result', async () => {
    const original = await writeSettings({ model: 'opus', env: { OTEL_METRIC_EXPORT_INTERVAL: '60000' } });
    let answer!: (yes: boolean) => void;
    let asked!: () => void;
    const questionShown = new Promise<void>((resolve) => (asked = resolve));
    const first = setup(['--statusline'], {
      isTTY: true,
      ask: () => {
        asked();
        return new Promise<boolean>((resolve) => (answer = resolve));
      },
    });
    await questionShown;
    // The second one either waits for the lock (right) or, with no lock, finishes at once.
    let secondWaiting!: () => void;
    const waiting = new Promise<void>((resolve) => (secondWaiting = resolve));
    const second = setup(['--yes', '--interval', '5000'], { clock: NOW + 1_000, deps: { onLockWait: secondWaiting } });
    await Promise.race([waiting, second]);
    answer(true);
    const [a, b] = await Promise.all([first, second]);
    expect(a.code).toBe(0);
    expect(b.code, b.err).toBe(0);
    expect(b.err).toMatch(/waiting for another cc-top setup \(process \d+\) to finish/);
    // Both changes are in the file: the second planned from what the first wrote.
    const after = JSON.parse(await readFile(file, 'utf8')) as { env: Record<string, string>; statusLine?: unknown };
    expect(after.statusLine).toEqual({ type: 'command', command: 'cc-top statusline' });
    expect(after.env).toEqual({ ...DEFAULT_ENV, OTEL_METRIC_EXPORT_INTERVAL: '5000' });
    // And the record knows both: undo gives the original back, byte for byte.
    expect((await setup(['--undo', '--yes'], { clock: NOW + 2_000 })).code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(original);
    expect(await readdir(claudeDir)).not.toContain('cc-top-setup.json.lock');
  });

  it('two setups started together both apply, and undo still restores the original exactly', async () => {
    const original = await writeSettings({ model: 'opus', env: { OTEL_LOGS_EXPORTER: 'console' } });
    const results = await Promise.all([setup(['--yes', '--statusline']), setup(['--yes', '--interval', '5000']), setup(['--yes', '--protocol', 'grpc'])]);
    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(JSON.parse(await readFile(file, 'utf8')).statusLine).toEqual({ type: 'command', command: 'cc-top statusline' });
    expect((await setup(['--undo', '--yes'], { clock: NOW + 1_000 })).code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(original);
  });

  it('gives up with a clear message when another setup keeps the lock', async () => {
    const original = await writeSettings({ model: 'opus' });
    const holder = JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), startedAt: NOW, token: 'someone-else' });
    await writeFile(lockFile(), holder);
    const r = await setup(['--yes'], { deps: { lockWaitMs: 0 } });
    expect(r.code).toBe(1);
    expect(r.err).toContain(`another cc-top setup (process ${process.pid}, started 2026-11-25T12:00:00.000Z) is changing these settings now (it holds ${lockFile()})`);
    expect(r.err).toMatch(/if no setup is running, delete that file\. Nothing was written\./);
    expect(await readFile(file, 'utf8')).toBe(original);
    // Not ours: left in place.
    expect(await readFile(lockFile(), 'utf8')).toBe(holder);
  });

  it('takes over a lock left by a setup that is no longer running', async () => {
    await writeSettings({ model: 'opus' });
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    await writeFile(lockFile(), JSON.stringify({ pid: gone, host: (await import('node:os')).hostname(), startedAt: NOW - 60_000, token: 'dead' }));
    const r = await setup(['--yes'], { deps: { lockWaitMs: 0 } });
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8')).env).toEqual(DEFAULT_ENV);
    expect(await readdir(claudeDir)).not.toContain('cc-top-setup.json.lock');
  });

  it('a --dry-run needs no lock; a refused run leaves no folder behind', async () => {
    await mkdir(claudeDir);
    await writeFile(lockFile(), JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), startedAt: NOW, token: 'x' }));
    expect((await setup(['--dry-run'], { deps: { lockWaitMs: 0 } })).code).toBe(0);
    await rm(claudeDir, { recursive: true });
    expect((await setup([])).code).toBe(1);
    await expect(readdir(claudeDir)).rejects.toThrow();
  });
});
