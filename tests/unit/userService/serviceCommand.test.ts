// `cc-top service install | uninstall | status` through stand-in systemctl/launchctl and a temp
// HOME: which files are written and removed, which commands would run, and what the user reads.
import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import type { CommandIO } from '../../../src/commands/io.js';
import { runService, START_POLLS, type ServiceDeps } from '../../../src/commands/service.js';
import { execRunner, type CommandRunner } from '../../../src/userService/commandRunner.js';
import { renderLaunchdPlist } from '../../../src/userService/launchdPlist.js';
import { renderSystemdUnit } from '../../../src/userService/systemdUnit.js';
import { fakeLaunchctl, fakeSystemctl, takeStore } from './fakeManagers.js';

let home: string;
// A node binary that exists: status checks that what the unit runs is still there.
const NODE = process.execPath;
let script: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'cc-top-service-'));
  // The launcher must exist: install refuses a checkout without one.
  script = join(home, 'src', 'cc top', 'bin', 'cc-top.js');
  await mkdir(join(home, 'src', 'cc top', 'bin'), { recursive: true });
  await writeFile(script, '// launcher\n');
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

function fakeIO(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), stdoutStream: { isTTY: false }, env: { HOME: home, ...env }, clock: Date.now };
  return { io, out: () => out.join('\n'), err: () => err.join('\n') };
}

function deps(platform: NodeJS.Platform, run: CommandRunner, env: NodeJS.ProcessEnv = {}): ServiceDeps {
  return { platform, context: { env: { HOME: home, ...env }, home, uid: 501, run }, nodePath: NODE, scriptPath: script, sleep: async () => undefined };
}

const unitPath = () => join(home, '.config', 'systemd', 'user', 'cc-top.service');
const plistPath = () => join(home, 'Library', 'LaunchAgents', 'dev.cc-top.receiver.plist');

describe('cc-top service on Linux (systemd user unit)', () => {
  it('install writes the unit, reloads, enables and starts it, and reports it receiving', async () => {
    const store = join(home, 'data dir', 'store.json');
    const systemctl = fakeSystemctl({ onStart: () => takeStore(store) });
    const { io, out, err } = fakeIO();
    expect(await runService(['install', '--store', store], io, deps('linux', systemctl.run))).toBe(0);
    expect(err()).toBe('');
    const unit = await readFile(unitPath(), 'utf8');
    expect(unit).toBe(renderSystemdUnit({ nodePath: NODE, scriptPath: script, storePath: store, host: '127.0.0.1', grpcPort: 4317, httpPort: 4318, keepPrompts: false }));
    expect((await stat(unitPath())).mode & 0o777).toBe(0o644);
    expect(systemctl.calls).toEqual([
      'systemctl --user show cc-top.service --property=LoadState,ActiveState,SubState,MainPID',
      'systemctl --user daemon-reload',
      'systemctl --user enable --now cc-top.service',
      'systemctl --user show cc-top.service --property=LoadState,ActiveState,SubState,MainPID',
    ]);
    expect(out()).toContain(`cc-top service: wrote ${unitPath()}, then ran \`systemctl --user daemon-reload\`, \`systemctl --user enable --now cc-top.service\`.`);
    expect(out()).toContain(`cc-top service: running (pid ${process.pid}), receiving into ${store} on 127.0.0.1 (grpc 4317, http 4318)`);
    expect(out()).toContain('journalctl --user -u cc-top');
    expect(out()).toContain('loginctl enable-linger');
  });

  it('install reports a service that starts but never takes its store, with where to look (exit 1)', async () => {
    const systemctl = fakeSystemctl({});
    let sleeps = 0;
    const { io, out } = fakeIO();
    expect(await runService(['install', '--store', join(home, 'store.json')], io, { ...deps('linux', systemctl.run), sleep: async () => void sleeps++ })).toBe(1);
    expect(sleeps).toBe(START_POLLS);
    expect(out()).toContain(`cc-top service: running (pid ${process.pid}), but not receiving into ${join(home, 'store.json')} yet\n  → if it stays so, see its output: journalctl --user -u cc-top`);
  });

  it('install on a non-loopback address warns as cc-top itself does', async () => {
    const store = join(home, 'store.json');
    const { io, err } = fakeIO();
    expect(await runService(['install', '--store', store, '--host', '0.0.0.0'], io, deps('linux', fakeSystemctl({ onStart: () => takeStore(store) }).run))).toBe(0);
    expect(err()).toMatch(/^cc-top service: warning: listening on 0\.0\.0\.0, not loopback/);
  });

  it('install puts the unit under $XDG_CONFIG_HOME and carries the flags and $CC_TOP_CONFIG', async () => {
    const xdg = join(home, 'xdg config');
    const store = join(home, 'store.json');
    const systemctl = fakeSystemctl({ onStart: () => takeStore(store) });
    const { io, out } = fakeIO({ XDG_CONFIG_HOME: xdg, CC_TOP_CONFIG: join(home, 'cfg.json') });
    const code = await runService(['install', '--store', store, '--host', '::1', '--grpc-port', '14317', '--http-port', '14318', '--keep-prompts'], io, deps('linux', systemctl.run, { XDG_CONFIG_HOME: xdg }));
    expect(code).toBe(0);
    const unit = await readFile(join(xdg, 'systemd', 'user', 'cc-top.service'), 'utf8');
    expect(unit).toBe(
      renderSystemdUnit({ nodePath: NODE, scriptPath: script, storePath: store, host: '::1', grpcPort: 14317, httpPort: 14318, keepPrompts: true, configPath: join(home, 'cfg.json') }),
    );
    expect(out()).toContain('`cc-top setup --grpc-port 14317 --http-port 14318`');
  });

  it('installing again with other flags restarts the running service; the same flags do not', async () => {
    const store = join(home, 'store.json');
    const systemctl = fakeSystemctl({ onStart: () => takeStore(store) });
    expect(await runService(['install', '--store', store], fakeIO().io, deps('linux', systemctl.run))).toBe(0);
    systemctl.calls.length = 0;
    expect(await runService(['install', '--store', store], fakeIO().io, deps('linux', systemctl.run))).toBe(0);
    expect(systemctl.calls.filter((c) => !c.includes(' show '))).toEqual(['systemctl --user daemon-reload', 'systemctl --user enable --now cc-top.service']);
    systemctl.calls.length = 0;
    expect(await runService(['install', '--store', store, '--keep-prompts'], fakeIO().io, deps('linux', systemctl.run))).toBe(0);
    expect(systemctl.calls.filter((c) => !c.includes(' show '))).toEqual(['systemctl --user daemon-reload', 'systemctl --user enable --now cc-top.service', 'systemctl --user restart cc-top.service']);
    expect(await readFile(unitPath(), 'utf8')).toContain(' --keep-prompts\n');
  });

  it('status: installed and receiving (exit 0), with its store, ports and output', async () => {
    const store = join(home, 'store.json');
    await mkdir(join(home, '.config', 'systemd', 'user'), { recursive: true });
    await writeFile(unitPath(), renderSystemdUnit({ nodePath: process.execPath, scriptPath: script, storePath: store, host: '127.0.0.1', grpcPort: 4317, httpPort: 4318, keepPrompts: false }));
    await takeStore(store);
    const systemctl = fakeSystemctl({ state: { LoadState: 'loaded', ActiveState: 'active', SubState: 'running', MainPID: String(process.pid) } });
    const { io, out } = fakeIO();
    expect(await runService(['status'], io, deps('linux', systemctl.run))).toBe(0);
    expect(out().split('\n')).toEqual([
      `cc-top service: running (pid ${process.pid}), receiving into ${store} on 127.0.0.1 (grpc 4317, http 4318)`,
      `  unit     ${unitPath()} (systemd: active (running))`,
      `  store    ${store}`,
      '  listens  127.0.0.1: grpc 4317, http 4318',
      '  metrics  off (`cc-top service install --metrics-port 9464` lets Prometheus scrape it)',
      `  runs     ${process.execPath} ${script} --headless`,
      '  output   journalctl --user -u cc-top',
    ]);
    expect(systemctl.calls).toEqual(['systemctl --user show cc-top.service --property=LoadState,ActiveState,SubState,MainPID']);
  });

  it('install --metrics-port writes /metrics into the unit; install and status say where Prometheus scrapes it', async () => {
    const store = join(home, 'store.json');
    const systemctl = fakeSystemctl({ onStart: () => takeStore(store, process.pid, { grpcPort: 4317, httpPort: 4318, metricsPort: 9464 }) });
    const installed = fakeIO();
    expect(await runService(['install', '--store', store, '--metrics-port', '9464', '--metrics-drop-labels', 'session_id,user.email'], installed.io, deps('linux', systemctl.run))).toBe(0);
    expect(installed.err()).toBe('');
    const spec = { nodePath: NODE, scriptPath: script, storePath: store, host: '127.0.0.1', grpcPort: 4317, httpPort: 4318, keepPrompts: false, metricsPort: 9464, metricsDropLabels: ['session_id', 'user_email'] };
    expect(await readFile(unitPath(), 'utf8')).toBe(renderSystemdUnit(spec));
    expect(installed.out()).toContain('Prometheus scrapes it at http://127.0.0.1:9464/metrics');

    const status = fakeIO();
    expect(await runService(['status'], status.io, deps('linux', systemctl.run))).toBe(0);
    const lines = status.out().split('\n');
    expect(lines[0]).toBe(`cc-top service: running (pid ${process.pid}), receiving into ${store} on 127.0.0.1 (grpc 4317, http 4318); Prometheus /metrics at http://127.0.0.1:9464/metrics`);
    expect(lines).toContain('  metrics  http://127.0.0.1:9464/metrics (summing away session_id, user_email)');

    // Installing again without it takes /metrics away (and restarts the service).
    systemctl.calls.length = 0;
    expect(await runService(['install', '--store', store], fakeIO().io, deps('linux', systemctl.run))).toBe(0);
    expect(await readFile(unitPath(), 'utf8')).not.toContain('--metrics-port');
    expect(systemctl.calls).toContain('systemctl --user restart cc-top.service');
  });

  it('status: not installed (exit 3), and a unit that failed (exit 3, with where to look)', async () => {
    const none = fakeIO();
    expect(await runService(['status'], none.io, deps('linux', fakeSystemctl({}).run))).toBe(3);
    expect(none.out()).toBe('cc-top service: not installed: telemetry Claude Code sends while cc-top is closed is lost\n  → cc-top service install');

    await mkdir(join(home, '.config', 'systemd', 'user'), { recursive: true });
    await writeFile(unitPath(), renderSystemdUnit({ nodePath: process.execPath, scriptPath: script, storePath: join(home, 'store.json'), host: '127.0.0.1', grpcPort: 4317, httpPort: 4318, keepPrompts: false }));
    const failed = fakeIO();
    expect(await runService(['status'], failed.io, deps('linux', fakeSystemctl({ state: { LoadState: 'loaded', ActiveState: 'failed', SubState: 'failed' } }).run))).toBe(3);
    expect(failed.out()).toContain('cc-top service: installed, but not running (failed (failed))\n  → see its output (journalctl --user -u cc-top), then systemctl --user restart cc-top');
  });

  it('status: a checkout that moved away is named, with the fix', async () => {
    await mkdir(join(home, '.config', 'systemd', 'user'), { recursive: true });
    const gone = join(home, 'old checkout', 'bin', 'cc-top.js');
    await writeFile(unitPath(), renderSystemdUnit({ nodePath: process.execPath, scriptPath: gone, storePath: join(home, 'store.json'), host: '127.0.0.1', grpcPort: 4317, httpPort: 4318, keepPrompts: false }));
    const { io, out } = fakeIO();
    expect(await runService(['status'], io, deps('linux', fakeSystemctl({ state: { LoadState: 'loaded', ActiveState: 'activating', SubState: 'auto-restart' } }).run))).toBe(3);
    expect(out()).toContain(`cc-top service: installed, but it runs ${gone}, which no longer exists\n  → run \`cc-top service install\` again from your cc-top checkout`);
  });

  it('status: waiting while another cc-top holds the store (exit 0)', async () => {
    const store = join(home, 'store.json');
    await mkdir(join(home, '.config', 'systemd', 'user'), { recursive: true });
    await writeFile(unitPath(), renderSystemdUnit({ nodePath: process.execPath, scriptPath: script, storePath: store, host: '127.0.0.1', grpcPort: 4317, httpPort: 4318, keepPrompts: false }));
    await takeStore(store);
    const { io, out } = fakeIO();
    // The service exits 1 on a held store and systemd restarts it: activating (auto-restart).
    expect(await runService(['status'], io, deps('linux', fakeSystemctl({ state: { LoadState: 'loaded', ActiveState: 'activating', SubState: 'auto-restart' } }).run))).toBe(0);
    expect(out()).toContain(`cc-top service: waiting: another cc-top (pid ${process.pid}) receives into ${store} now; the service takes over when that one stops`);
  });

  it('uninstall stops, disables and removes the unit; again, it says there is nothing to do', async () => {
    const store = join(home, 'store.json');
    const systemctl = fakeSystemctl({ onStart: () => takeStore(store) });
    expect(await runService(['install', '--store', store], fakeIO().io, deps('linux', systemctl.run))).toBe(0);
    systemctl.calls.length = 0;
    const first = fakeIO();
    expect(await runService(['uninstall'], first.io, deps('linux', systemctl.run))).toBe(0);
    expect(systemctl.calls).toEqual([
      'systemctl --user show cc-top.service --property=LoadState,ActiveState,SubState,MainPID',
      'systemctl --user disable --now cc-top.service',
      'systemctl --user daemon-reload',
      'systemctl --user reset-failed cc-top.service',
    ]);
    await expect(stat(unitPath())).rejects.toThrow(/ENOENT/);
    expect(first.out()).toBe(`cc-top service: stopped and removed ${unitPath()}. The store is kept; telemetry now reaches cc-top only while it runs.`);
    const again = fakeIO();
    systemctl.calls.length = 0;
    expect(await runService(['uninstall'], again.io, deps('linux', systemctl.run))).toBe(0);
    expect(again.out()).toBe(`cc-top service: not installed (${unitPath()} does not exist); nothing to do.`);
    expect(systemctl.calls).toEqual([]);
  });

  it.each([
    ['no systemctl', fakeSystemctl({ missing: true }), 'cc-top service: systemd is not available here (no systemctl on PATH); keep `cc-top --headless` running another way instead, e.g. in tmux: tmux new-session -d -s cc-top cc-top --headless.'],
    [
      'no user session bus',
      fakeSystemctl({ answers: { 'systemctl --user show': { code: 1, stderr: 'Failed to connect to bus: No medium found\n' } } }),
      'cc-top service: there is no systemd user session here (systemctl --user: Failed to connect to bus: No medium found); keep `cc-top --headless` running another way instead, e.g. in tmux: tmux new-session -d -s cc-top cc-top --headless.',
    ],
  ])('%s: one line saying so and what to do instead, exit 1, nothing written', async (_name, systemctl, line) => {
    for (const action of ['install', 'status']) {
      const { io, out, err } = fakeIO();
      expect(await runService([action], io, deps('linux', systemctl.run))).toBe(1);
      expect(err()).toBe(line);
      expect(out()).toBe('');
    }
    await expect(stat(unitPath())).rejects.toThrow(/ENOENT/);
  });

  it('uninstall without a user session refuses to leave a running service unseen', async () => {
    await mkdir(join(home, '.config', 'systemd', 'user'), { recursive: true });
    await writeFile(unitPath(), '[Service]\nExecStart=/bin/true\n');
    const { io, err } = fakeIO();
    expect(await runService(['uninstall'], io, deps('linux', fakeSystemctl({ answers: { 'systemctl --user show': { code: 1, stderr: 'Failed to connect to bus: No medium found' } } }).run))).toBe(1);
    expect(err()).toBe(`cc-top service: there is no systemd user session here (systemctl --user: Failed to connect to bus: No medium found); run this from your login session, or remove ${unitPath()} by hand.`);
    expect(await readFile(unitPath(), 'utf8')).toContain('ExecStart');
  });

  it.runIf(process.platform === 'linux')('with the real systemctl and no session bus in the environment: the same one line, exit 1', async () => {
    // No XDG_RUNTIME_DIR or DBUS_SESSION_BUS_ADDRESS: systemctl --user has no manager to reach,
    // whether or not this machine runs systemd (and a missing systemctl says so instead).
    const env = { HOME: home, PATH: process.env.PATH };
    const { io, out, err } = fakeIO(env);
    expect(await runService(['status'], io, { ...deps('linux', execRunner(env), env) })).toBe(1);
    expect(out()).toBe('');
    expect(err().split('\n')).toHaveLength(1);
    expect(err()).toMatch(/^cc-top service: (there is no systemd user session here \(systemctl --user: .+\)|systemd is not available here \(no systemctl on PATH\)); keep `cc-top --headless` running/);
  });

  it('a failing systemctl command is named with its answer, and the unit file with how to remove it', async () => {
    const systemctl = fakeSystemctl({ answers: { 'systemctl --user enable': { code: 1, stderr: 'Failed to enable unit: Unit file cc-top.service does not exist.\n' } } });
    const { io, err } = fakeIO();
    expect(await runService(['install'], io, deps('linux', systemctl.run))).toBe(1);
    expect(err()).toBe(
      `cc-top service: \`systemctl --user enable --now cc-top.service\` failed: Failed to enable unit: Unit file cc-top.service does not exist.\nThe service file is ${unitPath()}; \`cc-top service uninstall\` removes it.`,
    );
  });
});

describe('cc-top service on macOS (launchd agent)', () => {
  it('install writes the agent, enables and bootstraps it in gui/<uid>, and reports it receiving', async () => {
    const store = join(home, 'store.json');
    const launchctl = fakeLaunchctl({ onStart: () => takeStore(store) });
    const { io, out } = fakeIO();
    expect(await runService(['install', '--store', store], io, deps('darwin', launchctl.run))).toBe(0);
    const log = join(home, 'Library', 'Logs', 'cc-top.log');
    expect(await readFile(plistPath(), 'utf8')).toBe(renderLaunchdPlist({ nodePath: NODE, scriptPath: script, storePath: store, host: '127.0.0.1', grpcPort: 4317, httpPort: 4318, keepPrompts: false }, log));
    expect((await stat(plistPath())).mode & 0o777).toBe(0o644);
    expect((await stat(join(home, 'Library', 'Logs'))).isDirectory()).toBe(true);
    expect(launchctl.calls).toEqual([
      'launchctl print gui/501/dev.cc-top.receiver',
      'launchctl enable gui/501/dev.cc-top.receiver',
      `launchctl bootstrap gui/501 ${plistPath()}`,
      'launchctl print gui/501/dev.cc-top.receiver',
    ]);
    expect(out()).toContain(`cc-top service: running (pid ${process.pid}), receiving into ${store}`);
    expect(out()).toContain(`  output   ${log}`);
    expect(out()).not.toContain('loginctl');
  });

  it('installing over a loaded agent boots the old one out first', async () => {
    const store = join(home, 'store.json');
    const launchctl = fakeLaunchctl({ loaded: true, onStart: () => takeStore(store) });
    expect(await runService(['install', '--store', store], fakeIO().io, deps('darwin', launchctl.run))).toBe(0);
    expect(launchctl.calls.slice(0, 4)).toEqual([
      'launchctl print gui/501/dev.cc-top.receiver',
      'launchctl bootout gui/501/dev.cc-top.receiver',
      'launchctl enable gui/501/dev.cc-top.receiver',
      `launchctl bootstrap gui/501 ${plistPath()}`,
    ]);
  });

  it('a bootstrap without a GUI session says why', async () => {
    const launchctl = fakeLaunchctl({ answers: { 'launchctl bootstrap': { code: 5, stderr: 'Bootstrap failed: 5: Input/output error\n' } } });
    const { io, err } = fakeIO();
    expect(await runService(['install'], io, deps('darwin', launchctl.run))).toBe(1);
    expect(err().split('\n')[0]).toBe(
      `cc-top service: \`launchctl bootstrap gui/501 ${plistPath()}\` failed: Bootstrap failed: 5: Input/output error (launchd agents need a graphical login session on this Mac; over SSH, log in on the Mac first)`,
    );
  });

  it('uninstall boots it out and removes the agent', async () => {
    const store = join(home, 'store.json');
    const launchctl = fakeLaunchctl({ onStart: () => takeStore(store) });
    expect(await runService(['install', '--store', store], fakeIO().io, deps('darwin', launchctl.run))).toBe(0);
    launchctl.calls.length = 0;
    expect(await runService(['uninstall'], fakeIO().io, deps('darwin', launchctl.run))).toBe(0);
    expect(launchctl.calls).toEqual(['launchctl print gui/501/dev.cc-top.receiver', 'launchctl bootout gui/501/dev.cc-top.receiver']);
    await expect(stat(plistPath())).rejects.toThrow(/ENOENT/);
  });

  it('no launchctl: one line, exit 1', async () => {
    const { io, err } = fakeIO();
    expect(await runService(['status'], io, deps('darwin', fakeLaunchctl({ missing: true }).run))).toBe(1);
    expect(err()).toBe('cc-top service: launchd is not available here (no launchctl on PATH); keep `cc-top --headless` running another way instead, e.g. in tmux: tmux new-session -d -s cc-top cc-top --headless.');
  });
});

describe('cc-top service, anywhere', () => {
  it('another OS: one line, exit 1', async () => {
    const { io, err } = fakeIO();
    expect(await runService(['install'], io, deps('win32', fakeSystemctl({}).run))).toBe(1);
    expect(err()).toBe(
      'cc-top service: cc-top service installs systemd user units (Linux) and launchd agents (macOS), and this is win32; keep `cc-top --headless` running another way instead, e.g. in tmux: tmux new-session -d -s cc-top cc-top --headless.',
    );
  });

  it.each([
    [[], /say what to do: install, uninstall or status/],
    [['start'], /unknown action "start"/],
    [['install', '--http-port', '0'], /--http-port must be a port number from 1 to 65535 \(the service needs a fixed port/],
    [['status', '--store', '/x'], /--store goes with install/],
    [['install', '--bogus'], /unknown option --bogus/],
    [['install', '--metrics-port', '0'], /--metrics-port must be a port number from 1 to 65535 \(Prometheus needs a fixed port to scrape\), not "0"/],
    [['install', '--metrics-port', 'x'], /--metrics-port must be a port number/],
    [['install', '--metrics-drop-labels', 'session_id'], /--metrics-drop-labels goes with --metrics-port N/],
    [['install', '--metrics-port', '9464', '--metrics-drop-labels', 'a,,b'], /--metrics-drop-labels takes label names separated by commas/],
    [['install', '--metrics-port', '4317'], /--metrics-port 4317 is also the service's --grpc-port/],
    [['status', '--metrics-port', '9464'], /--metrics-port goes with install/],
  ])('usage error %j: exit 2, one line and where the help is', async (argv, cause) => {
    const systemctl = fakeSystemctl({});
    const { io, err } = fakeIO();
    expect(await runService(argv, io, deps('linux', systemctl.run))).toBe(2);
    expect(err()).toMatch(cause);
    expect(err().split('\n')).toHaveLength(2);
    expect(err()).toContain('cc-top service --help');
    expect(systemctl.calls).toEqual([]);
  });

  it('a checkout without its launcher is refused before anything is written', async () => {
    const systemctl = fakeSystemctl({});
    const { io, err } = fakeIO();
    expect(await runService(['install'], io, { ...deps('linux', systemctl.run), scriptPath: join(home, 'gone', 'cc-top.js') })).toBe(1);
    expect(err()).toContain('cannot be read: run `cc-top service install` from a complete cc-top checkout');
    await expect(stat(unitPath())).rejects.toThrow(/ENOENT/);
  });

  it('--help explains the service, and cc-top --help lists it', async () => {
    const help = fakeIO();
    expect(await main(['service', '--help'], help.io)).toBe(0);
    expect(help.out()).toMatch(/^Usage: cc-top service install \[--store PATH\]/);
    expect(help.out()).toContain('status      installed or not, running or not, its store and ports');
    expect(help.out()).toContain('tmux new-session -d -s cc-top cc-top --headless');
    const top = fakeIO();
    expect(await main(['--help'], top.io)).toBe(0);
    expect(top.out()).toContain('cc-top service install        keep a receiver running as a user service (also: uninstall, status)');
  });
});
