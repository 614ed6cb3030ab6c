// Chart series: fixed buckets aligned to the clock, a `today` axis that ends at midnight (so its
// buckets never move), starting at the hour of the day's first data.
import { Memory } from 'lowdb';
import { describe, expect, it } from 'vitest';
import { makeSlice } from '../../../src/report/figures.js';
import { chartEnd, cumulative, windowSeries } from '../../../src/report/series.js';
import { resolveWindow } from '../../../src/report/window.js';
import { createIngest } from '../../../src/ingest.js';
import { Store } from '../../../src/store/store.js';
import type { StoreState } from '../../../src/store/state.js';
import { metricsRequest } from '../../builders/otlpRequest.js';
import { ns } from '../../builders/samples.js';

// 2026-11-25 14:30 UTC (tests run with TZ=UTC).
const NOW = Date.UTC(2026, 10, 25, 14, 30);
const MIN = 60_000;

async function storeWith(costs: [atMs: number, usd: number][]): Promise<Store> {
  const store = await Store.open({ adapter: Object.assign(new Memory<StoreState>(), { location: 'memory' }), clock: () => NOW });
  const ingest = createIngest(store, { keepPrompts: false });
  for (const [at, usd] of costs) ingest('metrics', metricsRequest({ metrics: [{ name: 'claude_code.cost.usage', points: [{ attrs: { 'session.id': 's1', model: 'm' }, startNs: ns(at - 1000), timeNs: ns(at), value: usd }] }] }));
  return store;
}

const cost = (c: { costNanos?: number }) => (c.costNanos ?? 0) / 1e9;

describe('windowSeries', () => {
  it('today: buckets from the hour of the first data to midnight, aligned to the clock, the current one marked', async () => {
    const store = await storeWith([
      [NOW - 40 * MIN, 1],
      [NOW - 2 * MIN, 0.5],
    ]);
    const window = resolveWindow('today', NOW);
    const s = windowSeries(makeSlice(store.state, window), 40, cost, { through: chartEnd(window), fromFirstData: true });
    expect(new Date(s.starts[0]!).toISOString()).toBe('2026-11-25T13:00:00.000Z');
    expect(s.stepLabel).toBe('30-min');
    expect(new Date(s.starts.at(-1)!).toISOString()).toBe('2026-11-25T23:30:00.000Z');
    expect(new Date(s.starts[s.nowIndex]!).toISOString()).toBe('2026-11-25T14:30:00.000Z');
    // 13:50 falls in 13:30-14:00, 14:28 in 14:00-14:30.
    expect(s.values.slice(0, 4)).toEqual([0, 1, 0.5, 0]);
    expect(cumulative(s).values.at(-1)).toBe(1.5);
    await store.close();
  });

  it('the same store ten minutes later gives the same buckets and values', async () => {
    const store = await storeWith([[NOW - 40 * MIN, 1]]);
    const at = (now: number) => {
      const window = resolveWindow('today', now);
      return windowSeries(makeSlice(store.state, window), 60, cost, { through: chartEnd(window), fromFirstData: true });
    };
    const before = at(NOW);
    const after = at(NOW + 10 * MIN);
    expect(after.starts).toEqual(before.starts);
    expect(after.values).toEqual(before.values);
    await store.close();
  });
});
