import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandIO } from '../../../src/commands/io.js';
import { APPLY_QUESTION, runSetup, settingsPath, telemetryEnv } from '../../../src/commands/setup.js';
import { settingsChecks } from '../../../src/doctor/telemetrySettings.js';
import { DEFAULT_TELEMETRY_ENV_OPTIONS } from '../../../src/setup/telemetryEnv.js';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const STAMP = '20261125T120000Z';
const DEFAULT_ENV = telemetryEnv(DEFAULT_TELEMETRY_ENV_OPTIONS);

let home: string;
let claudeDir: string;
let file: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'cc-top-setup-'));
  claudeDir = join(home, '.claude');
  file = join(claudeDir, 'settings.json');
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

function fakeIO(options: { env?: NodeJS.ProcessEnv; isTTY?: boolean; clock?: number } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIO = {
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
    stdoutStream: { isTTY: options.isTTY ?? false },
    env: { HOME: home, NO_COLOR: '1', ...options.env },
    clock: () => options.clock ?? NOW,
  };
  return { io, out, err, text: () => out.join('\n'), errText: () => err.join('\n') };
}

async function setup(argv: string[], options: Parameters<typeof fakeIO>[0] = {}, ask?: (q: string) => Promise<boolean>) {
  const f = fakeIO(options);
  const code = await runSetup(argv, f.io, ask);
  return { ...f, code };
}

async function writeSettings(value: unknown, mode = 0o644): Promise<string> {
  await mkdir(claudeDir, { recursive: true });
  const text = `${JSON.stringify(value, null, 2)}\n`;
  await writeFile(file, text, { mode });
  return text;
}

const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
const listDir = async (dir: string) => (await readdir(dir)).sort();

describe('cc-top setup', () => {
  it('creates ~/.claude/settings.json in an empty HOME with every variable, as strings, and no backup', async () => {
    const r = await setup(['--yes']);
    expect(r.code).toBe(0);
    expect(settingsPath({ HOME: home })).toBe(file);
    const text = await readFile(file, 'utf8');
    expect(text).toBe(`${JSON.stringify({ env: DEFAULT_ENV }, null, 2)}\n`);
    expect(JSON.parse(text).env).toEqual({
      CLAUDE_CODE_ENABLE_TELEMETRY: '1',
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_LOGS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      OTEL_METRIC_EXPORT_INTERVAL: '10000',
      OTEL_LOGS_EXPORT_INTERVAL: '2000',
      OTEL_METRICS_INCLUDE_REPOSITORY: '1',
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await listDir(claudeDir)).toEqual(['cc-top-setup.json', 'settings.json']);
    expect(r.text()).toContain('+ env.CLAUDE_CODE_ENABLE_TELEMETRY: "1"');
    expect(r.text()).toMatch(/Restart Claude Code/);
    expect(r.text()).toContain('cc-top doctor');
  });

  it('keeps every other key, value and order, changes in place, backs up the old file and keeps its mode', async () => {
    const original = await writeSettings(
      {
        model: 'opus',
        env: { FOO: 'bar', OTEL_METRICS_EXPORTER: 'console', ANTHROPIC_API_KEY: 'sk-keep' },
        permissions: { allow: ['Bash(npm test)'], deny: [] },
        hooks: { Stop: [{ hooks: [{ type: 'command', command: 'echo done' }] }] },
      },
      0o640,
    );
    const r = await setup(['--yes']);
    expect(r.code).toBe(0);
    const after = await readJson(file);
    expect(Object.keys(after)).toEqual(['model', 'env', 'permissions', 'hooks']);
    expect(after['permissions']).toEqual({ allow: ['Bash(npm test)'], deny: [] });
    expect(after['hooks']).toEqual({ Stop: [{ hooks: [{ type: 'command', command: 'echo done' }] }] });
    const env = after['env'] as Record<string, string>;
    expect(Object.keys(env)).toEqual([
      'FOO',
      'OTEL_METRICS_EXPORTER',
      'ANTHROPIC_API_KEY',
      ...Object.keys(DEFAULT_ENV).filter((k) => k !== 'OTEL_METRICS_EXPORTER'),
    ]);
    expect(env).toMatchObject({ FOO: 'bar', ANTHROPIC_API_KEY: 'sk-keep', ...DEFAULT_ENV });
    expect(r.text()).toContain('~ env.OTEL_METRICS_EXPORTER: "console" -> "otlp"');
    expect(r.text()).not.toContain('env.FOO');
    expect(await readFile(join(claudeDir, `settings.json.bak-${STAMP}`), 'utf8')).toBe(original);
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(await readFile(file, 'utf8')).toMatch(/^\{\n {2}"model": "opus",\n[\s\S]*\}\n$/);
  });

  it('changes nothing the second time: "already set up", no write, no backup', async () => {
    await writeSettings({ model: 'opus' });
    expect((await setup(['--yes'])).code).toBe(0);
    const written = await readFile(file, 'utf8');
    const filesAfterFirst = await listDir(claudeDir);
    const { ino } = await stat(file);
    const second = await setup(['--yes'], { clock: NOW + 5_000 });
    expect(second.code).toBe(0);
    expect(second.text()).toMatch(/Already set up/);
    expect(await readFile(file, 'utf8')).toBe(written);
    expect((await stat(file)).ino).toBe(ino);
    expect(await listDir(claudeDir)).toEqual(filesAfterFirst);
  });

  it('--dry-run shows the change and writes nothing', async () => {
    const dryEmpty = await setup(['--dry-run']);
    expect(dryEmpty.code).toBe(0);
    expect(dryEmpty.text()).toContain('+ env.OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318"');
    expect(dryEmpty.text()).toMatch(/Dry run: nothing written/);
    await expect(stat(claudeDir)).rejects.toThrow();

    const original = await writeSettings({ env: { OTEL_LOGS_EXPORTER: 'none' } });
    const dry = await setup(['--dry-run', '--yes']);
    expect(dry.text()).toContain('~ env.OTEL_LOGS_EXPORTER: "none" -> "otlp"');
    expect(await readFile(file, 'utf8')).toBe(original);
    expect(await listDir(claudeDir)).toEqual(['settings.json']);
  });

  it('asks on a terminal, writes only on yes; without a terminal or --yes it refuses with exit 1', async () => {
    const original = await writeSettings({ model: 'opus' });
    const questions: string[] = [];
    const declined = await setup([], { isTTY: true }, async (q) => {
      questions.push(q);
      return false;
    });
    expect(declined.code).toBe(1);
    expect(questions).toEqual([APPLY_QUESTION]);
    expect(await readFile(file, 'utf8')).toBe(original);

    const piped = await setup([]);
    expect(piped.code).toBe(1);
    expect(piped.errText()).toMatch(/Re-run with --yes/);
    expect(await listDir(claudeDir)).toEqual(['settings.json']);

    const accepted = await setup([], { isTTY: true }, async () => true);
    expect(accepted.code).toBe(0);
    expect((await readJson(file))['env']).toEqual(DEFAULT_ENV);
  });

  it('--shell prints export lines for bash/zsh and set -gx for fish, and touches no file', async () => {
    const bash = await setup(['--shell', 'bash', '--protocol', 'grpc', '--grpc-port', '14317']);
    expect(bash.code).toBe(0);
    expect(bash.out).toEqual([
      'export CLAUDE_CODE_ENABLE_TELEMETRY=1',
      'export OTEL_METRICS_EXPORTER=otlp',
      'export OTEL_LOGS_EXPORTER=otlp',
      'export OTEL_EXPORTER_OTLP_PROTOCOL=grpc',
      'export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:14317',
      'export OTEL_METRIC_EXPORT_INTERVAL=10000',
      'export OTEL_LOGS_EXPORT_INTERVAL=2000',
      'export OTEL_METRICS_INCLUDE_REPOSITORY=1',
    ]);
    expect(bash.errText()).toContain('~/.bashrc');
    const zsh = await setup(['--shell', 'zsh']);
    expect(zsh.out[4]).toBe('export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318');
    const fish = await setup(['--shell', 'fish', '--interval', '5000']);
    expect(fish.out[0]).toBe('set -gx CLAUDE_CODE_ENABLE_TELEMETRY 1');
    expect(fish.out[5]).toBe('set -gx OTEL_METRIC_EXPORT_INTERVAL 5000');
    await expect(stat(claudeDir)).rejects.toThrow();
  });

  it('--undo restores the file exactly: changed values back, added keys gone, an env it created removed', async () => {
    const original = await writeSettings({ model: 'opus', env: { FOO: 'bar', OTEL_METRIC_EXPORT_INTERVAL: '60000' } });
    expect((await setup(['--yes'])).code).toBe(0);
    // A second run with another interval must still remember the value from before cc-top.
    expect((await setup(['--yes', '--interval', '5000'], { clock: NOW + 1_000 })).code).toBe(0);
    expect(((await readJson(file))['env'] as Record<string, string>)['OTEL_METRIC_EXPORT_INTERVAL']).toBe('5000');
    const undo = await setup(['--undo', '--yes'], { clock: NOW + 2_000 });
    expect(undo.code).toBe(0);
    expect(undo.text()).toContain('~ env.OTEL_METRIC_EXPORT_INTERVAL: "5000" -> "60000"');
    expect(undo.text()).toContain('- env.CLAUDE_CODE_ENABLE_TELEMETRY: "1"');
    expect(await readFile(file, 'utf8')).toBe(original);
    expect(await listDir(claudeDir)).not.toContain('cc-top-setup.json');
    expect((await setup(['--undo', '--yes'])).text()).toMatch(/Nothing to undo/);

    // No env before setup: undo removes the env object setup created.
    const bare = await writeSettings({ model: 'opus' });
    await setup(['--yes']);
    await setup(['--undo', '--yes']);
    expect(await readFile(file, 'utf8')).toBe(bare);
  });

  it('--undo leaves alone a value changed since setup, and keys added since', async () => {
    await writeSettings({ env: { FOO: 'bar' } });
    await setup(['--yes']);
    const edited = await readJson(file);
    const env = edited['env'] as Record<string, string>;
    env['OTEL_EXPORTER_OTLP_ENDPOINT'] = 'http://collector:4318';
    env['MINE'] = 'x';
    await writeFile(file, JSON.stringify(edited, null, 2));
    const undo = await setup(['--undo', '--yes'], { clock: NOW + 1_000 });
    expect(undo.code).toBe(0);
    expect(undo.text()).toMatch(/Left env\.OTEL_EXPORTER_OTLP_ENDPOINT as it is/);
    expect((await readJson(file))['env']).toEqual({ FOO: 'bar', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', MINE: 'x' });
  });

  it.each([
    ['a missing comma', '{\n  "model": "opus"\n  "env": {}\n}\n', /settings\.json is not valid JSON: a comma is expected at line 3, column 3/],
    ['an unclosed string', '{\n  "model": "opus\n}\n', /not valid JSON: a string is not closed with " at line 2, column 12/],
    ['text after the object', '{"model": "opus"} {}\n', /not valid JSON: the document should end here at line 1, column 19/],
    ['an array', '[1, 2]\n', /Claude Code's settings must be a JSON object \(\{ \.\.\. \}\), but it is an array/],
    ['env that is not an object', '{"env": ["A=1"]}\n', /env must be an object of variable names to string values, but it is an array/],
    ['an env value that is not text', '{"env": {"FOO": "1", "OTEL_METRIC_EXPORT_INTERVAL": null}}\n', /env\.OTEL_METRIC_EXPORT_INTERVAL must be a string \(like "1"\), but it is null/],
    ['an env value that is an object', '{"env": {"FOO": {"a": 1}}}\n', /env\.FOO must be a string \(like "1"\), but it is an object/],
    ['"env" written twice', '{\n  "env": {},\n  "env": {"A": "1"}\n}\n', /env appears twice \(Claude Code uses the last one\); keep one at line 3, column 3/],
    ['a variable written twice', '{"env": {"A": "1", "A": "2"}}\n', /env\.A appears twice/],
  ])('refuses %s: names the file and the cause, exit 1, nothing written', async (_name, text, message) => {
    await mkdir(claudeDir, { recursive: true });
    await writeFile(file, text);
    const r = await setup(['--yes']);
    expect(r.code).toBe(1);
    expect(r.errText()).toContain(file);
    expect(r.errText()).toMatch(message);
    expect(r.errText()).toMatch(/Nothing was written/);
    expect(await readFile(file, 'utf8')).toBe(text);
    expect(await listDir(claudeDir)).toEqual(['settings.json']);
  });

  it('edits in place like a careful human: comments, trailing commas, tabs, key order and numbers as written; undo gives the same bytes back', async () => {
    const original =
      '// my settings\n{\n\t"model": "opus", // the big one\n\t"big": 12345678901234567890,\n\t"ratio": 1.0,\n' +
      '\t"env": {\n\t\t"FOO": "bar",\n\t},\n\t"permissions": { "allow": [ "Bash(npm test)", ], },\n}\n';
    await mkdir(claudeDir, { recursive: true });
    await writeFile(file, original);
    const r = await setup(['--yes']);
    expect(r.code, r.errText()).toBe(0);
    const added = Object.entries(DEFAULT_ENV).map(([k, v]) => `\t\t"${k}": "${v}",\n`).join('');
    expect(await readFile(file, 'utf8')).toBe(original.replace('\t\t"FOO": "bar",\n', `\t\t"FOO": "bar",\n${added}`));
    expect(await readFile(join(claudeDir, `settings.json.bak-${STAMP}`), 'utf8')).toBe(original);
    // Claude Code 2.1.330 does not load a settings.json with comments: setup says so.
    expect(r.errText()).toMatch(/Claude Code will not load .*settings\.json: it has a comment at line 1, column 1/);

    const undo = await setup(['--undo', '--yes'], { clock: NOW + 1_000 });
    expect(undo.code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(original);
  });

  it('warns about a trailing comma the same way, with where it is', async () => {
    await mkdir(claudeDir, { recursive: true });
    await writeFile(file, '{\n  "model": "opus",\n}\n');
    const r = await setup(['--yes']);
    expect(r.code).toBe(0);
    expect(r.errText()).toMatch(/it has a trailing comma at line 2, column 18/);
    expect((await setup(['--yes'], { clock: NOW + 1_000 })).errText()).toMatch(/trailing comma/);
  });

  it('reads a file with a UTF-8 BOM (as Claude Code does) and keeps the BOM', async () => {
    await mkdir(claudeDir, { recursive: true });
    const original = '\uFEFF{\n  "model": "opus"\n}\n';
    await writeFile(file, original);
    const r = await setup(['--yes']);
    expect(r.code, r.errText()).toBe(0);
    expect(r.errText()).toBe('');
    const text = await readFile(file, 'utf8');
    expect(text.startsWith('\uFEFF{\n  "model": "opus",\n  "env": {')).toBe(true);
    expect(JSON.parse(text.slice(1))).toEqual({ model: 'opus', env: DEFAULT_ENV });
    await setup(['--undo', '--yes'], { clock: NOW + 1_000 });
    expect(await readFile(file, 'utf8')).toBe(original);
  });

  it('removes per-signal overrides that send telemetry elsewhere, shows why, and --undo puts them back in place', async () => {
    const original = await writeSettings({
      env: {
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://collector:4318/v1/metrics',
        FOO: 'bar',
        OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'grpc',
        // Says what the generic variables say: left alone.
        OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://127.0.0.1:4318/v1/logs',
        // Traces are not cc-top's.
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://jaeger:4318/v1/traces',
      },
    });
    // Before: doctor finds metrics going to the collector.
    const before = settingsChecks(file, JSON.parse(original).env, {}, { host: '127.0.0.1', grpcPort: 4317, httpPort: 4318 });
    expect(before.checks[0]!.status).toBe('fail');

    const r = await setup(['--yes']);
    expect(r.code).toBe(0);
    expect(r.text()).toContain('- env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: "http://collector:4318/v1/metrics" (sends metrics to "http://collector:4318/v1/metrics", not to cc-top at http://127.0.0.1:4318/v1/metrics)');
    expect(r.text()).toContain('- env.OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: "grpc" (sends logs as "grpc", not http/protobuf)');
    expect(r.text()).not.toContain('LOGS_ENDPOINT');
    const env = (await readJson(file))['env'] as Record<string, string>;
    expect(Object.keys(env).filter((k) => /^OTEL_EXPORTER_OTLP_(METRICS|LOGS|TRACES)_/.test(k))).toEqual(['OTEL_EXPORTER_OTLP_LOGS_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']);
    // After: doctor agrees, so "run cc-top setup" is never advice that changes nothing.
    expect(settingsChecks(file, env, {}, { host: '127.0.0.1', grpcPort: 4317, httpPort: 4318 }).checks[0]!.status).toBe('ok');
    expect((await setup(['--yes'], { clock: NOW + 1_000 })).text()).toMatch(/Already set up/);

    const undo = await setup(['--undo', '--yes'], { clock: NOW + 2_000 });
    expect(undo.text()).toContain('+ env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: "http://collector:4318/v1/metrics"');
    expect(await readFile(file, 'utf8')).toBe(original);
  });

  it('--undo leaves alone a per-signal override that was put back by hand since', async () => {
    await writeSettings({ env: { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://collector:4318/v1/metrics' } });
    await setup(['--yes']);
    const edited = await readJson(file);
    (edited['env'] as Record<string, string>)['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT'] = 'http://other:4318/v1/metrics';
    await writeFile(file, JSON.stringify(edited, null, 2));
    const undo = await setup(['--undo', '--yes'], { clock: NOW + 1_000 });
    expect(undo.text()).toMatch(/Left env\.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT as it is/);
    expect(((await readJson(file))['env'] as Record<string, string>)['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT']).toBe('http://other:4318/v1/metrics');
  });

  it('with --protocol grpc, a per-signal endpoint equal to cc-top\'s gRPC address stays', async () => {
    await writeSettings({ env: { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://127.0.0.1:4317', OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://127.0.0.1:4318/v1/logs' } });
    const r = await setup(['--yes', '--protocol', 'grpc']);
    expect(r.text()).not.toContain('env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT');
    expect(r.text()).toContain('- env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT');
  });

  it('shows values from the file with control characters escaped, never raw', async () => {
    await writeSettings({ env: { OTEL_METRICS_EXPORTER: '\u001b]52;c;aGk=\u0007', OTEL_LOGS_EXPORTER: 'x\u009b31m\u202e' } });
    const r = await setup(['--dry-run']);
    expect(r.text()).toContain('~ env.OTEL_METRICS_EXPORTER: "\\u001b]52;c;aGk=\\u0007" -> "otlp"');
    expect(r.text()).toContain('~ env.OTEL_LOGS_EXPORTER: "x\\u009b31m\\u202e" -> "otlp"');
    // No raw control character, C1 control or bidi override anywhere in what was printed.
    expect([...r.text()].filter((c) => c !== '\n' && (c < ' ' || (c >= '\u007f' && c <= '\u009f') || c === '\u202e'))).toEqual([]);
  });

  it('refuses a dangling symlinked settings.json, naming the link, and never replaces the link with a file', async () => {
    await mkdir(claudeDir);
    const target = join(home, 'dotfiles', 'settings.json');
    await symlink(target, file);
    const r = await setup(['--yes']);
    expect(r.code).toBe(1);
    expect(r.errText()).toContain(`${file} is a symbolic link to ${target}, which does not exist`);
    expect(r.out.join('\n')).not.toMatch(/Wrote/);
    expect((await lstat(file)).isSymbolicLink()).toBe(true);
    await expect(stat(target)).rejects.toThrow();
    expect(await listDir(claudeDir)).toEqual(['settings.json']);
  });

  it('refuses a file that is not UTF-8 rather than writing replacement characters into it', async () => {
    await mkdir(claudeDir);
    const bytes = Buffer.concat([Buffer.from('{"model": "caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]);
    await writeFile(file, bytes);
    const r = await setup(['--yes']);
    expect(r.code).toBe(1);
    expect(r.errText()).toMatch(/is not UTF-8 text/);
    expect(await readFile(file)).toEqual(bytes);
  });

  it.each([
    ['a field of the wrong type', '{"version":1,"createdEnv":false,"env":{"A":{"had":"yes","value":"1"}}}', 'env.A.had: Invalid type: Expected boolean but received "yes"'],
    ['another version', '{"version":2}', 'version: Invalid type: Expected 1 but received 2'],
    ['text that is not JSON', 'nope', 'it is not JSON'],
  ])('refuses an undo record with %s, naming the field', async (_name, record, reason) => {
    const original = await writeSettings({ model: 'opus' });
    await writeFile(join(claudeDir, 'cc-top-setup.json'), record);
    for (const argv of [['--yes'], ['--undo', '--yes']]) {
      const r = await setup(argv);
      expect(r.code).toBe(1);
      expect(r.errText()).toContain(`cc-top-setup.json (cc-top's record of what setup changed) is damaged (${reason}). Delete it`);
    }
    expect(await readFile(file, 'utf8')).toBe(original);
  });

  it('honours CLAUDE_CONFIG_DIR instead of ~/.claude', async () => {
    const configDir = join(home, 'custom-claude');
    const r = await setup(['--yes'], { env: { CLAUDE_CONFIG_DIR: configDir } });
    expect(r.code).toBe(0);
    expect(settingsPath({ HOME: home, CLAUDE_CONFIG_DIR: configDir })).toBe(join(configDir, 'settings.json'));
    expect((await readJson(join(configDir, 'settings.json')))['env']).toEqual(DEFAULT_ENV);
    await expect(stat(claudeDir)).rejects.toThrow();
  });

  it('--statusline sets the status line, but never replaces another one without --force', async () => {
    const set = await setup(['--yes', '--statusline']);
    expect(set.text()).toContain('cc-top must be on your PATH');
    expect((await readJson(file))['statusLine']).toEqual({ type: 'command', command: 'cc-top statusline' });

    const theirs = { type: 'command', command: '~/bin/my-status.sh', padding: 0 };
    await writeSettings({ statusLine: theirs });
    const kept = await setup(['--yes', '--statusline'], { clock: NOW + 1_000 });
    expect(kept.code).toBe(0);
    expect(kept.errText()).toMatch(/kept your statusLine .*--force/);
    const afterKept = await readJson(file);
    expect(afterKept['statusLine']).toEqual(theirs);
    expect(afterKept['env']).toEqual(DEFAULT_ENV);

    const forced = await setup(['--yes', '--statusline', '--force'], { clock: NOW + 2_000 });
    expect(forced.text()).toContain('~ statusLine:');
    expect((await readJson(file))['statusLine']).toEqual({ type: 'command', command: 'cc-top statusline' });
    await setup(['--undo', '--yes'], { clock: NOW + 3_000 });
    expect((await readJson(file))['statusLine']).toEqual(theirs);
  });

  it('writes through a symlinked settings.json (dotfiles) and keeps the link', async () => {
    const dotfiles = join(home, 'dotfiles');
    await mkdir(dotfiles);
    await mkdir(claudeDir);
    await writeFile(join(dotfiles, 'settings.json'), '{"model":"opus"}\n');
    await symlink(join(dotfiles, 'settings.json'), file);
    expect((await setup(['--yes'])).code).toBe(0);
    expect((await lstat(file)).isSymbolicLink()).toBe(true);
    expect(await readJson(join(dotfiles, 'settings.json'))).toEqual({ model: 'opus', env: DEFAULT_ENV });
  });

  it.each([
    [['--bogus'], /unknown option --bogus/],
    [['--protocol', 'http'], /--protocol must be one of grpc, http\/protobuf, http\/json, not "http"/],
    [['--grpc-port', '0'], /--grpc-port must be a port number from 1 to 65535/],
    [['--http-port', '70000'], /--http-port must be a port number/],
    [['--interval', '10s'], /--interval must be milliseconds/],
    [['--interval', '10'], /--interval must be milliseconds from 1000/],
    [['--shell', 'powershell'], /--shell must be one of bash, zsh, fish/],
    [['--undo', '--shell', 'bash'], /cannot be combined/],
    [['--force'], /--force only goes with --statusline/],
    [['now'], /unexpected argument "now"/],
  ])('rejects %j with exit 2, the cause and where the help is', async (argv, message) => {
    const r = await setup(argv);
    expect(r.code).toBe(2);
    expect(r.errText()).toMatch(message);
    expect(r.errText()).toContain('cc-top setup --help');
    await expect(stat(claudeDir)).rejects.toThrow();
  });

  it('--help prints the setup usage', async () => {
    const r = await setup(['--help']);
    expect(r.code).toBe(0);
    expect(r.text()).toMatch(/Usage: cc-top setup[\s\S]*--undo/);
  });
});
