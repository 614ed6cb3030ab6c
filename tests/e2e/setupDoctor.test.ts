// Issue "Setup, doctor and statusline", end to end as a new user: an empty HOME, `cc-top setup
// --yes`, a real Claude Code session with no OTEL variables of its own, and the cost is in cc-top,
// exactly; `cc-top doctor` then passes every check; `cc-top statusline` shows the session's cost.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUsd } from '../../src/report/format.js';
import { CC_TOP_BIN, startCcTop, waitForSummary, type CcTop } from './harness/ccTop.js';
import { claudeBinary, REPO_ROOT, runClaude } from './harness/claudeCli.js';
import { expectMatchesTruth } from './harness/expectTruth.js';
import { groundTruth } from './harness/groundTruth.js';
import { startMockAnthropic, type MockAnthropic } from './harness/mockAnthropic.js';


async function ccTopCommand(args: string[], env: Record<string, string>, input?: string) {
  const child = execFile(process.execPath, [CC_TOP_BIN, ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
  if (input !== undefined) child.stdin!.end(input);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return { code, stdout, stderr };
}

describe('from an empty HOME to live numbers with cc-top setup', { timeout: 180_000 }, () => {
  let mock: MockAnthropic;
  let ccTop: CcTop | undefined;
  let home: string;
  let store: string;

  beforeAll(async () => {
    claudeBinary();
    mock = await startMockAnthropic({ delayMs: 100 });
    home = await mkdtemp(join(tmpdir(), 'cc-top-e2e-newuser-'));
    store = join(await mkdtemp(join(tmpdir(), 'cc-top-e2e-store-')), 'store.json');
    ccTop = await startCcTop({ store });
  });
  afterAll(async () => {
    await ccTop?.stop();
    await mock?.close();
  });

  it('setup writes the settings, a real session reaches cc-top exactly, doctor passes, the status line shows it', async () => {
    const httpPort = new URL(ccTop!.httpEndpoint).port;
    const grpcPort = new URL(ccTop!.grpcEndpoint).port;
    const setup = await ccTopCommand(['setup', '--yes', '--http-port', httpPort, '--grpc-port', grpcPort, '--interval', '1000'], { HOME: home });
    expect(setup.code, setup.stderr).toBe(0);
    expect(setup.stdout).toContain('cc-top doctor');
    const settings = JSON.parse(await readFile(join(home, '.claude', 'settings.json'), 'utf8')) as { env: Record<string, string> };
    expect(settings.env).toMatchObject({ CLAUDE_CODE_ENABLE_TELEMETRY: '1', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${httpPort}` });

    // No OTEL variable in Claude Code's environment: only what setup wrote to its settings.
    const session = await runClaude({ anthropicUrl: mock.url, model: 'claude-sonnet-4-5', home });
    const truth = groundTruth([session.result]);
    const summary = await waitForSummary(store, (s) => expectMatchesTruth(s, truth));
    expect(summary.sessions.map((s) => s.id)).toEqual([session.result.session_id]);

    const doctor = await ccTopCommand(['doctor', '--store', store], { HOME: home });
    expect(doctor.stdout).not.toContain('✗');
    expect(doctor.stdout).toContain('arrived in this store');
    expect(doctor.code, doctor.stdout).toBe(0);

    const statusInput = JSON.stringify({
      session_id: session.result.session_id,
      model: { id: 'claude-sonnet-4-5', display_name: 'Sonnet 4.5' },
      workspace: { current_dir: session.cwd, project_dir: session.cwd },
      cost: { total_cost_usd: 999 },
      rate_limits: { five_hour: { used_percentage: 42, resets_at: Math.floor(Date.now() / 1000) + 7200 }, seven_day: { used_percentage: 12, resets_at: Math.floor(Date.now() / 1000) + 3 * 86400 } },
    });
    const status = await ccTopCommand(['statusline', '--store', store], { HOME: home, NO_COLOR: '1' }, statusInput);
    expect(status.code).toBe(0);
    const line = status.stdout.trimEnd();
    expect(line.split('\n')).toHaveLength(1);
    // The session's cost from the store (exact), not the 999 on stdin.
    expect(line).toContain(formatUsd(summary.sessions[0]!.costUsd));
    expect(line).toContain('Sonnet 4.5');
    expect(line).toMatch(/5h 42%/);
    expect(line).toMatch(/7d 12%/);
  });
});
