// Server sums into the model the reports read: listed sessions keep their own figures, the rest of
// each group is one record that counts the sessions it stands for, and every total adds up.
import { describe, expect, it } from 'vitest';
import { planBuckets } from '../../../src/prometheusSource/bucketPlan.js';
import { buildState, type Answers } from '../../../src/prometheusSource/teamState.js';
import { groupPlan } from '../../../src/prometheusSource/teamKeys.js';
import { resolveWindow } from '../../../src/report/window.js';
import { selectSummary } from '../../../src/report/summary.js';

const NOW = Date.UTC(2026, 10, 25, 14, 37, 0);
const SONNET = 'claude-sonnet-4-5';

function answers(groupBy?: string): Answers {
  const window = resolveWindow('today', NOW);
  const plan = planBuckets({ window, chart: false, days: 'none', month: false, allSinceMs: 0 });
  const group = groupPlan(groupBy);
  const groupLabels = group?.kind === 'labels' ? group.labels : [];
  const row = (by: string[], cost: number, started = 0) => ({ model: SONNET, source: 'main' as const, by, counters: { costNanos: cost, tokIn: cost / 1000, ...(started ? { sessionsStarted: started } : {}) } });
  const byUser = (email: string) => (groupLabels.length ? [email, ''] : []);
  // One interval holds everything: alice's 3 sessions ($6) and bob's 2 ($4), started today.
  const aggregate = plan.intervals.map((_, i) => (i === 0 ? [row(byUser('alice@x'), 6e9, 3), row(byUser('bob@x'), 4e9, 2)] : []));
  // Listed: one session of each (alice's $2.5, bob's $1).
  const listed = plan.intervals.map((_, i) => (i === 0 ? [row(['a1'], 2.5e9, 1), row(['b1'], 1e9, 1)] : []));
  return {
    plan,
    window,
    group,
    groupLabels,
    aggregate,
    listed,
    resets: plan.intervals.map(() => []),
    infos: [
      { id: 'a1', firstSeen: NOW - 3_600_000, lastSeen: NOW - 60_000, labels: { user_email: 'alice@x', team_id: 't1' } },
      { id: 'b1', firstSeen: NOW - 7_200_000, lastSeen: NOW - 120_000, labels: { user_email: 'bob@x', team_id: 't2' } },
    ],
    // And one more of bob's, running since before midnight.
    carried: new Map([[JSON.stringify(byUser('bob@x')), 1]]),
    origin: { kind: 'prometheus', url: 'http://p', asOf: NOW, noEvents: true, metricNames: [], notes: [] },
  };
}

describe('buildState', () => {
  it('lists the top sessions, folds the rest, and counts every session once', () => {
    const state = buildState(answers());
    const s = selectSummary(state, 'today', NOW);
    expect(s.totals.costUsd).toBe(10);
    expect(s.totals.sessions).toBe(6);
    expect(s.sessions.map((x) => [x.id, x.costUsd, x.labels['user.email']])).toEqual([
      ['a1', 2.5, 'alice@x'],
      ['b1', 1, 'bob@x'],
    ]);
    expect(s.byModel.map((m) => [m.model, m.costUsd])).toEqual([[SONNET, 10]]);
  });

  it('grouped by user: one record per person, each counting its own sessions', () => {
    const state = buildState(answers('user'));
    const s = selectSummary(state, 'today', NOW, { groupBy: 'user' });
    expect(s.groups?.rows.map((r) => [r.key, r.costUsd, r.sessions])).toEqual([
      ['alice@x', 6, 3],
      ['bob@x', 4, 3],
    ]);
    expect(s.totals.sessions).toBe(6);
    expect(s.sessions).toHaveLength(2);
  });
});
