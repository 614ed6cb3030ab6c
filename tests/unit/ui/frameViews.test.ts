// The frame's figures are worked out once per store change and window, and are the report's own.
import { afterEach, describe, expect, it } from 'vitest';
import { selectBurn } from '../../../src/report/burn.js';
import { makeSlice } from '../../../src/report/figures.js';
import { DEFAULT_COST_THRESHOLDS } from '../../../src/report/paint.js';
import { selectSummary } from '../../../src/report/summary.js';
import { resolveWindow } from '../../../src/report/window.js';
import type { Store } from '../../../src/store/store.js';
import { FrameViews, type FrameBasis } from '../../../src/ui/frameViews.js';
import { NOW, scenarioStore } from '../../ui/scenario.js';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function basis(overrides: Partial<FrameBasis> = {}): Promise<FrameBasis> {
  store = await scenarioStore();
  return { state: store.state, thresholds: DEFAULT_COST_THRESHOLDS, sideFile: null, filter: undefined, dirs: undefined, problem: undefined, ...overrides };
}

describe('FrameViews', () => {
  it('shows what the report selectors give for each window', async () => {
    const b = await basis();
    const views = new FrameViews(b);
    for (const w of ['today', '7d', 'all'] as const) {
      const view = views.view(w, 'model', NOW);
      expect(view.summary).toEqual(selectSummary(b.state, w, NOW, { groupBy: 'model' }));
      expect(view.burn).toEqual(selectBurn(makeSlice(b.state, resolveWindow(w, NOW)), NOW, null));
      expect(view.window).toEqual(resolveWindow(w, NOW));
      // Another grouping of the same window (its figures summed once) reads the same.
      for (const groupBy of ['user', 'session', 'query_source'])
        expect(views.view(w, groupBy, NOW).summary).toEqual(selectSummary(b.state, w, NOW, { groupBy }));
    }
  });

  it('narrowed by a filter, every figure is the filtered one', async () => {
    const filter = { key: 'model', value: 'claude-haiku-4-5' };
    const b = await basis({ filter });
    const view = new FrameViews(b).view('today', 'session', NOW);
    expect(view.summary).toEqual(selectSummary(b.state, 'today', NOW, { groupBy: 'session', filter }));
    expect(view.burn).toEqual(selectBurn(makeSlice(b.state, resolveWindow('today', NOW), filter), NOW, null));
  });

  it('keeps each window\'s view for the same moment, and works it out again for another', async () => {
    const views = new FrameViews(await basis());
    const today = views.view('today', 'model', NOW);
    const week = views.view('7d', 'model', NOW);
    expect(views.view('today', 'model', NOW)).toBe(today);
    expect(views.view('7d', 'model', NOW)).toBe(week);
    expect(views.view('today', 'session', NOW)).not.toBe(today);
    const later = views.view('today', 'model', NOW + 60_000);
    expect(later).not.toBe(today);
    expect(later.now).toBe(NOW + 60_000);
    expect(later.window).toEqual(resolveWindow('today', NOW + 60_000));
  });

  it('as time goes on, reads what the selectors give at each moment (buckets leave the windows)', async () => {
    const b = await basis();
    const views = new FrameViews(b);
    for (const at of [NOW, NOW + 60_000, NOW + 3_600_000, NOW + 10 * 3_600_000, NOW + 25 * 3_600_000, NOW + 8 * 86_400_000]) {
      for (const w of ['today', '24h', '7d', '30d', 'all'] as const) expect(views.view(w, 'model', at).summary).toEqual(selectSummary(b.state, w, at, { groupBy: 'model' }));
    }
    expect(views.view('24h', 'model', NOW + 25 * 3_600_000).summary.sessions).toEqual([]);
  });

  it('the burn rate is shared by every window (it reads minutes, not the window)', async () => {
    const views = new FrameViews(await basis());
    expect(views.view('30d', 'model', NOW).burn).toBe(views.view('today', 'model', NOW).burn);
  });

  it('says why the figures are empty when the filter matches no one', async () => {
    const views = new FrameViews(await basis({ filter: { key: 'model', value: 'nobody' } }));
    expect(views.view('today', 'model', NOW).filterNote).toEqual({ text: 'no session matches model=nobody (today)', unknownKey: false });
  });
});
