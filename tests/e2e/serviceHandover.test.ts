// The hand-over between the always-on receiver and the live view: the command line of the unit
// `cc-top service install` generates, run as systemd would run it (from HOME, with a bare
// environment), receives; `cc-top` started on the same store in a real terminal opens as a viewer
// of it and shows what arrives; `cc-top service status` sees the service receiving.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIO } from '../../src/commands/io.js';
import { runService } from '../../src/commands/service.js';
import { formatUsd } from '../../src/report/format.js';
import { readSystemdUnit, renderSystemdUnit } from '../../src/userService/systemdUnit.js';
import { fakeSystemctl } from '../unit/userService/fakeManagers.js';
import { CC_TOP_BIN, runOnce } from './harness/ccTop.js';
import { REPO_ROOT } from './harness/claudeCli.js';
import { TmuxPane } from './harness/tmux.js';
import { freePort } from '../builders/freePort.js';

describe('the service receives, cc-top views', { timeout: 90_000 }, () => {
  let dir: string;
  let home: string;
  let store: string;
  let service: ChildProcess | undefined;
  let serviceOut = '';
  let pane: TmuxPane | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cc-top-handover-'));
    home = join(dir, 'home');
    // A store folder with a space, as a user's "Application Support" has.
    store = join(dir, 'my data', 'store.json');
    await mkdir(home);
  });
  afterAll(async () => {
    await pane?.kill();
    if (service && service.exitCode === null) service.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('the unit\'s command receives; cc-top on the same store opens as a viewer and shows the data; status says receiving; SIGTERM saves and exits 0', async () => {
    const [grpcPort, httpPort] = [await freePort(), await freePort()];
    const spec = { nodePath: process.execPath, scriptPath: CC_TOP_BIN, storePath: store, host: '127.0.0.1', grpcPort, httpPort, keepPrompts: false };
    const unit = renderSystemdUnit(spec);
    const command = readSystemdUnit(unit);
    if ('unreadable' in command) throw new Error(command.unreadable);

    // As systemd runs a user service: the unit's argv, from HOME, with little more than HOME and PATH.
    service = spawn(command.argv[0]!, command.argv.slice(1), { cwd: home, env: { HOME: home, PATH: '/usr/bin:/bin' }, stdio: ['ignore', 'pipe', 'pipe'] });
    service.stdout!.on('data', (d: Buffer) => (serviceOut += d.toString()));
    service.stderr!.on('data', (d: Buffer) => (serviceOut += d.toString()));
    await expect.poll(() => serviceOut, { timeout: 20_000, interval: 100 }).toContain(`listening on grpc://127.0.0.1:${grpcPort} and http://127.0.0.1:${httpPort}; store ${store}`);

    // `cc-top` as the user starts it, on the service's store: a viewer, naming the service's ports.
    pane = await TmuxPane.start(`node ${CC_TOP_BIN} --store '${store}' --window all`, { columns: 100, rows: 30 });
    await pane.until((s) => {
      expect(s.split('\n')[0]).toContain('viewer');
      expect(s).toContain(`http 127.0.0.1:${httpPort}`);
    });

    // Claude Code's telemetry goes to the service; the viewer shows it.
    for (const [signal, file] of [['metrics', 'metrics-edit-commit.pb'], ['logs', 'logs-edit-commit.pb']] as const) {
      const body = await readFile(join(REPO_ROOT, 'tests', 'fixtures', file));
      const res = await fetch(`http://127.0.0.1:${httpPort}/v1/${signal}`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
      expect(res.status).toBe(200);
    }
    const shown = await pane.until((s) => expect(s).toMatch(/Cost\s+\$0\.0[1-9]/));
    const summary = await runOnce(store);
    expect(shown).toContain(formatUsd(summary.totals.costUsd));

    // `cc-top service status` with this unit installed and systemd reporting the process as its main
    // PID: it finds the real receiver's lock on the store, so "receiving".
    const unitPath = join(home, '.config', 'systemd', 'user', 'cc-top.service');
    await mkdir(dirname(unitPath), { recursive: true });
    await writeFile(unitPath, unit);
    const systemctl = fakeSystemctl({ state: { LoadState: 'loaded', ActiveState: 'active', SubState: 'running', MainPID: String(service.pid) } });
    const out: string[] = [];
    const io: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => out.push(l), stdoutStream: {}, env: { HOME: home }, clock: Date.now };
    const code = await runService(['status'], io, { platform: 'linux', context: { env: { HOME: home }, home, uid: 1000, run: systemctl.run }, nodePath: process.execPath, scriptPath: CC_TOP_BIN, sleep: async () => undefined });
    expect(out[0]).toBe(`cc-top service: running (pid ${service.pid}), receiving into ${store} on 127.0.0.1 (grpc ${grpcPort}, http ${httpPort})`);
    expect(code).toBe(0);

    // systemctl stop sends SIGTERM: the store is written and the exit is clean (no restart).
    await pane.keys('q');
    await pane.until((s) => expect(s).toContain('EXITED:0'));
    const exited = new Promise<number | null>((r) => service!.on('exit', (c) => r(c)));
    service.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(serviceOut).toContain(`stopped (SIGTERM); store saved to ${store}`);
    expect((await runOnce(store)).totals.costUsd).toBe(summary.totals.costUsd);
  });
});
