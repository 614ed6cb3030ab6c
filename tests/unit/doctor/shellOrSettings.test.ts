// What doctor says when the shell and settings.json disagree, as the real Claude Code 2.1.330
// behaves (tests/e2e/shellOrSettings.test.ts): for the same variable settings.json wins; a
// variable settings.json does not set comes from the shell, and a per-signal one beats the
// generic one. Advice must be something that changes the outcome.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../../src/commands/doctor.js';
import type { CommandIO } from '../../../src/commands/io.js';
import { settingsChecks, shellOverrideCheck } from '../../../src/doctor/telemetrySettings.js';
import { telemetryEnv } from '../../../src/setup/telemetryEnv.js';

const listening = { host: '127.0.0.1', grpcPort: 4317, httpPort: 4318 };
const setupEnv = telemetryEnv({ protocol: 'http/protobuf', host: '127.0.0.1', grpcPort: 4317, httpPort: 4318 });

describe('doctor: shell or settings.json', () => {
  it('the same variable in both: settings.json wins, so the settings check passes and the shell check only notes it', () => {
    const shell = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://elsewhere:4318' };
    expect(settingsChecks('settings.json', setupEnv, shell, listening).checks[0]!.status).toBe('ok');
    const note = shellOverrideCheck(setupEnv, shell, listening);
    expect(note.status).toBe('warn');
    expect(note.detail).toContain("OTEL_EXPORTER_OTLP_ENDPOINT=http://elsewhere:4318 (settings.json's value wins in Claude Code, but not in other tools)");
  });

  it('a per-signal endpoint only in the shell: fails, and says to unset it there (cc-top setup would change nothing)', () => {
    const shell = { OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://collector:4318/v1/logs', PATH: '/bin' };
    const check = settingsChecks('settings.json', setupEnv, shell, listening).checks[0]!;
    expect(check.status).toBe('fail');
    expect(check.detail).toContain('logs: http://collector:4318/v1/logs is not this machine');
    expect(check.detail).toContain('(from this shell: OTEL_EXPORTER_OTLP_LOGS_ENDPOINT)');
    expect(check.fix).toMatch(/^unset OTEL_EXPORTER_OTLP_LOGS_ENDPOINT in your shell profile: settings\.json does not set it, so the shell's value is used/);
    expect(check.fix).not.toContain('cc-top setup');
  });

  it('a per-signal protocol only in the shell: the same, and the shell check names it', () => {
    const shell = { OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'grpc' };
    const check = settingsChecks('settings.json', setupEnv, shell, listening).checks[0]!;
    expect(check.status).toBe('fail');
    expect(check.fix).toMatch(/^unset OTEL_EXPORTER_OTLP_METRICS_PROTOCOL/);
    expect(shellOverrideCheck(setupEnv, shell, listening).detail).toBe("OTEL_EXPORTER_OTLP_METRICS_PROTOCOL=grpc sends metrics as grpc, not settings.json's http/protobuf");
  });

  it('settings.json that is wrong by itself: cc-top setup is the fix', () => {
    const check = settingsChecks('settings.json', { ...setupEnv, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9999' }, { OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://x:1/v1/logs' }, listening).checks[0]!;
    expect(check.status).toBe('fail');
    expect(check.fix).toContain('run `cc-top setup`');
  });

  it('a settings.json Claude Code will not load: fails naming why, and its env counts for nothing', () => {
    const check = settingsChecks('settings.json', setupEnv, {}, listening, 'it has a comment at line 1, column 1').checks[0]!;
    expect(check.status).toBe('fail');
    expect(check.detail).toContain('Claude Code will not load it: it has a comment at line 1, column 1; without it: CLAUDE_CODE_ENABLE_TELEMETRY is not "1"');
    expect(check.fix).toMatch(/remove every comment and trailing comma/);
  });
});

describe('cc-top doctor with a settings.json that has a comment', () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'cc-top-doctor-jsonc-'));
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('says Claude Code will not load it, and where the comment is', async () => {
    await mkdir(join(home, '.claude'), { recursive: true });
    await writeFile(join(home, '.claude', 'settings.json'), `{\n  // cc-top\n  "env": ${JSON.stringify(setupEnv)}\n}\n`);
    const out: string[] = [];
    const io: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => out.push(l), stdoutStream: { isTTY: false }, env: { HOME: home, NO_COLOR: '1' }, clock: Date.now };
    const code = await runDoctor(['--store', join(home, 'store.json'), '--json'], io, { sleep: () => Promise.resolve() });
    expect(code).toBe(1);
    const report = JSON.parse(out.join('\n')) as { checks: { id: string; status: string; detail: string }[] };
    const settings = report.checks.find((c) => c.id === 'settings')!;
    expect(settings.status).toBe('fail');
    expect(settings.detail).toContain('Claude Code will not load it: it has a comment at line 2, column 3');
  });
});
