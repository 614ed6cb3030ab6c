// Issue "Insights and alerts", live provisional cost, end to end: a real Claude Code session at
// Claude Code's default 60 s metric interval. Its api_request events arrive within a second, so
// cc-top shows the cost, marked provisional, long before any metric; when the metrics arrive (at
// the CLI's exit flush) they take over and the total is the CLI's own, not twice it.
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../src/report/summary.js';
import { runOnce, waitForSummary } from './harness/ccTop.js';
import { runClaude } from './harness/claudeCli.js';
import { expectMatchesTruth } from './harness/expectTruth.js';
import { groundTruth } from './harness/groundTruth.js';
import { claudeRig } from './harness/rig.js';

/** Long enough per request that events flush (every 500 ms) while the session still runs. */
const MOCK_DELAY_MS = 1_500;

describe('provisional cost from events before the metrics', { timeout: 180_000 }, () => {
  const rig = claudeRig({ delayMs: MOCK_DELAY_MS });

  it('shows the cost at once, marked provisional, then the exact total once metrics arrive', async () => {
    let running = true;
    const session = runClaude({
      anthropicUrl: rig.mock.url,
      model: 'claude-sonnet-4-5',
      otlp: { protocol: 'http/protobuf', endpoint: rig.ccTop.httpEndpoint, metricIntervalMs: 60_000, logsIntervalMs: 500 },
    }).finally(() => (running = false));

    // While the CLI runs: cost from events, no metric yet.
    let early: Summary | undefined;
    while (running && !early) {
      const s = await runOnce(rig.store);
      if (s.live.provisionalUsd > 0 && s.totals.costUsd === 0 && running) early = s;
      else await new Promise((r) => setTimeout(r, 200));
    }
    const run = await session;
    expect(early, 'no provisional cost was seen while the session ran').toBeDefined();
    expect(early!.live.costUsd).toBe(early!.live.provisionalUsd);
    expect(early!.reconciliation.status).toBe('provisional');
    expect(early!.sessions[0]).toMatchObject({ id: run.result.session_id, reconciliation: 'provisional' });

    const truth = groundTruth([run.result]);
    const final = await waitForSummary(rig.store, (s) => {
      expectMatchesTruth(s, truth);
      expect(s.live.provisionalUsd).toBe(0);
    });
    expect(final.live.costUsd).toBe(final.totals.costUsd);
    expect(final.reconciliation.status).toBe('ok');
    expect(final.sessions[0]!.reconciliation).toBe('ok');
  });
});
