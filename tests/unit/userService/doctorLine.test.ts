// `cc-top doctor`'s line on the always-on receiver: one line in each state, each with its fix,
// and never a failure (telemetry can reach a cc-top started by hand; the probe says whether).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../../src/commands/doctor.js';
import type { CommandIO } from '../../../src/commands/io.js';
import { serviceCheck } from '../../../src/doctor/serviceCheck.js';
import type { CommandRunner } from '../../../src/userService/commandRunner.js';
import { renderSystemdUnit } from '../../../src/userService/systemdUnit.js';
import type { ServiceContext } from '../../../src/userService/userService.js';
import { fakeLaunchctl, fakeSystemctl, takeStore } from './fakeManagers.js';

let home: string;
let store: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'cc-top-doctor-service-'));
  store = join(home, 'store.json');
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const context = (run: CommandRunner): ServiceContext => ({ env: { HOME: home }, home, uid: 501, run });
const running = { LoadState: 'loaded', ActiveState: 'active', SubState: 'running', MainPID: String(process.pid) };

async function installUnit(storePath: string, metricsPort?: number): Promise<void> {
  await mkdir(join(home, '.config', 'systemd', 'user'), { recursive: true });
  await writeFile(
    join(home, '.config', 'systemd', 'user', 'cc-top.service'),
    renderSystemdUnit({ nodePath: process.execPath, scriptPath: process.execPath, storePath, host: '127.0.0.1', grpcPort: 4317, httpPort: 4318, keepPrompts: false, metricsPort }),
  );
}

describe("doctor's always-on receiver line", () => {
  it('not installed: a warning naming what is lost, fixed by cc-top service install', async () => {
    expect(await serviceCheck('linux', context(fakeSystemctl({}).run), store)).toEqual({
      id: 'service',
      label: 'Always-on receiver',
      status: 'warn',
      detail: 'not installed: telemetry Claude Code sends while cc-top is closed is lost',
      fix: 'cc-top service install',
    });
  });

  it('installed and receiving into this store: ok', async () => {
    await installUnit(store);
    await takeStore(store);
    expect(await serviceCheck('linux', context(fakeSystemctl({ state: running }).run), store)).toEqual({
      id: 'service',
      label: 'Always-on receiver',
      status: 'ok',
      detail: `systemd user unit: running (pid ${process.pid}), receiving into ${store} on 127.0.0.1 (grpc 4317, http 4318)`,
    });
  });

  it('serving /metrics: the line says where Prometheus scrapes it, and that a waiting service serves it once it takes over', async () => {
    await installUnit(store, 9464);
    await takeStore(store, process.pid, { grpcPort: 4317, httpPort: 4318, metricsPort: 9464 });
    expect((await serviceCheck('linux', context(fakeSystemctl({ state: running }).run), store)).detail).toBe(
      `systemd user unit: running (pid ${process.pid}), receiving into ${store} on 127.0.0.1 (grpc 4317, http 4318); Prometheus /metrics at http://127.0.0.1:9464/metrics`,
    );
    // A live view started first holds the store (pid 1 here); the service waits.
    await takeStore(store, 1);
    expect((await serviceCheck('linux', context(fakeSystemctl({ state: running }).run), store)).detail).toBe(
      `systemd user unit: waiting: another cc-top (pid 1) receives into ${store} now; the service takes over when that one stops (and serves /metrics then)`,
    );
  });

  it('receiving into another store than the one doctor checks: a warning with both fixes', async () => {
    const other = join(home, 'other.json');
    await installUnit(other);
    await takeStore(other);
    const check = await serviceCheck('linux', context(fakeSystemctl({ state: running }).run), store);
    expect(check).toMatchObject({ status: 'warn', detail: expect.stringContaining(`receiving into ${other}`) });
    expect(check.detail).toContain(`not the store checked here (${store})`);
    expect(check.fix).toBe(`run \`cc-top doctor --store ${other}\`, or \`cc-top service install --store ${store}\``);
  });

  it('installed but failed: a warning pointing at its output and the restart', async () => {
    await installUnit(store);
    const check = await serviceCheck('linux', context(fakeSystemctl({ state: { LoadState: 'loaded', ActiveState: 'failed', SubState: 'failed' } }).run), store);
    expect(check).toEqual({
      id: 'service',
      label: 'Always-on receiver',
      status: 'warn',
      detail: 'systemd user unit: installed, but not running (failed (failed))',
      fix: 'see its output (journalctl --user -u cc-top), then systemctl --user restart cc-top',
    });
  });

  it('no systemd user session, no launchctl, another OS: a warning saying so, with what to do instead', async () => {
    const instead = 'keep `cc-top --headless` running another way instead, e.g. in tmux: tmux new-session -d -s cc-top cc-top --headless';
    const bus = fakeSystemctl({ answers: { 'systemctl --user show': { code: 1, stderr: 'Failed to connect to bus: No medium found' } } });
    expect(await serviceCheck('linux', context(bus.run), store)).toMatchObject({ status: 'warn', detail: 'not available: there is no systemd user session here (systemctl --user: Failed to connect to bus: No medium found)', fix: instead });
    expect(await serviceCheck('darwin', context(fakeLaunchctl({ missing: true }).run), store)).toMatchObject({ status: 'warn', detail: 'not available: launchd is not available here (no launchctl on PATH)', fix: instead });
    expect(await serviceCheck('win32', context(fakeSystemctl({}).run), store)).toMatchObject({ status: 'warn', detail: expect.stringContaining('and this is win32'), fix: instead });
  });

  it('is one line of `cc-top doctor`, between the last data and the probe, and in --json', async () => {
    const out: string[] = [];
    const io: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => out.push(l), stdoutStream: { isTTY: false }, env: { HOME: home }, clock: Date.now };
    const deps = { sleep: async () => undefined, service: { platform: 'linux' as const, context: context(fakeSystemctl({}).run) } };
    await runDoctor(['--store', store, '--no-color'], io, deps);
    const lines = out.join('\n').split('\n');
    const at = lines.findIndex((l) => l.startsWith('! Always-on receiver'));
    expect(lines[at]).toMatch(/^! Always-on receiver\s+not installed: telemetry Claude Code sends while cc-top is closed is lost$/);
    expect(lines[at + 1]).toMatch(/^\s+→ cc-top service install$/);
    expect(lines[at - 2]).toMatch(/Last data/);
    expect(lines[at + 2]).toMatch(/End-to-end probe/);

    out.length = 0;
    await runDoctor(['--store', store, '--json'], io, deps);
    const report = JSON.parse(out.join('\n')) as { checks: { id: string; status: string }[] };
    expect(report.checks.find((c) => c.id === 'service')).toMatchObject({ status: 'warn', fix: 'cc-top service install' });
  });
});
