import { describe, expect, it } from 'vitest';
import { emptyState, type StoreState } from '../../../src/store/state.js';
import { budgetStatus } from '../../../src/insights/budgets.js';
import {
  budgetAlerts,
  cacheEfficiencyAlert,
  CACHE_MIN_PROMPT_TOKENS,
  errorRateAlert,
  ERROR_RATE_MIN_REQUESTS,
  evaluateAlerts,
} from '../../../src/insights/alertRules.js';
import { defaultConfig, type InsightsConfig } from '../../../src/insights/config.js';
import { nextStallCheckIn, stalledSessions } from '../../../src/insights/stalledSessions.js';
import { SESSION_A, SESSION_B, T0 } from '../../builders/samples.js';
import { apiErrorAt, apiRequestAt, costAt, eventAt, HOUR, MINUTE, tokensAt } from './stateAt.js';

const NOW = T0 + 4 * MINUTE + 30_000; // 12:04:30 UTC: the 5-minute window is 12:00-12:04

function withBudgets(budgets: InsightsConfig['budgets']): InsightsConfig {
  return { ...defaultConfig(), budgets };
}

describe('budget alerts', () => {
  it('raises a warning at 80 % with an id for the budget, threshold and local day', () => {
    const state = emptyState(T0);
    costAt(state, 4.1, T0);
    const alerts = budgetAlerts(budgetStatus(state, { dayUsd: 5 }, NOW));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ id: 'budget-day-80-2026-11-25', condition: 'budget-day-80-2026-11-25', rule: 'budget', level: 'warn', title: 'Daily budget at 82%' });
    expect(alerts[0]!.message).toContain('$4.10 of the $5.00 daily budget spent today (2026-11-25)');
    expect(alerts[0]!.message).toContain('--budget-day');
  });

  it('raises one error alert, not two, when spend jumps straight past 100 %', () => {
    const state = emptyState(T0);
    costAt(state, 6, T0);
    const alerts = budgetAlerts(budgetStatus(state, { dayUsd: 5, monthUsd: 5.5 }, NOW));
    expect(alerts.map((a) => [a.id, a.level])).toEqual([
      ['budget-day-100-2026-11-25', 'error'],
      ['budget-month-100-2026-11', 'error'],
    ]);
    expect(alerts[0]!.title).toBe('Daily budget exceeded');
  });

  it('names the session a session budget alert is about', () => {
    const state = emptyState(T0);
    costAt(state, 1.7, T0, SESSION_B);
    const [alert] = budgetAlerts(budgetStatus(state, { sessionUsd: 2 }, NOW));
    expect(alert!.id).toBe(`budget-session-80-${SESSION_B}`);
    expect(alert!.message).toContain('by session 9b1f0c55');
  });

  it('raises nothing below 80 %', () => {
    const state = emptyState(T0);
    costAt(state, 3.99, T0);
    expect(evaluateAlerts(state, withBudgets({ dayUsd: 5 }), NOW)).toEqual([]);
  });
});

describe('error-rate rule', () => {
  it('raises at the threshold share of API calls over the last 5 minutes', () => {
    const state = emptyState(T0);
    for (let i = 0; i < 4; i++) apiRequestAt(state, T0 + i * MINUTE);
    apiErrorAt(state, T0 + 4 * MINUTE);
    const alert = errorRateAlert(state, 0.2, NOW);
    expect(alert).toMatchObject({ id: 'error-rate-2026-11-25T12:00Z', condition: 'error-rate', level: 'error', title: 'API error rate 20%' });
    expect(alert!.message).toContain('1 of 5 API calls failed in the last 5 min');
    expect(errorRateAlert(state, 0.25, NOW)).toBeNull();
  });

  it(`judges nothing under ${ERROR_RATE_MIN_REQUESTS} calls, however many fail`, () => {
    const state = emptyState(T0);
    for (let i = 0; i < ERROR_RATE_MIN_REQUESTS - 1; i++) apiErrorAt(state, T0 + i * 1000);
    expect(errorRateAlert(state, 0.2, NOW)).toBeNull();
  });

  it('forgets errors older than the window', () => {
    const state = emptyState(T0);
    for (let i = 0; i < 5; i++) apiErrorAt(state, T0 - 1000 - i); // 11:59:59, just outside
    for (let i = 0; i < 5; i++) apiRequestAt(state, T0 + i * 1000);
    expect(errorRateAlert(state, 0.2, NOW)).toBeNull();
    expect(errorRateAlert(state, 0.2, T0 + 4 * MINUTE)).toBeNull();
    // Up to 12:03:59.999 the window still starts at 11:59: the errors count.
    expect(errorRateAlert(state, 0.2, T0 + 4 * MINUTE - 1)).not.toBeNull();
  });
});

describe('cache-efficiency rule', () => {
  it(`raises when cache reads are under the minimum share of at least ${CACHE_MIN_PROMPT_TOKENS} prompt tokens in the last hour`, () => {
    const state = emptyState(T0);
    tokensAt(state, 'tokIn', 60_000, T0);
    tokensAt(state, 'tokCacheRead', 30_000, T0);
    tokensAt(state, 'tokCacheCreation', 20_000, T0);
    tokensAt(state, 'tokOut', 500_000, T0); // output tokens are not prompt tokens
    const alert = cacheEfficiencyAlert(state, 0.5, NOW);
    expect(alert).toMatchObject({ id: 'cache-efficiency-2026-11-25T12:00Z', condition: 'cache-efficiency', level: 'warn', title: 'Cache efficiency 27%' });
    expect(alert!.message).toContain('110K prompt tokens');
    expect(cacheEfficiencyAlert(state, 0.25, NOW)).toBeNull();
  });

  it('stays quiet on too few prompt tokens or tokens older than an hour', () => {
    const state = emptyState(T0);
    tokensAt(state, 'tokIn', CACHE_MIN_PROMPT_TOKENS - 1, T0);
    expect(cacheEfficiencyAlert(state, 0.5, NOW)).toBeNull();
    tokensAt(state, 'tokIn', 1, T0);
    expect(cacheEfficiencyAlert(state, 0.5, NOW)).not.toBeNull();
    expect(cacheEfficiencyAlert(state, 0.5, T0 + HOUR)).toBeNull();
  });

  it('uses the events when they saw more prompt tokens than the metrics (metrics lag)', () => {
    const state = emptyState(T0);
    apiRequestAt(state, T0, 0.5, SESSION_A, { input: 90_000, cacheRead: 30_000 });
    const alert = cacheEfficiencyAlert(state, 0.5, NOW);
    expect(alert?.title).toBe('Cache efficiency 25%');
  });
});

describe('stalled sessions', () => {
  const STALL_MINUTES = 10;

  /** A session working steadily for 3 minutes; its last event, a tool result, at 12:02. */
  function busySession(lastEvent: 'tool_result' | 'api_request' = 'tool_result', minutes = 3): StoreState {
    const state = emptyState(T0);
    eventAt(state, { type: 'user_prompt', promptLength: 10 }, T0);
    for (let m = 1; m < minutes; m++) apiRequestAt(state, T0 + m * MINUTE - 1000, 0.01);
    eventAt(state, { type: 'tool_result', toolName: 'Bash', success: true }, T0 + (minutes - 1) * MINUTE);
    if (lastEvent === 'api_request') apiRequestAt(state, T0 + (minutes - 1) * MINUTE + 2000, 0.01);
    return state;
  }
  const LAST = T0 + 2 * MINUTE;

  it('flags a steady session that fell silent mid-turn once the silence reaches the threshold', () => {
    const state = busySession();
    expect(stalledSessions(state, STALL_MINUTES, LAST + STALL_MINUTES * MINUTE - 1)).toEqual([]);
    expect(stalledSessions(state, STALL_MINUTES, LAST + STALL_MINUTES * MINUTE)).toEqual([
      { id: SESSION_A, lastTelemetryAt: LAST, silentMs: STALL_MINUTES * MINUTE, lastEvent: 'tool_result' },
    ]);
    const [alert] = evaluateAlerts(state, defaultConfig(), LAST + 12 * MINUTE);
    expect(alert).toMatchObject({ id: `stalled-${SESSION_A}-2026-11-25T12:02Z`, condition: `stalled-${SESSION_A}`, rule: 'stalled-session', level: 'warn', title: 'Session 3286bc07 may be stalled' });
    expect(alert!.message).toContain('last event: tool_result');
    expect(alert!.message).toContain('for 12m 0s');
  });

  it('leaves alone a session waiting for its user (last event an API response)', () => {
    expect(stalledSessions(busySession('api_request'), STALL_MINUTES, LAST + 30 * MINUTE)).toEqual([]);
  });

  it('leaves alone a session that was not sending steadily', () => {
    expect(stalledSessions(busySession('tool_result', 2), STALL_MINUTES, T0 + 30 * MINUTE)).toEqual([]);
  });

  it('stops judging a session silent for over an hour', () => {
    expect(stalledSessions(busySession(), STALL_MINUTES, LAST + HOUR)).toHaveLength(1);
    expect(stalledSessions(busySession(), STALL_MINUTES, LAST + HOUR + 1)).toEqual([]);
  });

  it('counts silence from the last telemetry on any signal, metrics included', () => {
    const state = busySession();
    costAt(state, 0.02, LAST + 50_000, SESSION_A, LAST + 60_000); // the metric export after the tool ran
    expect(stalledSessions(state, STALL_MINUTES, LAST + STALL_MINUTES * MINUTE)).toEqual([]);
    expect(stalledSessions(state, STALL_MINUTES, LAST + 60_000 + STALL_MINUTES * MINUTE)).toHaveLength(1);
  });

  it('tells when the next stall could be raised, and nothing when none could', () => {
    const state = busySession();
    expect(nextStallCheckIn(state, STALL_MINUTES, LAST + 4 * MINUTE)).toBe(6 * MINUTE);
    expect(nextStallCheckIn(state, STALL_MINUTES, LAST + STALL_MINUTES * MINUTE)).toBeUndefined();
    expect(nextStallCheckIn(busySession('api_request'), STALL_MINUTES, LAST + MINUTE)).toBeUndefined();
    expect(nextStallCheckIn(emptyState(T0), STALL_MINUTES, NOW)).toBeUndefined();
  });
});

describe('evaluateAlerts', () => {
  it('returns budget, error-rate, cache and stall alerts together, each with a level and a message', () => {
    const state = emptyState(T0);
    costAt(state, 6, T0);
    for (let i = 0; i < 5; i++) apiErrorAt(state, T0 + i * 1000);
    tokensAt(state, 'tokIn', 200_000, T0);
    const ids = evaluateAlerts(state, withBudgets({ dayUsd: 5 }), NOW).map((a) => a.id);
    expect(ids).toEqual(['budget-day-100-2026-11-25', 'error-rate-2026-11-25T12:00Z', 'cache-efficiency-2026-11-25T12:00Z']);
  });

  it('follows the configured thresholds', () => {
    const state = emptyState(T0);
    for (let i = 0; i < 9; i++) apiRequestAt(state, T0 + i * 1000);
    apiErrorAt(state, T0 + 10_000);
    const config = defaultConfig();
    expect(evaluateAlerts(state, config, NOW)).toEqual([]);
    config.rules.errorRateThreshold = 0.1;
    expect(evaluateAlerts(state, config, NOW).map((a) => a.rule)).toEqual(['error-rate']);
  });
});
