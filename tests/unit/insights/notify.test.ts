import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/insights/alertRules.js';
import type { NotifySettings } from '../../../src/insights/config.js';
import { commandArgs, createNotifier, spawnDetached } from '../../../src/insights/notify.js';

const ALERT: Alert = {
  id: 'budget-day-100-2026-11-25',
  condition: 'budget-day-100-2026-11-25',
  rule: 'budget',
  level: 'error',
  title: 'Daily budget exceeded',
  message: '$5.40 of the $5.00 daily budget spent today (108%).',
};

function fakes(config: Partial<NotifySettings> = {}, protocol: 'osc9' | 'osc777' | 'osc99' | 'none' = 'none') {
  const written: string[] = [];
  const spawned: { command: string; args: string[] }[] = [];
  const notifier = createNotifier({
    write: (s) => written.push(s),
    spawn: (command, args) => spawned.push({ command, args }),
    config: { bell: true, desktop: true, ...config },
    protocol,
  });
  return { notifier, written, spawned };
}

describe('createNotifier', () => {
  it('rings the bell once and sends the escape the terminal understands, and no command', () => {
    const { notifier, written, spawned } = fakes({ command: '/usr/bin/notify-send' }, 'osc777');
    notifier.notify(ALERT);
    expect(written).toEqual(['\x07', '\x1b]777;notify;cc-top;Daily budget exceeded: $5.40 of the $5.00 daily budget spent today (108%).\x07']);
    expect(spawned).toEqual([]);
  });

  it('runs the notification command where the terminal has no escape, without a shell and with "--"', () => {
    const { notifier, written, spawned } = fakes({ command: '/usr/bin/notify-send' }, 'none');
    notifier.notify(ALERT);
    expect(written).toEqual(['\x07']);
    expect(spawned).toEqual([{ command: '/usr/bin/notify-send', args: ['-a', 'cc-top', '--', 'Daily budget exceeded', ALERT.message] }]);
  });

  it('sends no desktop notification when desktop is off, and no bell when the bell is off', () => {
    const quiet = fakes({ desktop: false, command: '/usr/bin/notify-send' }, 'osc9');
    quiet.notifier.notify(ALERT);
    expect(quiet.written).toEqual(['\x07']);
    expect(quiet.spawned).toEqual([]);
    const silent = fakes({ bell: false }, 'osc9');
    silent.notifier.notify(ALERT);
    expect(silent.written).toEqual(['\x1b]9;cc-top: Daily budget exceeded: $5.40 of the $5.00 daily budget spent today (108%).\x07']);
  });

  it('does nothing beyond the bell with no escape and no command', () => {
    const { notifier, written, spawned } = fakes({}, 'none');
    notifier.notify(ALERT);
    expect(written).toEqual(['\x07']);
    expect(spawned).toEqual([]);
  });

  it('never throws, whatever the terminal or the spawner does', () => {
    const failing = createNotifier({
      write: () => {
        throw new Error('EPIPE');
      },
      spawn: () => {
        throw new Error('EAGAIN');
      },
      config: { bell: true, desktop: true, command: 'notify-send' },
    });
    expect(() => failing.notify(ALERT)).not.toThrow();
  });

  it('cleans and caps the command arguments', () => {
    const args = commandArgs({ ...ALERT, title: `-t\x1b[31m${'x'.repeat(200)}`, message: 'a\nb' });
    expect(args.slice(0, 3)).toEqual(['-a', 'cc-top', '--']);
    expect(args[3]).not.toContain('\x1b');
    expect([...args[3]!].length).toBe(80);
    expect(args[4]).toBe('a b');
  });
});

describe('spawnDetached', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('passes text as plain arguments, never through a shell', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cc-top-notify-'));
    const out = join(dir, 'argv.json');
    const script = 'require("fs").writeFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)))';
    const child = spawnDetached(process.execPath, ['-e', script, out, '$(touch pwned)', '; echo hi', '-x']);
    expect(child).toBeDefined();
    await once(child!, 'exit');
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(['$(touch pwned)', '; echo hi', '-x']);
  });

  it('swallows the error of a program that does not exist', async () => {
    const child = spawnDetached(join(tmpdir(), 'cc-top-no-such-program'), ['x']);
    expect(child).toBeDefined();
    // The error arrives asynchronously; had no listener been attached, it would crash the process.
    const [err] = (await once(child!, 'error')) as [NodeJS.ErrnoException];
    expect(err.code).toBe('ENOENT');
  });
});
