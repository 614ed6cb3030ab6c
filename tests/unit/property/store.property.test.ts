// Property: whatever an exporter does that the OTLP model allows — delta or cumulative, retries
// (duplicates), out-of-order arrival, process restarts (a new start time), and cc-top itself
// restarting from its stored state in the middle — the totals equal the sum of the true
// increments. Bounded runs with a fixed seed keep CI deterministic.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMetricSample } from '../../../src/store/aggregate.js';
import { DELTA_DEDUPE_WINDOW, emptyState, type StoreState } from '../../../src/store/state.js';
import type { MetricSample } from '../../../src/telemetry/model.js';
import { metricSample, T0 } from '../../builders/samples.js';
import { parseStore, serializeStore } from '../../../src/store/persistence.js';

const RUNS = { numRuns: 150, seed: 20261125 };

interface StreamPlan {
  cumulative: boolean;
  /** True increments, in order; each is one export interval's worth. */
  increments: number[];
  /** Indexes where the exporting process restarted before that increment (cumulative only). */
  restarts: number[];
}

const streamPlan = fc.record({
  cumulative: fc.boolean(),
  // A retry arrives while the stream still remembers the original (DELTA_DEDUPE_WINDOW points).
  increments: fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: DELTA_DEDUPE_WINDOW - 4 }),
  restarts: fc.array(fc.integer({ min: 1, max: DELTA_DEDUPE_WINDOW }), { maxLength: 3 }),
});

/** The points an exporter sends for one stream, in export order. */
function exportedPoints(plan: StreamPlan, stream: number): MetricSample[] {
  const points: MetricSample[] = [];
  let start = T0 - 60_000;
  let running = 0;
  plan.increments.forEach((inc, i) => {
    const t = T0 + i * 1_000;
    if (plan.cumulative && plan.restarts.includes(i)) {
      start = t - 500;
      running = 0;
    }
    running += inc;
    points.push(
      metricSample({
        counter: 'tokIn',
        units: plan.cumulative ? running : inc,
        temporality: plan.cumulative ? 'cumulative' : 'delta',
        timeMs: t,
        timeNs: `${t}000000`,
        startNs: plan.cumulative ? `${start}000000` : `${t - 1_000}000000`,
        attrs: { 'session.id': 's', type: 'input', stream },
      }),
    );
  });
  return points;
}

describe('store totals under any exporter behaviour', () => {
  it('equal the sum of the true increments', () => {
    fc.assert(
      fc.property(
        fc.array(streamPlan, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.nat(),
        fc.nat(),
        (plans, duplicatePicks, shuffleSeed, restartAfter) => {
          const expected = plans.reduce((n, p) => n + p.increments.reduce((a, b) => a + b, 0), 0);
          // Every stream's points, plus retried copies, interleaved across streams; within a
          // stream, cumulative points may arrive in any order, delta points too.
          const all = plans.flatMap((p, i) => exportedPoints(p, i));
          for (const pick of duplicatePicks) all.push({ ...all[pick % all.length]! });
          const order = fc.sample(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), { seed: shuffleSeed, numRuns: 1 })[0]!;

          let state: StoreState = emptyState(T0);
          order.forEach((sample, i) => {
            // cc-top restarts from its stored file somewhere in the middle.
            if (i === restartAfter % order.length) state = parseStore(serializeStore(state), 'restart');
            applyMetricSample(state, sample, T0 + 100_000);
          });
          expect(state.totals.counters.tokIn ?? 0).toBe(expected);
        },
      ),
      RUNS,
    );
  });
});
