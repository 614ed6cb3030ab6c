// `cc-top setup` when Claude Code already sends its telemetry to another OTLP endpoint (the
// company's Collector): it offers to keep it as cc-top's forward (config.json, headers and all)
// instead of silently cutting the company off; --undo puts both files back.
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandIO } from '../../../src/commands/io.js';
import { resolveForward } from '../../../src/commands/forwardSettings.js';
import { KEEP_FORWARD_QUESTION, runSetup } from '../../../src/commands/setup.js';
import { loadConfig } from '../../../src/insights/config.js';
import { parseOtlpHeaders } from '../../../src/setup/existingEndpoint.js';
import { isYes } from '../../../src/setup/terminalAsk.js';

let home: string;
let settingsFile: string;
let configFile: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'cc-top-setup-forward-'));
  settingsFile = join(home, '.claude', 'settings.json');
  configFile = join(home, 'cc-top-config', 'config.json');
});
afterEach(async () => rm(home, { recursive: true, force: true }));

const COMPANY = {
  CLAUDE_CODE_ENABLE_TELEMETRY: '1',
  OTEL_METRICS_EXPORTER: 'otlp',
  OTEL_LOGS_EXPORTER: 'otlp',
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.corp.example:4318',
  OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20s3cret,x-team=platform',
};

async function writeSettings(env: Record<string, string>): Promise<string> {
  await mkdir(join(home, '.claude'), { recursive: true });
  const text = `${JSON.stringify({ theme: 'dark', env }, null, 2)}\n`;
  await writeFile(settingsFile, text);
  return text;
}

async function setup(argv: string[], options: { tty?: boolean; answers?: boolean[] } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const asked: [string, boolean | undefined][] = [];
  const io: CommandIO = {
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
    stdoutStream: { isTTY: options.tty ?? false },
    env: { HOME: home, NO_COLOR: '1', CC_TOP_CONFIG: configFile },
    clock: () => Date.UTC(2026, 10, 25, 12),
  };
  const answers = [...(options.answers ?? [])];
  const code = await runSetup(argv, io, async (q, d) => {
    asked.push([q, d]);
    return answers.shift() ?? false;
  });
  return { code, text: out.join('\n'), err: err.join('\n'), asked };
}

const json = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;

describe('setup with an endpoint in place', () => {
  it('keeps it as the forward, headers moved into a private config.json, and cc-top can use it', async () => {
    await writeSettings(COMPANY);
    const r = await setup(['--yes']);
    expect(r.code).toBe(0);
    expect(r.text).toContain('Claude Code sends its telemetry to https://otel.corp.example:4318 (http/protobuf) now; after this change it goes to cc-top instead.');
    expect(r.text).toContain(`+ "forward": {"url": "https://otel.corp.example:4318", "headers": {"authorization": "…", "x-team": "…"}}`);
    expect(r.text).not.toContain('s3cret');
    expect(r.text).toContain('- env.OTEL_EXPORTER_OTLP_HEADERS');
    expect(r.text).toMatch(/cc-top forwards to https:\/\/otel.corp.example:4318 from its next start/);

    expect(await json(configFile)).toEqual({ forward: { url: 'https://otel.corp.example:4318', headers: { authorization: 'Bearer s3cret', 'x-team': 'platform' } } });
    expect((await stat(configFile)).mode & 0o777).toBe(0o600);
    const env = (await json(settingsFile))['env'];
    expect(env).toMatchObject({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' });
    expect(env).not.toHaveProperty('OTEL_EXPORTER_OTLP_HEADERS');

    // What was saved is what cc-top forwards with.
    const loaded = await loadConfig(configFile, {});
    expect(loaded.warnings).toEqual([]);
    const resolved = resolveForward(undefined, loaded.config.forward, configFile);
    expect(resolved).toMatchObject({ settings: { target: { url: 'https://otel.corp.example:4318', protocol: 'http/protobuf', tls: true, headers: [['authorization', 'Bearer s3cret'], ['x-team', 'platform']] } } });
  });

  it('asks on a terminal, Enter meaning keep; no means the endpoint stops getting telemetry', async () => {
    await writeSettings(COMPANY);
    const declined = await setup([], { tty: true, answers: [false, true] });
    expect(declined.asked).toEqual([
      [KEEP_FORWARD_QUESTION, true],
      ['Apply? [y/N]', undefined],
    ]);
    expect(declined.code).toBe(0);
    expect(declined.text).toContain('https://otel.corp.example:4318 will no longer get Claude Code\'s telemetry from this machine.');
    await expect(stat(configFile)).rejects.toThrow();
    expect((await json(settingsFile))['env']).toHaveProperty('OTEL_EXPORTER_OTLP_HEADERS');
    expect(isYes('', true)).toBe(true);
    expect(isYes('n', true)).toBe(false);
    expect(isYes('', false)).toBe(false);
  });

  it('--no-forward drops it without asking, and says so', async () => {
    await writeSettings(COMPANY);
    const r = await setup(['--yes', '--no-forward']);
    expect(r.code).toBe(0);
    expect(r.text).toContain('will no longer get Claude Code\'s telemetry from this machine (--no-forward)');
    await expect(stat(configFile)).rejects.toThrow();
  });

  it('keeps a gRPC endpoint as grpc://, and one cc-top itself answers on is not an endpoint to keep', async () => {
    await writeSettings({ ...COMPANY, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317', OTEL_EXPORTER_OTLP_HEADERS: 'x-key=1' });
    await setup(['--yes']);
    expect((await json(configFile))['forward']).toEqual({ url: 'grpc://collector:4317', headers: { 'x-key': '1' } });

    await rm(configFile);
    await writeSettings({ ...COMPANY, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4317' });
    const r = await setup(['--yes']);
    expect(r.text).not.toContain('now; after this change');
    await expect(stat(configFile)).rejects.toThrow();
  });

  it('says that TLS files given to the exporter are not carried over', async () => {
    await writeSettings({ ...COMPANY, OTEL_EXPORTER_OTLP_CERTIFICATE: '/etc/ssl/corp-ca.pem' });
    const r = await setup(['--yes']);
    expect(r.err).toContain('OTEL_EXPORTER_OTLP_CERTIFICATE is not carried over: for a company CA, start cc-top with NODE_EXTRA_CA_CERTS=<that file>');
    expect((await json(configFile))['forward']).toMatchObject({ url: 'https://otel.corp.example:4318' });
  });

  it('offers nothing when telemetry is off (nothing is sent today)', async () => {
    await writeSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.corp.example:4318' });
    const r = await setup(['--yes']);
    expect(r.code).toBe(0);
    await expect(stat(configFile)).rejects.toThrow();
  });

  it('warns when metrics and events go to different endpoints: one forward cannot keep both', async () => {
    await writeSettings({ ...COMPANY, OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'https://metrics.corp.example/v1/metrics', OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'https://logs.corp.example/v1/logs' });
    const r = await setup(['--yes']);
    expect(r.err).toContain('metrics and events go to different endpoints ("https://metrics.corp.example" and "https://logs.corp.example"); cc-top forwards to one');
    expect(r.err).toContain('run cc-top with --forward URL');
    await expect(stat(configFile)).rejects.toThrow();
  });

  it('edits an existing config.json in place, and --undo puts both files back', async () => {
    const original = await writeSettings(COMPANY);
    await mkdir(join(home, 'cc-top-config'), { recursive: true });
    const configText = '{\n  "budgets": {\n    "dayUsd": 5\n  }\n}\n';
    await writeFile(configFile, configText);
    expect((await setup(['--yes'])).code).toBe(0);
    expect(await json(configFile)).toEqual({ budgets: { dayUsd: 5 }, forward: { url: 'https://otel.corp.example:4318', headers: { authorization: 'Bearer s3cret', 'x-team': 'platform' } } });
    expect((await readFile(configFile, 'utf8')).startsWith('{\n  "budgets": {\n    "dayUsd": 5\n  },\n  "forward": {\n')).toBe(true);

    // Run again: already kept, nothing to offer.
    const again = await setup(['--yes']);
    expect(again.text).toMatch(/Already set up/);

    const undo = await setup(['--undo', '--yes']);
    expect(undo.code).toBe(0);
    expect(undo.text).toContain(`- ${configFile}: "forward" to https://otel.corp.example:4318`);
    expect(undo.text).toContain('+ env.OTEL_EXPORTER_OTLP_HEADERS: "authorization=…,x-team=…"');
    expect(undo.text).not.toContain('s3cret');
    expect(await readFile(settingsFile, 'utf8')).toBe(original);
    expect(await json(configFile)).toEqual({ budgets: { dayUsd: 5 } });
  });

  it('leaves a forward changed since alone on --undo', async () => {
    await writeSettings(COMPANY);
    await setup(['--yes']);
    await writeFile(configFile, JSON.stringify({ forward: { url: 'http://other:4318' } }));
    const undo = await setup(['--undo', '--yes']);
    expect(undo.text).toContain(`Left "forward" in ${configFile} as it is`);
    expect(await json(configFile)).toEqual({ forward: { url: 'http://other:4318' } });
  });

  it('writes nothing when config.json cannot be edited, so the company is not cut off', async () => {
    const original = await writeSettings(COMPANY);
    await mkdir(join(home, 'cc-top-config'), { recursive: true });
    await writeFile(configFile, '{ "budgets": ');
    const r = await setup(['--yes']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${configFile} is not a JSON object cc-top can edit, so the endpoint Claude Code sends to now cannot be kept as cc-top's forward. Nothing was written.`);
    expect(await readFile(settingsFile, 'utf8')).toBe(original);
  });

  it('shows the forward in a dry run and writes nothing', async () => {
    const original = await writeSettings(COMPANY);
    const r = await setup(['--dry-run']);
    expect(r.text).toContain(`and ${configFile}:`);
    expect(r.text).toContain('Dry run: nothing written.');
    await expect(stat(configFile)).rejects.toThrow();
    expect(await readFile(settingsFile, 'utf8')).toBe(original);
  });

  it('reads OTEL_EXPORTER_OTLP_HEADERS as the OpenTelemetry SDK does', () => {
    expect(parseOtlpHeaders('a=1, b = x%3Dy ,bad,c=%E0%A4%A')).toEqual([
      ['a', '1'],
      ['b', 'x=y'],
      ['c', '%E0%A4%A'],
    ]);
  });
});
