// Issue 15, /metrics end to end with the real engines: real Claude Code sessions send their
// telemetry to cc-top (--metrics-port 0), a real Prometheus scrapes it every second, and PromQL
// gives each model's cost and each token type exactly as `cc-top --once --json` does (1e-9 USD,
// to the token) and as Claude Code itself accounted: a session whose metrics come only with its
// exit flush (Claude Code's default 60 s interval: it ends between two scrapes), a session sent
// without session ids, and cc-top restarted in the middle, with no counter going down.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/report/summary.js';
import { metricsUrlOf, runOnce, startCcTop } from './harness/ccTop.js';
import { claudeBinary, runClaude, type ClaudeRun, type RunClaudeOptions } from './harness/claudeCli.js';
import { combine, groundTruth, type GroundTruth } from './harness/groundTruth.js';
import { COST_TOLERANCE_USD } from './harness/expectTruth.js';
import { engineBinary, startPrometheus, type Sample, type TestPrometheus } from './harness/prometheus.js';
import { startMockAnthropic } from './harness/mockAnthropic.js';
import type { Rig } from './harness/rig.js';

const SONNET = 'claude-sonnet-4-5';
const HAIKU = 'claude-haiku-4-5';
const SCRAPE_INTERVAL_MS = 1_000;
const TOKEN_TYPES = ['input', 'output', 'cacheRead', 'cacheCreation'] as const;
/** Prometheus needs a scrape or two after the store changes; a loaded CI machine needs more. */
const SETTLE_TIMEOUT_MS = 60_000;

/** Poll until `check` passes (it throws while Prometheus has not caught up), or fail with the last difference. */
async function settle<T>(check: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

const byLabel = (rows: Sample[], ...labels: string[]) =>
  new Map(rows.map((r) => [labels.map((l) => r.metric[l] ?? '').join('/'), Number(r.value)]));

/** PromQL over cc-top's /metrics equals `cc-top --once --json`: each model's cost and each of its token types. */
async function expectPrometheusEqualsOnce(prom: TestPrometheus, summary: Summary): Promise<void> {
  const cost = byLabel(await prom.query('sum by (model) (claude_code_cost_usage_total)'), 'model');
  const tokens = byLabel(await prom.query('sum by (model, type) (claude_code_token_usage_total)'), 'model', 'type');
  expect([...cost.keys()].sort()).toEqual(summary.byModel.map((m) => m.model).sort());
  for (const m of summary.byModel) {
    expect(Math.abs(cost.get(m.model)! - m.costUsd), `${m.model} cost: Prometheus ${cost.get(m.model)}, cc-top ${m.costUsd}`).toBeLessThanOrEqual(COST_TOLERANCE_USD);
    for (const type of TOKEN_TYPES) expect(tokens.get(`${m.model}/${type}`), `${m.model} ${type} tokens`).toBe(m.tokens[type]);
  }
}

/** cc-top's own figures equal Claude Code's accounting, by model (what makes Prometheus's right too). */
function expectOnceEqualsTruth(summary: Summary, truth: GroundTruth): void {
  for (const [model, figures] of Object.entries(truth.byModel)) {
    const m = summary.byModel.find((x) => x.model === model);
    expect(m, `model ${model}`).toBeDefined();
    expect(Math.abs(m!.costUsd - figures.costUsd)).toBeLessThanOrEqual(COST_TOLERANCE_USD);
    expect(m!.tokens).toEqual(figures.tokens);
  }
  expect(summary.byModel.length).toBe(Object.keys(truth.byModel).length);
}

/** Each session's cost in Prometheus is the whole of what Claude Code accounted for it. */
async function expectSessionsWhole(prom: TestPrometheus, runs: ClaudeRun[]): Promise<void> {
  const bySession = byLabel(await prom.query('sum by (session_id) (claude_code_cost_usage_total)'), 'session_id');
  for (const run of runs) {
    const got = bySession.get(run.result.session_id);
    expect(got, `session ${run.result.session_id} in Prometheus`).toBeDefined();
    expect(Math.abs(got! - run.result.total_cost_usd), `session ${run.result.session_id}`).toBeLessThanOrEqual(COST_TOLERANCE_USD);
  }
}

describe('Prometheus scrapes cc-top /metrics: the same figures as cc-top and Claude Code', { timeout: 300_000 }, () => {
  // claudeRig's set-up, with /metrics on: the mock's delay makes a session span several 250 ms metric exports.
  const rig = {} as Rig;
  let prom: TestPrometheus | undefined;
  let metricsUrl: string;
  let firstRound: { runs: ClaudeRun[]; truth: GroundTruth };
  beforeAll(async () => {
    claudeBinary();
    rig.mock = await startMockAnthropic({ delayMs: 300 });
    rig.store = join(await mkdtemp(join(tmpdir(), 'cc-top-e2e-store-')), 'store.json');
    rig.ccTop = await startCcTop({ store: rig.store, args: ['--metrics-port', '0'] });
  });
  afterAll(async () => {
    await prom?.stop();
    await rig.ccTop?.stop();
    await rig.mock?.close();
  });

  const started = (): TestPrometheus => {
    expect(prom, 'Prometheus did not start').toBeDefined();
    return prom!;
  };

  const session = (model: string, otlp: Partial<NonNullable<RunClaudeOptions['otlp']>> = {}, env: Record<string, string> = {}) =>
    runClaude({ anthropicUrl: rig.mock.url, model, env, otlp: { protocol: 'http/protobuf', endpoint: rig.ccTop.httpEndpoint, metricIntervalMs: 250, ...otlp } });

  it('starts a real Prometheus scraping cc-top every second', async () => {
    engineBinary('prometheus');
    metricsUrl = await metricsUrlOf(rig.ccTop);
    const started = (prom = await startPrometheus({ targets: [metricsUrl], scrapeIntervalMs: SCRAPE_INTERVAL_MS }));
    await settle(async () => expect((await started.query('up'))[0]?.value).toBe('1'));
  });

  it('parallel sessions on two models, one whose metrics come only at its exit: PromQL equals --once and Claude Code', async () => {
    const prom = started();
    const runs = await Promise.all([
      session(SONNET),
      session(HAIKU, { protocol: 'grpc', endpoint: rig.ccTop.grpcEndpoint }),
      // Claude Code's default interval: nothing before the exit flush, after which the process is gone.
      session(SONNET, { metricIntervalMs: 60_000 }),
    ]);
    const truth = groundTruth(runs.map((r) => r.result));
    expect(Object.keys(truth.byModel).sort()).toEqual([HAIKU, SONNET]);
    await settle(async () => {
      const summary = await runOnce(rig.store);
      expectOnceEqualsTruth(summary, truth);
      await expectPrometheusEqualsOnce(prom, summary);
      await expectSessionsWhole(prom, runs);
    });
    firstRound = { runs, truth };
  });

  it('across a cc-top restart and more sessions (one without session ids): no decrease, no double count', async () => {
    expect(firstRound).toBeDefined();
    const prom = started();
    const port = new URL(metricsUrl).port;
    const stopped = await rig.ccTop.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    // Back on the same /metrics port, as a supervisor would restart it; Prometheus's target is unchanged.
    rig.ccTop = await startCcTop({ store: rig.store, args: ['--metrics-port', port] });
    expect(await metricsUrlOf(rig.ccTop)).toBe(metricsUrl);
    // Scraped again with the figures from before the restart, unchanged.
    const before = await runOnce(rig.store);
    await settle(async () => {
      expect((await prom.query('up'))[0]?.value).toBe('1');
      await expectPrometheusEqualsOnce(prom, before);
    });

    const runs = await Promise.all([session(HAIKU), session(SONNET, {}, { OTEL_METRICS_INCLUDE_SESSION_ID: 'false' })]);
    const truth = combine(firstRound.truth, groundTruth(runs.map((r) => r.result)));
    await settle(async () => {
      const summary = await runOnce(rig.store);
      expectOnceEqualsTruth(summary, truth);
      await expectPrometheusEqualsOnce(prom, summary);
      await expectSessionsWhole(prom, [...firstRound.runs, runs[0]!]);
    });
    // The session sent without ids is there, without a session_id.
    const noSession = await prom.query('sum(claude_code_cost_usage_total{session_id=""})');
    expect(Math.abs(Number(noSession[0]?.value) - runs[1]!.result.total_cost_usd)).toBeLessThanOrEqual(COST_TOLERANCE_USD);
    // No counter went down at any scrape, restart included.
    for (const metric of ['claude_code_cost_usage_total', 'claude_code_token_usage_total', 'claude_code_session_count_total', 'claude_code_lines_of_code_count_total']) {
      const resets = await prom.query(`resets(${metric}[10m]) > 0`);
      expect(resets, `${metric} went down`).toEqual([]);
    }
  });
});
