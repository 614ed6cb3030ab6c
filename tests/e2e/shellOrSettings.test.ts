// Which wins, a variable exported in the shell or the `env` of settings.json? Asked of the real
// Claude Code: settings.json (written by `cc-top setup`) points at one cc-top, the shell at
// another, and whichever receives the session is the answer. README and doctor say what this
// test shows: for the same variable settings.json wins; a per-signal variable that settings.json
// does not set comes from the shell and beats the generic endpoint for its signal. Also asked: does
// Claude Code load a settings.json with a comment? (No: setup and doctor warn about it.)
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CC_TOP_BIN, runOnce, startCcTop, waitForSummary, type CcTop } from './harness/ccTop.js';
import { claudeBinary, freshHome, REPO_ROOT, runClaude } from './harness/claudeCli.js';
import { expectMatchesTruth } from './harness/expectTruth.js';
import { groundTruth } from './harness/groundTruth.js';
import { startMockAnthropic, type MockAnthropic } from './harness/mockAnthropic.js';

async function ccTopCommand(args: string[], env: Record<string, string>) {
  const child = execFile(process.execPath, [CC_TOP_BIN, ...args], { cwd: REPO_ROOT, env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return { code, stdout, stderr };
}

describe('a shell variable or settings.json: which one Claude Code follows', { timeout: 240_000 }, () => {
  let mock: MockAnthropic;
  /** Where settings.json points. */
  let viaSettings: CcTop | undefined;
  /** Where the shell points. */
  let viaShell: CcTop | undefined;
  let settingsStore: string;
  let shellStore: string;

  beforeAll(async () => {
    claudeBinary();
    mock = await startMockAnthropic({ delayMs: 50 });
    settingsStore = join(await mkdtemp(join(tmpdir(), 'cc-top-e2e-settings-')), 'store.json');
    shellStore = join(await mkdtemp(join(tmpdir(), 'cc-top-e2e-shell-')), 'store.json');
    viaSettings = await startCcTop({ store: settingsStore });
    viaShell = await startCcTop({ store: shellStore });
  });
  afterAll(async () => {
    await viaSettings?.stop();
    await viaShell?.stop();
    await mock?.close();
  });

  it('settings.json wins for the same variable; a per-signal variable only in the shell wins for its signal', async () => {
    const home = await freshHome();
    const port = (endpoint: string) => new URL(endpoint).port;
    const setup = await ccTopCommand(
      ['setup', '--yes', '--http-port', port(viaSettings!.httpEndpoint), '--grpc-port', port(viaSettings!.grpcEndpoint), '--interval', '1000'],
      { HOME: home },
    );
    expect(setup.code, setup.stderr).toBe(0);
    // Give the final export at exit time on a loaded machine; not a routing variable.
    const patience = { CLAUDE_CODE_OTEL_SHUTDOWN_TIMEOUT_MS: '10000' };

    // 1. The shell names the other cc-top in the same variables settings.json sets.
    const sameKeys = {
      CLAUDE_CODE_ENABLE_TELEMETRY: '1',
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_LOGS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_ENDPOINT: viaShell!.httpEndpoint,
    };
    const sameKey = await runClaude({ anthropicUrl: mock.url, model: 'claude-sonnet-4-5', home, env: { ...patience, ...sameKeys } });

    // 2. The shell sets only a per-signal endpoint, which settings.json does not have.
    const perSignal = { OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${viaShell!.httpEndpoint}/v1/logs` };
    const split = await runClaude({ anthropicUrl: mock.url, model: 'claude-sonnet-4-5', home, env: { ...patience, ...perSignal } });

    // Every cost and token of both sessions reached the cc-top that settings.json names.
    await waitForSummary(settingsStore, (s) => expectMatchesTruth(s, groundTruth([sameKey.result, split.result])));
    // The second session's events went where the shell's per-signal variable says.
    await waitForSummary(shellStore, (s) => expect(s.lastData.events).not.toBeNull());

    // Everything sent has been answered (Claude Code has exited), so the stopped cc-top's store
    // holds all it ever received: no metrics at all, and nothing of the first session.
    await viaShell!.stop();
    viaShell = undefined;
    const shell = await runOnce(shellStore);
    expect(shell.lastData.metrics).toBeNull();
    expect(shell.totals.costUsd).toBe(0);
    expect(shell.sessions.map((s) => s.id)).not.toContain(sameKey.result.session_id);
    const settings = await runOnce(settingsStore);
    expect(settings.sessions.map((s) => s.id).sort()).toEqual([sameKey.result.session_id, split.result.session_id].sort());

    // doctor says the same: for case 1 the settings hold (the shell is only noted) ...
    const doctorSame = await ccTopCommand(['doctor', '--store', settingsStore], { HOME: home, ...sameKeys });
    expect(doctorSame.stdout).toMatch(/✓ Claude Code settings/);
    expect(doctorSame.stdout).toContain(`OTEL_EXPORTER_OTLP_ENDPOINT=${sameKeys.OTEL_EXPORTER_OTLP_ENDPOINT} (settings.json's value wins in Claude Code`);
    // ... and for case 2 the fix is in the shell, not another cc-top setup.
    const doctorSplit = await ccTopCommand(['doctor', '--store', settingsStore], { HOME: home, ...perSignal });
    expect(doctorSplit.stdout).toMatch(/✗ Claude Code settings/);
    expect(doctorSplit.stdout).toContain('unset OTEL_EXPORTER_OTLP_LOGS_ENDPOINT in your shell profile');
  });

  it('a settings.json with a comment is not loaded at all: setup keeps the comment and warns, and Claude Code sends nothing until it is gone', async () => {
    const home = await freshHome();
    const file = join(home, '.claude', 'settings.json');
    await writeFile(file, '{\n  // my settings\n  "theme": "dark"\n}\n');
    const port = (endpoint: string) => new URL(endpoint).port;
    const setup = await ccTopCommand(['setup', '--yes', '--http-port', port(viaSettings!.httpEndpoint), '--grpc-port', port(viaSettings!.grpcEndpoint), '--interval', '1000'], { HOME: home });
    expect(setup.code, setup.stderr).toBe(0);
    expect(setup.stderr).toContain(`Claude Code will not load ${file}: it has a comment at line 2, column 3`);
    const commented = await readFile(file, 'utf8');
    expect(commented).toContain('// my settings');
    const patience = { CLAUDE_CODE_OTEL_SHUTDOWN_TIMEOUT_MS: '10000' };
    const ignored = await runClaude({ anthropicUrl: mock.url, model: 'claude-sonnet-4-5', home, env: patience });

    await writeFile(file, commented.replace('  // my settings\n', ''));
    const loaded = await runClaude({ anthropicUrl: mock.url, model: 'claude-sonnet-4-5', home, env: patience });
    // The second session arrives; the first, which ended before it began, never did.
    const summary = await waitForSummary(settingsStore, (s) => expect(s.sessions.map((x) => x.id)).toContain(loaded.result.session_id));
    expect(summary.sessions.map((x) => x.id)).not.toContain(ignored.result.session_id);
  });
});
