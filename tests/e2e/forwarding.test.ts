// Issue 15, forwarding, end to end: real Claude Code sessions send their telemetry to a cc-top run
// with --forward; a second cc-top (the built binary, a real OTLP receiver) stands for the
// company's Collector. Over HTTP and gRPC, both end with Claude Code's own figures; an upstream
// that starts only after the sessions ended still gets everything; `--once --json` says what
// forwarding did.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/report/summary.js';
import { runOnce, startCcTop, waitForSummary, type CcTop } from './harness/ccTop.js';
import { claudeBinary, runClaude, type ClaudeRun } from './harness/claudeCli.js';
import { expectMatchesTruth } from './harness/expectTruth.js';
import { groundTruth } from './harness/groundTruth.js';
import { startMockAnthropic, type MockAnthropic } from './harness/mockAnthropic.js';
import { freePort } from '../builders/freePort.js';

const E2E_TIMEOUT_MS = 180_000;

type Forward = Summary & { forward: { url: string; state: string; queued: number; sent: number; dropped: number; lastError: string | null } | null };

/** What must be equal on both sides: every figure of every session, model and total. */
function figures(s: Summary) {
  return { totals: s.totals, byModel: s.byModel, sessions: s.sessions.map(({ lastSeen: _l, firstSeen: _f, ...rest }) => rest), tools: s.tools };
}

async function store(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'cc-top-e2e-forward-')), 'store.json');
}

describe('cc-top forwarding to a second cc-top', { timeout: E2E_TIMEOUT_MS }, () => {
  let mock: MockAnthropic;
  const started: CcTop[] = [];
  beforeAll(async () => {
    claudeBinary();
    mock = await startMockAnthropic({ delayMs: 200 });
  });
  afterAll(async () => {
    for (const c of started) await c.stop().catch(() => undefined);
    await mock?.close();
  });
  const ccTop = async (options: Parameters<typeof startCcTop>[0]) => {
    const c = await startCcTop(options);
    started.push(c);
    return c;
  };
  const session = (to: CcTop, protocol: 'grpc' | 'http/protobuf' | 'http/json'): Promise<ClaudeRun> =>
    runClaude({ anthropicUrl: mock.url, model: 'claude-sonnet-4-5', otlp: { protocol, endpoint: protocol === 'grpc' ? to.grpcEndpoint : to.httpEndpoint, metricIntervalMs: 500 } });

  it.each([
    { via: 'http/protobuf', url: (up: CcTop) => up.httpEndpoint },
    { via: 'grpc', url: (up: CcTop) => up.grpcEndpoint.replace(/^http:/, 'grpc:') },
  ])('over $via: the upstream ends with the same figures as Claude Code and the local cc-top', async ({ url }) => {
    const upStore = await store();
    const localStore = await store();
    const upstream = await ccTop({ store: upStore });
    const local = await ccTop({ store: localStore, args: ['--forward', url(upstream)] });
    expect(local.output().stdout).toContain(`forwarding everything received to ${url(upstream)}`);

    const runs = await Promise.all([session(local, 'http/protobuf'), session(local, 'grpc')]);
    const truth = groundTruth(runs.map((r) => r.result));
    const here = await waitForSummary(localStore, (s) => expectMatchesTruth(s, truth));
    await waitForSummary(upStore, (s) => expect(figures(s)).toEqual(figures(here)));

    // forward.json follows the forwarder within half a second.
    await waitForSummary(localStore, (s) => {
      expect((s as Forward).forward).toMatchObject({ url: url(upstream), state: 'ok', queued: 0, dropped: 0, lastError: null });
      expect((s as Forward).forward!.sent).toBeGreaterThan(0);
    });
    expect(((await runOnce(upStore)) as Forward).forward).toBeNull();

    const stopped = await local.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toMatch(/forwarded \d+ requests to /);
    expect(((await runOnce(localStore)) as Forward).forward).toMatchObject({ state: 'stopped', dropped: 0 });
  });

  it('keeps what the upstream could not take yet, and delivers it once the upstream starts', async () => {
    const port = await freePort();
    const upStore = await store();
    const localStore = await store();
    const local = await ccTop({ store: localStore, args: ['--forward', `http://127.0.0.1:${port}`] });
    const run = await session(local, 'http/json');
    const here = await waitForSummary(localStore, (s) => expectMatchesTruth(s, groundTruth([run.result])));
    await waitForSummary(localStore, (s) => {
      expect((s as Forward).forward).toMatchObject({ state: 'retrying', sent: 0, dropped: 0, lastError: expect.stringMatching(/connection refused/) });
      expect((s as Forward).forward!.queued).toBeGreaterThan(0);
    });

    await ccTop({ store: upStore, args: ['--http-port', String(port)] });
    // The next retry comes within the longest backoff step (10 s) of the upstream starting.
    await waitForSummary(upStore, (s) => expect(figures(s)).toEqual(figures(here)), 60_000);
    await waitForSummary(localStore, (s) => expect((s as Forward).forward).toMatchObject({ state: 'ok', queued: 0, dropped: 0 }));
  });
});
