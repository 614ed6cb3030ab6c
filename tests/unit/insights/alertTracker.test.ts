import { describe, expect, it } from 'vitest';
import { emptyState } from '../../../src/store/state.js';
import { evaluateAlerts, type Alert } from '../../../src/insights/alertRules.js';
import { AlertTracker, RAISED_ALERT_IDS_CAP } from '../../../src/insights/alertTracker.js';
import { defaultConfig } from '../../../src/insights/config.js';
import { T0 } from '../../builders/samples.js';
import { apiErrorAt, apiRequestAt, costAt, DAY, MINUTE } from './stateAt.js';

const alert = (id: string, condition = id): Alert => ({ id, condition, rule: 'error-rate', level: 'error', title: id, message: id });
const ids = (alerts: Alert[]): string[] => alerts.map((a) => a.id);

describe('AlertTracker', () => {
  it('raises a daily budget crossing exactly once per threshold, however often the rules run', () => {
    const state = emptyState(T0);
    const config = { ...defaultConfig(), budgets: { dayUsd: 5 } };
    const tracker = new AlertTracker();
    const raised: { at: number; id: string }[] = [];
    // $0.50 a minute for 15 minutes, the rules evaluated three times a minute.
    for (let m = 0; m < 15; m++) {
      costAt(state, 0.5, T0 + m * MINUTE);
      for (const offset of [0, 20_000, 40_000]) {
        for (const a of tracker.update(evaluateAlerts(state, config, T0 + m * MINUTE + offset))) raised.push({ at: m, id: a.id });
      }
    }
    // $4.00 (80 %) after the 8th point, $5.50 (past 100 %) after the 11th.
    expect(raised).toEqual([
      { at: 7, id: 'budget-day-80-2026-11-25' },
      { at: 10, id: 'budget-day-100-2026-11-25' },
    ]);
    // The next day is a new budget: its crossing raises again.
    costAt(state, 4.5, T0 + DAY);
    expect(ids(tracker.update(evaluateAlerts(state, config, T0 + DAY + 1000)))).toEqual(['budget-day-80-2026-11-26']);
  });

  it('raises an error spike once while it lasts, across 5-minute periods', () => {
    const state = emptyState(T0);
    const config = defaultConfig();
    const tracker = new AlertTracker();
    const raised: string[] = [];
    for (let m = 0; m < 12; m++) {
      apiRequestAt(state, T0 + m * MINUTE);
      apiErrorAt(state, T0 + m * MINUTE + 1000);
      raised.push(...ids(tracker.update(evaluateAlerts(state, config, T0 + m * MINUTE + 2000))));
    }
    expect(raised).toEqual(['error-rate-2026-11-25T12:00Z']);
  });

  it('raises a condition again when it clears and comes back in a new period, not in the same one', () => {
    const tracker = new AlertTracker();
    expect(ids(tracker.update([alert('error-rate-12:00', 'error-rate')]))).toEqual(['error-rate-12:00']);
    expect(ids(tracker.update([]))).toEqual([]);
    expect(ids(tracker.update([alert('error-rate-12:00', 'error-rate')]))).toEqual([]);
    expect(ids(tracker.update([]))).toEqual([]);
    expect(ids(tracker.update([alert('error-rate-12:05', 'error-rate')]))).toEqual(['error-rate-12:05']);
  });

  it('absorbs a new period of a condition that held at the previous update', () => {
    const tracker = new AlertTracker();
    tracker.update([alert('error-rate-12:00', 'error-rate')]);
    expect(ids(tracker.update([alert('error-rate-12:05', 'error-rate')]))).toEqual([]);
    // ... and does not raise that period later either.
    tracker.update([]);
    expect(ids(tracker.update([alert('error-rate-12:05', 'error-rate')]))).toEqual([]);
  });

  it(`remembers at most ${RAISED_ALERT_IDS_CAP} ids, forgetting the oldest first`, () => {
    const tracker = new AlertTracker();
    for (let i = 0; i <= RAISED_ALERT_IDS_CAP; i++) tracker.update([alert(`a${i}`)]);
    tracker.update([]);
    expect(ids(tracker.update([alert('a1')]))).toEqual([]);
    tracker.update([]);
    expect(ids(tracker.update([alert('a0')]))).toEqual(['a0']);
  });
});
