// Session facts panels share, kept per view: the same as counting and sorting the view's sessions.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_COST_THRESHOLDS } from '../../../src/report/paint.js';
import type { Store } from '../../../src/store/store.js';
import { FrameViews } from '../../../src/ui/frameViews.js';
import { isActive } from '../../../src/ui/panels/panelProps.js';
import { activeSessions, sessionsByCost } from '../../../src/ui/panels/viewSessions.js';
import { NOW, scenarioStore } from '../../ui/scenario.js';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('viewSessions', () => {
  it('counts active sessions at each view\'s own "now", and sorts by live cost', async () => {
    store = await scenarioStore();
    const views = new FrameViews({ state: store.state, thresholds: DEFAULT_COST_THRESHOLDS, sideFile: null, filter: undefined, dirs: undefined, problem: undefined });
    const now = views.view('today', 'model', NOW);
    const hourLater = views.view('today', 'model', NOW + 3_600_000);
    expect(activeSessions(now)).toBe(now.summary.sessions.filter((s) => isActive(s.lastSeen, NOW)).length);
    expect(activeSessions(now)).toBeGreaterThan(0);
    expect(activeSessions(hourLater)).toBe(0);
    const byCost = sessionsByCost(now);
    expect(byCost.map((s) => s.id)).toEqual([...now.summary.sessions].sort((a, b) => b.liveCostUsd - a.liveCostUsd).map((s) => s.id));
    expect(sessionsByCost(now)).toBe(byCost);
  });
});
