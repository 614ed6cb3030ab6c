// Issue "Receiver, store and --once", end to end: real Claude Code sessions in parallel over the
// three OTLP protocols send their real telemetry to a running cc-top, and `cc-top --once --json`
// equals Claude Code's own accounting, to the token and to 1e-9 USD, by model and by session;
// across a restart and across a round in cumulative temporality.
import { describe, expect, it } from 'vitest';
import { runClaude, type ClaudeRun, type RunClaudeOptions } from './harness/claudeCli.js';
import { runOnce, startCcTop, waitForSummary } from './harness/ccTop.js';
import { combine, groundTruth, type GroundTruth } from './harness/groundTruth.js';
import { expectMatchesTruth } from './harness/expectTruth.js';
import { claudeRig } from './harness/rig.js';
import type { Summary } from '../../src/report/summary.js';

/**
 * Each of the 4 main requests waits this long, so a session lasts ~1.5 s and spans several
 * metric exports at METRIC_INTERVAL_MS: deltas arrive split, cumulative totals are re-sent.
 */
const MOCK_DELAY_MS = 350;
const METRIC_INTERVAL_MS = 250;

const SONNET = 'claude-sonnet-4-5';
const HAIKU = 'claude-haiku-4-5';

/**
 * What Claude Code reports for the mock's script (Write a 3-line file, Edit one line, commit): it
 * counts the written file's final newline as a line (+4), then +1/-1 for the edit. Seen on the
 * wire in `claude_code.lines_of_code.count`; cc-top must equal Claude Code, not git.
 */
const LINES_ADDED_PER_SESSION = 5;
const LINES_REMOVED_PER_SESSION = 1;

/** Per test: CLI runs take seconds, but CI is a loaded 2-core machine. */
const E2E_TIMEOUT_MS = 180_000;

describe('cc-top receives real Claude Code telemetry exactly', { timeout: E2E_TIMEOUT_MS }, () => {
  const rig = claudeRig({ delayMs: MOCK_DELAY_MS });

  function session(model: string, otlp: Omit<NonNullable<RunClaudeOptions['otlp']>, 'endpoint'>): Promise<ClaudeRun> {
    const endpoint = otlp.protocol === 'grpc' ? rig.ccTop.grpcEndpoint : rig.ccTop.httpEndpoint;
    return runClaude({ anthropicUrl: rig.mock.url, model, otlp: { metricIntervalMs: METRIC_INTERVAL_MS, ...otlp, endpoint } });
  }

  function expectRound(summary: Summary, truth: GroundTruth, runs: ClaudeRun[], apiCalls: number): void {
    expectMatchesTruth(summary, truth);
    expect(summary.totals.sessions).toBe(runs.length);
    expect(summary.totals.linesAdded).toBe(runs.length * LINES_ADDED_PER_SESSION);
    expect(summary.totals.linesRemoved).toBe(runs.length * LINES_REMOVED_PER_SESSION);
    expect(summary.totals.commits).toBe(runs.filter((r) => r.gitLog[0] === 'cc-top e2e').length);
    expect(summary.totals.apiRequests).toBe(apiCalls);
    expect(summary.totals.editDecisions.accept).toBe(runs.length * 2);
    expect(summary.totals.activeTimeSec.cli).toBeGreaterThan(0);
    for (const run of runs) {
      const s = summary.sessions.find((x) => x.id === run.result.session_id)!;
      expect(s).toMatchObject({ linesAdded: LINES_ADDED_PER_SESSION, linesRemoved: LINES_REMOVED_PER_SESSION, commits: 1 });
    }
    const tools = Object.fromEntries(summary.tools.map((t) => [t.name, t]));
    for (const name of ['Write', 'Edit', 'Bash']) expect(tools[name]).toMatchObject({ calls: runs.length, failures: 0, accepts: runs.length });
  }

  let firstRound: { truth: GroundTruth; runs: ClaudeRun[]; apiCalls: number; summary: Summary };

  it('three parallel sessions over grpc, http/protobuf with gzip and http/json, two models', async () => {
    const runs = await Promise.all([
      session(SONNET, { protocol: 'grpc' }),
      session(HAIKU, { protocol: 'http/protobuf', compression: 'gzip' }),
      session(SONNET, { protocol: 'http/json' }),
    ]);
    for (const run of runs) expect(run.gitLog[0]).toBe('cc-top e2e');
    const truth = groundTruth(runs.map((r) => r.result));
    expect(Object.keys(truth.byModel).sort()).toEqual([HAIKU, SONNET]);
    const apiCalls = rig.mock.requests.filter((r) => r.status === 200).length;
    const summary = await waitForSummary(rig.store, (s) => expectRound(s, truth, runs, apiCalls));
    firstRound = { truth, runs, apiCalls, summary };
  });

  it('keeps the same totals across a restart', async () => {
    expect(firstRound).toBeDefined();
    const stopped = await rig.ccTop.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toMatch(/stopped \(SIGTERM\); store saved to /);
    const afterStop = await runOnce(rig.store);
    expect(afterStop.totals).toEqual(firstRound.summary.totals);
    rig.ccTop = await startCcTop({ store: rig.store });
    expectRound(await runOnce(rig.store), firstRound.truth, firstRound.runs, firstRound.apiCalls);
  });

  it('adds a round in cumulative temporality exactly', async () => {
    expect(firstRound).toBeDefined();
    const runs = await Promise.all([
      session(SONNET, { protocol: 'grpc', temporality: 'cumulative' }),
      session(HAIKU, { protocol: 'http/json', temporality: 'cumulative' }),
    ]);
    const truth = combine(firstRound.truth, groundTruth(runs.map((r) => r.result)));
    const apiCalls = rig.mock.requests.filter((r) => r.status === 200).length;
    await waitForSummary(rig.store, (s) => expectRound(s, truth, [...firstRound.runs, ...runs], apiCalls));
  });
});
