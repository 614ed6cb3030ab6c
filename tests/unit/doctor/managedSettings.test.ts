// Managed settings win over the user's: doctor says when they send Claude Code's telemetry
// elsewhere (cc-top then receives nothing) and what the administrator can do about it.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../../src/commands/doctor.js';
import type { CommandIO } from '../../../src/commands/io.js';
import { managedSettingsCheck, managedSettingsDir, readManagedEnv } from '../../../src/doctor/managedSettings.js';
import { telemetryEnv } from '../../../src/setup/telemetryEnv.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cc-top-managed-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const LISTENING = { host: '127.0.0.1', grpcPort: 4317, httpPort: 4318 };
const OURS = telemetryEnv({ protocol: 'http/protobuf', ...LISTENING });

async function managed(name: string, content: unknown) {
  const path = name.includes('/') ? join(dir, ...name.split('/')) : join(dir, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
}

describe('managed settings', () => {
  it("are Claude Code's own folders", () => {
    expect(managedSettingsDir('linux')).toBe('/etc/claude-code');
    expect(managedSettingsDir('darwin')).toBe('/Library/Application Support/ClaudeCode');
    expect(managedSettingsDir('win32')).toBe('C:\\Program Files\\ClaudeCode');
  });

  it('say nothing when there are none', async () => {
    expect(managedSettingsCheck(await readManagedEnv(dir), OURS, LISTENING)).toBeUndefined();
  });

  it('fail when they send telemetry elsewhere, whatever the user set, and name the way out', async () => {
    await managed('managed-settings.json', { env: { CLAUDE_CODE_ENABLE_TELEMETRY: '1', OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.corp.example:4318', OTEL_METRICS_EXPORTER: 'otlp', OTEL_LOGS_EXPORTER: 'otlp' } });
    // Even the user's per-signal endpoints pointing at cc-top are removed by a managed endpoint.
    const user = { ...OURS, OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://127.0.0.1:4318/v1/metrics' };
    const check = managedSettingsCheck(await readManagedEnv(dir), user, LISTENING)!;
    expect(check.status).toBe('fail');
    expect(check.detail).toContain(`${join(dir, 'managed-settings.json')}: they send Claude Code's telemetry to https://otel.corp.example:4318`);
    expect(check.detail).toContain('cc-top on this machine receives nothing from Claude Code');
    expect(check.fix).toContain('point OTEL_EXPORTER_OTLP_ENDPOINT at cc-top (http://127.0.0.1:4318) and run it as `cc-top --forward https://otel.corp.example:4318`');
  });

  it('apply drop-ins after the main file, in name order', async () => {
    await managed('managed-settings.json', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.corp.example:4318' } });
    await managed('managed-settings.d/20-cc-top.json', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' } });
    await managed('managed-settings.d/10-other.json', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://elsewhere.example' } });
    const env = await readManagedEnv(dir);
    expect(env.files.map((f) => f.slice(dir.length + 1))).toEqual(['managed-settings.json', join('managed-settings.d', '10-other.json'), join('managed-settings.d', '20-cc-top.json')]);
    expect(managedSettingsCheck(env, OURS, LISTENING)).toMatchObject({ status: 'ok', detail: expect.stringContaining('telemetry goes to this cc-top') });
  });

  it('fail when they turn telemetry off', async () => {
    await managed('managed-settings.json', { env: { CLAUDE_CODE_ENABLE_TELEMETRY: '0' } });
    expect(managedSettingsCheck(await readManagedEnv(dir), OURS, LISTENING)).toMatchObject({ status: 'fail', detail: expect.stringContaining('CLAUDE_CODE_ENABLE_TELEMETRY=0: telemetry is off') });
  });

  it('pass when they set nothing about telemetry; warn about a file that cannot be read', async () => {
    await managed('managed-settings.json', { permissions: { deny: ['Bash(rm:*)'] } });
    expect(managedSettingsCheck(await readManagedEnv(dir), OURS, LISTENING)).toMatchObject({ status: 'ok', detail: expect.stringContaining('set nothing about telemetry') });
    await managed('managed-settings.d/broken.json', '{ "env": ');
    expect(managedSettingsCheck(await readManagedEnv(dir), OURS, LISTENING)).toMatchObject({ status: 'warn', detail: expect.stringContaining('could not read') });
  });

  it('show in `cc-top doctor`, which then fails', async () => {
    const home = join(dir, 'home');
    await mkdir(join(home, '.claude'), { recursive: true });
    await writeFile(join(home, '.claude', 'settings.json'), JSON.stringify({ env: OURS }));
    await managed('managed-settings.json', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector.corp:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' } });
    const out: string[] = [];
    const io: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => out.push(l), stdoutStream: { isTTY: false }, env: { HOME: home }, clock: Date.now };
    const code = await runDoctor(['--store', join(home, 'store.json'), '--json'], io, { managedSettingsDir: dir, sleep: async () => undefined });
    const report = JSON.parse(out.join('\n')) as { checks: { id: string; status: string; detail: string }[] };
    expect(report.checks.find((c) => c.id === 'managed')).toMatchObject({ status: 'fail', detail: expect.stringContaining('grpc://collector.corp:4317') });
    expect(code).toBe(1);
  });
});
