// The systemd user unit, exactly as written, read back as systemd would split it, and checked by
// systemd's own `systemd-analyze verify` where that tool is installed.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { receiverArgv, receiverFromArgv, ReceiverSpecError, type ReceiverSpec } from '../../../src/userService/receiverSpec.js';
import { readSystemdUnit, renderSystemdUnit, splitSystemdWords, systemdWord } from '../../../src/userService/systemdUnit.js';
import { parseCli } from '../../../src/commands/args.js';

const run = promisify(execFile);

const plain: ReceiverSpec = {
  nodePath: '/usr/bin/node',
  scriptPath: '/home/ann/src/cc-top/bin/cc-top.js',
  storePath: '/home/ann/.local/share/cc-top/store.json',
  host: '127.0.0.1',
  grpcPort: 4317,
  httpPort: 4318,
  keepPrompts: false,
};

describe('systemd user unit', () => {
  it('is exactly this for the defaults', () => {
    expect(renderSystemdUnit(plain)).toBe(`# cc-top's always-on receiver, written by \`cc-top service install\`; \`cc-top service uninstall\` removes it.
# Its output: journalctl --user -u cc-top
[Unit]
Description=cc-top: receives Claude Code telemetry into its store while the live view is closed

[Service]
Type=simple
ExecStart=/usr/bin/node --max-semi-space-size=2 /home/ann/src/cc-top/bin/cc-top.js --headless --store /home/ann/.local/share/cc-top/store.json --host 127.0.0.1 --grpc-port 4317 --http-port 4318
# A store held by a running \`cc-top\` makes it exit 1: it retries, and takes over when that one quits.
Restart=on-failure
RestartSec=5

[Install]
WantedBy=default.target
`);
  });

  it('quotes paths with spaces and escapes quotes, backslashes, % specifiers and $ variables; carries --keep-prompts and CC_TOP_CONFIG', () => {
    const unit = renderSystemdUnit({
      ...plain,
      nodePath: '/opt/node 20 $HOME/bin/node',
      scriptPath: '/home/ann/my "code"/cc-top 100%/bin/cc-top.js',
      storePath: '/home/ann/data $HOME/a\\b.json',
      host: '::1',
      grpcPort: 14317,
      httpPort: 14318,
      keepPrompts: true,
      configPath: '/home/ann/cfg 50%.json',
    });
    const lines = unit.split('\n');
    expect(lines.find((l) => l.startsWith('ExecStart='))).toBe(
      'ExecStart="/opt/node 20 $HOME/bin/node" --max-semi-space-size=2 "/home/ann/my \\"code\\"/cc-top 100%%/bin/cc-top.js" --headless --store "/home/ann/data $$HOME/a\\\\b.json" --host ::1 --grpc-port 14317 --http-port 14318 --keep-prompts',
    );
    // No $ expansion in Environment=, but specifiers still apply.
    expect(lines.find((l) => l.startsWith('Environment='))).toBe('Environment="CC_TOP_CONFIG=/home/ann/cfg 50%%.json"');
  });

  it('reads back to the same command line and config, for any path', () => {
    const pathOf = (special: string[]) =>
      fc.array(fc.oneof(fc.constantFrom(...special), fc.stringMatching(/^[a-z0-9._-]{1,6}$/)), { minLength: 1, maxLength: 8 }).map((parts) => `/${parts.join('')}`);
    const path = pathOf([' ', '"', "'", '\\', '%', '$', '%%', '$$', 'é', '日本', ';', '=', '-']);
    // systemd refuses quotes and backslashes in the program's path (tested below).
    const program = pathOf([' ', '%', '$', '%%', '$$', 'é', ';', '=']);
    fc.assert(
      fc.property(program, path, path, path, fc.boolean(), (nodePath, scriptPath, storePath, configPath, keepPrompts) => {
        const spec = { ...plain, nodePath, scriptPath, storePath, configPath, keepPrompts };
        expect(readSystemdUnit(renderSystemdUnit(spec))).toEqual({ argv: receiverArgv(spec), env: { CC_TOP_CONFIG: configPath } });
      }),
    );
  });

  it('refuses what a unit line cannot carry, naming the field', () => {
    expect(() => renderSystemdUnit({ ...plain, storePath: '/tmp/a\nb.json' })).toThrow(/the store path "\/tmp\/a\\nb.json" contains a control character/);
    expect(() => renderSystemdUnit({ ...plain, storePath: 'store.json' })).toThrow(/the store path must be absolute/);
    expect(() => renderSystemdUnit({ ...plain, httpPort: 0 })).toThrow(ReceiverSpecError);
    expect(() => renderSystemdUnit({ ...plain, httpPort: 0 })).toThrow(/--http-port must be a port number from 1 to 65535/);
    expect(() => renderSystemdUnit({ ...plain, host: '127.0.0.1 --keep-prompts' })).toThrow(/--host must be an address/);
    expect(() => renderSystemdUnit({ ...plain, nodePath: "/home/ann/ann's node/bin/node" })).toThrow(/systemd cannot run a program whose path has quotes or backslashes/);
  });

  it('carries /metrics (--metrics-port, --metrics-drop-labels) as cc-top itself reads them, and reads them back', () => {
    const spec = { ...plain, metricsPort: 9464, metricsDropLabels: ['session_id', 'user_email'] };
    const exec = renderSystemdUnit(spec)
      .split('\n')
      .find((l) => l.startsWith('ExecStart='));
    expect(exec).toBe(
      'ExecStart=/usr/bin/node --max-semi-space-size=2 /home/ann/src/cc-top/bin/cc-top.js --headless --store /home/ann/.local/share/cc-top/store.json --host 127.0.0.1 --grpc-port 4317 --http-port 4318 --metrics-port 9464 --metrics-drop-labels session_id,user_email',
    );
    const argv = readSystemdUnit(renderSystemdUnit(spec));
    if ('unreadable' in argv) throw new Error(argv.unreadable);
    expect(receiverFromArgv(argv.argv)).toEqual(spec);
    // The service's command line is one the main command takes: /metrics on, those labels summed away.
    expect(parseCli(argv.argv.slice(argv.argv.indexOf('--headless')), {})).toMatchObject({ mode: 'headless', metrics: { port: 9464, dropLabels: ['session_id', 'user_email'] } });
    // Without /metrics the line is as before (no flag at all).
    expect(receiverArgv(plain)).not.toContain('--metrics-port');
  });

  it('refuses a /metrics port Prometheus could not be pointed at, or one the receiver already uses, naming the flag', () => {
    expect(() => renderSystemdUnit({ ...plain, metricsPort: 0 })).toThrow('--metrics-port must be a port number from 1 to 65535 for the service (Prometheus needs a fixed port to scrape), not 0');
    expect(() => renderSystemdUnit({ ...plain, metricsPort: 4318 })).toThrow("--metrics-port 4318 is also the service's --http-port; choose another port for /metrics (e.g. 9464)");
    expect(() => renderSystemdUnit({ ...plain, metricsDropLabels: ['session_id'] })).toThrow('--metrics-drop-labels goes with --metrics-port N');
    expect(() => renderSystemdUnit({ ...plain, metricsPort: 9464, metricsDropLabels: ['user.email'] })).toThrow('--metrics-drop-labels: "user.email" is not a label name');
  });

  it('a unit edited by hand reads as unreadable, not as a wrong command', () => {
    expect(readSystemdUnit('[Service]\nType=simple\n')).toEqual({ unreadable: 'it has no ExecStart= line' });
    expect(readSystemdUnit('[Service]\nExecStart="/usr/bin/node /x.js\n')).toMatchObject({ unreadable: expect.stringContaining('cannot be read') });
    expect(readSystemdUnit('[Service]\nExecStart=%h/node /x.js\n')).toMatchObject({ unreadable: expect.stringContaining('cannot be read') });
    expect(splitSystemdWords('/a$$ "b c" $$d', { execLine: true })).toEqual(['/a$$', 'b c', '$d']);
    expect(receiverFromArgv(['/usr/bin/node', '/x/cc-top.js', '--headless', '--store', '/s.json', '--grpc-port', 'x'])).toEqual({ unreadable: 'its command line has a port that is not a number' });
    expect(receiverFromArgv(['/usr/bin/node', '/x/cc-top.js', '--headless', '--store', '/s.json', '--metrics-port', '9464x'])).toEqual({ unreadable: 'its command line has a port that is not a number' });
    expect(receiverFromArgv(['/usr/bin/node', '/x/cc-top.js', '--store', '/s.json'])).toEqual({ unreadable: 'its command line is not `node … cc-top.js --headless …`' });
    expect(receiverFromArgv(['/usr/bin/node', '/x/cc-top.js', '--headless'])).toEqual({ unreadable: 'its command line names no --store' });
    expect(systemdWord('plain/path-1.2', 'argument')).toBe('plain/path-1.2');
  });
});

// systemd's own parser: the tool is part of systemd; where it is missing this says so and skips.
const analyze = await run('systemd-analyze', ['--version']).then(
  () => true,
  () => false,
);

describe.runIf(analyze)('systemd-analyze verify (systemd is installed here)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cc-top unit 100% '));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts the generated unit, with a node binary and paths that need quoting', async () => {
    // A node binary under a path with spaces and a %: verify checks that ExecStart's program exists.
    const binDir = join(dir, 'node v20 $HOME');
    await mkdir(binDir, { recursive: true });
    await symlink(process.execPath, join(binDir, 'node'));
    const unitDir = join(dir, 'systemd user');
    await mkdir(unitDir);
    const unitPath = join(unitDir, 'cc-top.service');
    await writeFile(unitPath, renderSystemdUnit({ ...plain, nodePath: join(binDir, 'node'), scriptPath: join(dir, 'bin', 'cc-top.js'), storePath: join(dir, 'a\\b', 'store.json'), keepPrompts: true, configPath: join(dir, 'config.json') }));
    const runtime = join(dir, 'runtime');
    await mkdir(runtime, { mode: 0o700 });
    const result = await run('systemd-analyze', ['--user', 'verify', unitPath], { env: { ...process.env, XDG_RUNTIME_DIR: runtime } }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('and rejects the same unit when a path is not quoted (the check can fail)', async () => {
    // A folder without %: the unquoted path must read exactly as the quoted one did.
    const plainDir = await mkdtemp(join(tmpdir(), 'cc-top-unit-'));
    onTestFinished(() => rm(plainDir, { recursive: true, force: true }));
    const binDir = join(plainDir, 'node dir');
    await mkdir(binDir, { recursive: true });
    await symlink(process.execPath, join(binDir, 'node'));
    const unitPath = join(dir, 'broken.service');
    await writeFile(unitPath, renderSystemdUnit({ ...plain, nodePath: join(binDir, 'node') }).replace(`"${join(binDir, 'node')}"`, join(binDir, 'node')));
    const runtime = join(dir, 'runtime');
    await mkdir(runtime, { recursive: true, mode: 0o700 });
    const failed = await run('systemd-analyze', ['--user', 'verify', unitPath], { env: { ...process.env, XDG_RUNTIME_DIR: runtime } }).then(
      () => undefined,
      (e: { stderr: string }) => e.stderr,
    );
    expect(failed).toMatch(/is not executable|Neither a valid executable name nor an absolute path/);
  });
});
