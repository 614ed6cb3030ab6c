import { afterEach, describe, expect, it } from 'vitest';
import { emptyState } from '../../../src/store/state.js';
import { selectSummary } from '../../../src/report/summary.js';
import { budgetExceeded, budgetLevel, budgetStatus, worstLevel, type BudgetStatus } from '../../../src/insights/budgets.js';
import { localDate, localMonth, monthStart, spendSince } from '../../../src/insights/periodSpend.js';
import { makeSlice } from '../../../src/report/figures.js';
import { resolveWindow } from '../../../src/report/window.js';
import { SESSION_A, SESSION_B, T0 } from '../../builders/samples.js';
import { apiRequestAt, costAt, DAY, HOUR } from './stateAt.js';

// T0 is 2026-11-25 12:00 UTC; the tests run with TZ=UTC (vitest.config.ts).
const NOW = T0;
const SESSION_C = 'c0ffee00-0000-4000-8000-000000000003';
const SESSION_D = 'd00dfeed-0000-4000-8000-000000000004';

function spendingState() {
  const s = emptyState(T0 - 40 * DAY);
  costAt(s, 100, Date.UTC(2026, 9, 31, 12), SESSION_C); // October: another month
  costAt(s, 10, Date.UTC(2026, 10, 3, 9), SESSION_C); // earlier this month
  costAt(s, 1, NOW - 13 * HOUR, SESSION_A); // yesterday 23:00
  costAt(s, 2, NOW - 11 * HOUR, SESSION_A); // today 01:00
  costAt(s, 1.5, NOW - HOUR, SESSION_B); // today 11:00
  return s;
}

describe('budgetStatus', () => {
  it("spends today what the 'today' summary shows live, and nothing of yesterday", () => {
    const state = spendingState();
    const [day] = budgetStatus(state, { dayUsd: 10 }, NOW);
    expect(day).toMatchObject({ kind: 'day', limitUsd: 10, spentUsd: 3.5, fraction: 0.35, level: 'ok', period: '2026-11-25' });
    expect(day!.spentUsd).toBe(selectSummary(state, 'today', NOW).live.costUsd);
  });

  it('sums the calendar month to date from the day buckets, today counted once', () => {
    const state = spendingState();
    expect(spendSince(makeSlice(state, resolveWindow('30d', NOW)), monthStart(NOW)).nanos).toBe(14.5e9);
    const [month] = budgetStatus(state, { monthUsd: 20 }, NOW);
    expect(month).toMatchObject({ kind: 'month', spentUsd: 14.5, period: '2026-11', level: 'ok' });
  });

  it('counts spend that only api_request events show yet, and says how much of it is provisional', () => {
    const state = spendingState();
    // A new session whose first request's metrics are not exported yet.
    apiRequestAt(state, NOW - 10_000, 0.25, SESSION_D);
    const [day, month] = budgetStatus(state, { dayUsd: 10, monthUsd: 100 }, NOW);
    expect(day).toMatchObject({ spentUsd: 3.75, provisionalUsd: 0.25 });
    expect(month).toMatchObject({ spentUsd: 14.75, provisionalUsd: 0.25 });
    expect(day!.spentUsd).toBe(selectSummary(state, 'today', NOW).live.costUsd);
  });

  it('judges the highest-spending session active today, over its whole life, and names it', () => {
    const state = spendingState();
    // C spent 10 this month but not today; A spent 1 yesterday and 2 today; B 1.5 today.
    const [session] = budgetStatus(state, { sessionUsd: 2.5 }, NOW);
    expect(session).toMatchObject({ kind: 'session', sessionId: SESSION_A, period: SESSION_A, spentUsd: 3, level: 'error' });
  });

  it('reports a session budget with no session active today as nothing spent', () => {
    const state = emptyState(T0);
    costAt(state, 50, NOW - DAY);
    const [session] = budgetStatus(state, { sessionUsd: 1 }, NOW);
    expect(session).toEqual({ kind: 'session', limitUsd: 1, spentUsd: 0, provisionalUsd: 0, fraction: 0, level: 'ok', period: '' });
  });

  it('returns one status per configured budget, in the order day, session, month', () => {
    const state = spendingState();
    expect(budgetStatus(state, {}, NOW)).toEqual([]);
    expect(budgetStatus(state, { monthUsd: 1, dayUsd: 1, sessionUsd: 1 }, NOW).map((s) => s.kind)).toEqual(['day', 'session', 'month']);
  });
});

describe('budget levels', () => {
  it('warns from exactly 80 % and errs only past 100 %, compared in exact nano-dollars', () => {
    const limit = 5e9;
    expect(budgetLevel(3_999_999_999, limit)).toBe('ok');
    expect(budgetLevel(4e9, limit)).toBe('warn');
    expect(budgetLevel(5e9, limit)).toBe('warn');
    expect(budgetLevel(5e9 + 1, limit)).toBe('error');
  });

  it('treats a fractional limit such as 0.3 without float surprises', () => {
    const state = emptyState(T0);
    costAt(state, 0.24, NOW - 1000); // exactly 80 % of $0.30
    expect(budgetStatus(state, { dayUsd: 0.3 }, NOW)[0]!.level).toBe('warn');
  });

  it('gives the worst level for the header and flags an exceeded budget for --once', () => {
    const st = (level: BudgetStatus['level']): BudgetStatus => ({ kind: 'day', limitUsd: 1, spentUsd: 0, provisionalUsd: 0, fraction: 0, level, period: 'p' });
    expect(worstLevel([])).toBe('ok');
    expect(worstLevel([st('ok'), st('warn')])).toBe('warn');
    expect(worstLevel([st('error'), st('warn')])).toBe('error');
    expect(budgetExceeded([st('warn'), st('ok')])).toBe(false);
    expect(budgetExceeded([st('ok'), st('error')])).toBe(true);
    const state = emptyState(T0);
    costAt(state, 5, NOW - 1000);
    expect(budgetExceeded(budgetStatus(state, { dayUsd: 5 }, NOW))).toBe(false);
    costAt(state, 0.01, NOW - 500);
    expect(budgetExceeded(budgetStatus(state, { dayUsd: 5 }, NOW))).toBe(true);
  });
});

describe('calendar periods follow local time', () => {
  const zone = process.env['TZ'];
  afterEach(() => {
    if (zone === undefined) delete process.env['TZ'];
    else process.env['TZ'] = zone;
  });

  it('puts 03:00 UTC on 1 December into November in New York', () => {
    process.env['TZ'] = 'America/New_York';
    const at = Date.UTC(2026, 11, 1, 3, 0);
    expect(localDate(at)).toBe('2026-11-30');
    expect(localMonth(at)).toBe('2026-11');
    expect(monthStart(at)).toBe(Date.UTC(2026, 10, 1, 4, 0)); // midnight EDT
  });
});
