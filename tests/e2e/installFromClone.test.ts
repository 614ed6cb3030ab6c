// The README's Quick start as a new user runs it: this checkout installed globally with the
// README's own `npm install -g .` (into a temporary npm prefix, offline: npm links the folder),
// then `cc-top` found on PATH and run from a folder outside the clone with a fresh HOME.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageVersion } from '../../src/commands/args.js';
import { REPO_ROOT } from './harness/claudeCli.js';

const exec = promisify(execFile);

/** The commands of the README's Quick start block, comments dropped. */
async function quickStart(): Promise<string[]> {
  const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /## Quick start\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README.md has no ```sh block under "## Quick start"');
  return block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l !== '');
}

describe('install from a clone, as the README says', { timeout: 120_000 }, () => {
  let dir: string;
  let prefix: string;
  let home: string;
  let elsewhere: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cc-top-install-'));
    prefix = join(dir, 'npm prefix');
    home = join(dir, 'home');
    elsewhere = join(dir, 'somewhere else');
    await mkdir(home);
    await mkdir(elsewhere);
    // A new user's environment: their own HOME, no XDG or cc-top variables, node and npm on PATH,
    // and cc-top on it only through the npm prefix's bin folder.
    env = { HOME: home, PATH: [join(prefix, 'bin'), dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter), npm_config_cache: join(dir, 'npm-cache') };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the Quick start installs from the clone (no npx, nothing from the npm registry)', async () => {
    const lines = await quickStart();
    expect(lines[0]).toMatch(/^git clone \S.* cc-top && cd cc-top$/);
    expect(lines).toContain('npm install');
    expect(lines).toContain('npm install -g .');
    expect(lines.slice(-3)).toEqual(['cc-top setup', 'cc-top', 'cc-top doctor']);
    expect(lines.join('\n')).not.toMatch(/npx|cc-top@/);
  });

  it('npm install -g . puts a cc-top on PATH that runs this checkout', async () => {
    // The README's line, into a temporary prefix. --ignore-scripts: its `prepare` would rebuild
    // dist/ in place, under the other test files running it; `npm test` has just built it, as the
    // README's `npm install` does.
    await exec('npm', ['install', '-g', '.', '--prefix', prefix, '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: REPO_ROOT, env });
    expect(await realpath(join(prefix, 'bin', 'cc-top'))).toBe(await realpath(join(REPO_ROOT, 'bin', 'cc-top.js')));
    const { stdout: which } = await exec('sh', ['-c', 'command -v cc-top'], { cwd: elsewhere, env });
    expect(which.trim()).toBe(join(prefix, 'bin', 'cc-top'));
  });

  it('cc-top --version and --help work from outside the clone', async () => {
    const version = await exec('cc-top', ['--version'], { cwd: elsewhere, env });
    expect(version.stdout.trim()).toBe(packageVersion());
    expect(version.stderr).toBe('');
    const help = await exec('cc-top', ['--help'], { cwd: elsewhere, env });
    expect(help.stdout).toContain('Usage:');
    expect(help.stdout).toContain('cc-top service install');
    const serviceHelp = await exec('cc-top', ['service', '--help'], { cwd: elsewhere, env });
    expect(serviceHelp.stdout).toMatch(/^Usage: cc-top service install/);
  });

  it('cc-top doctor --json reports every check for the fresh HOME', async () => {
    // Nothing is set up yet, so doctor exits 1; what matters is that it runs and says why.
    const result = await exec('cc-top', ['doctor', '--json'], { cwd: elsewhere, env }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect('code' in result ? result.code : 0).toBe(1);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { ok: boolean; store: string; checks: { id: string; status: string; detail: string; fix?: string }[] };
    expect(report.ok).toBe(false);
    expect(report.store.startsWith(home)).toBe(true);
    expect(report.checks.map((c) => c.id)).toEqual(['node', 'port-grpc', 'port-http', 'metrics', 'settings', 'interval', 'shell', 'prompts', 'config', 'store', 'data', 'service', 'probe']);
    expect(report.checks.find((c) => c.id === 'node')).toMatchObject({ status: 'ok', detail: `v${process.versions.node}` });
    expect(report.checks.find((c) => c.id === 'settings')).toMatchObject({ status: 'fail', fix: expect.stringContaining('cc-top setup') });
    for (const c of report.checks.filter((c) => c.status !== 'ok')) expect(c.fix, c.id).toBeTruthy();
  });

  it('cc-top service status answers in one line, never a stack trace', async () => {
    const result = await exec('cc-top', ['service', 'status'], { cwd: elsewhere, env }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    const code = 'code' in result ? result.code : 0;
    const text = `${result.stdout}${result.stderr}`.trim();
    expect(text).not.toMatch(/\n\s+at /);
    if (process.platform === 'linux') {
      // No user session bus in this environment: systemd cannot be asked.
      expect(code).toBe(1);
      expect(text.split('\n')).toHaveLength(1);
      expect(text).toMatch(/^cc-top service: (there is no systemd user session here|systemd is not available here).*tmux new-session -d -s cc-top cc-top --headless\.$/);
    } else {
      expect(code).toBe(3);
      expect(text).toMatch(/^cc-top service: not installed/);
    }
  });
});
