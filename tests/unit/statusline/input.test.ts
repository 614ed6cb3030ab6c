// The status JSON on stdin, checked with valibot: each field stands alone (a bad one is dropped,
// the others kept), numbers are checked against the side file's ranges, and nothing throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_INPUT, parseStatuslineInput, SESSION_COST_USD_MAX } from '../../../src/statusline/input.js';
import { EPOCH_SECONDS_MAX, EPOCH_SECONDS_MIN, USED_PERCENT_MAX } from '../../../src/store/sideFile.js';

const NOW_S = Date.UTC(2026, 10, 25, 12) / 1_000;

const FULL = {
  session_id: 's1',
  model: { id: 'claude-opus-4-5', display_name: 'Opus 4.5' },
  workspace: { current_dir: '/w/app/src', project_dir: '/w/app' },
  cost: { total_cost_usd: 1.25 },
  rate_limits: { five_hour: { used_percentage: 42, resets_at: NOW_S + 60 }, seven_day: { used_percentage: 7, resets_at: NOW_S + 600 } },
};
const parse = (over: Record<string, unknown>) => parseStatuslineInput(JSON.stringify({ ...FULL, ...over }));
const fiveHour = (window: unknown) => parse({ rate_limits: { five_hour: window } }).fiveHour;

describe('status line input', () => {
  it('reads every field of a full input', () => {
    expect(parseStatuslineInput(JSON.stringify(FULL))).toEqual({
      sessionId: 's1',
      model: 'Opus 4.5',
      projectDir: '/w/app',
      costUsd: 1.25,
      fiveHour: { usedPercentage: 42, resetsAt: NOW_S + 60 },
      sevenDay: { usedPercentage: 7, resetsAt: NOW_S + 600 },
    });
  });

  it('drops a field of the wrong type and keeps the others', () => {
    const full = parseStatuslineInput(JSON.stringify(FULL));
    expect(parse({ session_id: 5 })).toEqual({ ...full, sessionId: null });
    expect(parse({ session_id: '  ' })).toEqual({ ...full, sessionId: null });
    expect(parse({ model: { display_name: ['x'], id: 'claude-x' } })).toEqual({ ...full, model: 'claude-x' });
    expect(parse({ model: 'Sonnet' })).toEqual({ ...full, model: 'Sonnet' });
    expect(parse({ model: true })).toEqual({ ...full, model: null });
    expect(parse({ workspace: { project_dir: 1, current_dir: '/c' } })).toEqual({ ...full, projectDir: '/c' });
    expect(parse({ workspace: 'x', cwd: '/cwd' })).toEqual({ ...full, projectDir: '/cwd' });
    expect(parse({ cost: { total_cost_usd: 'lots' } })).toEqual({ ...full, costUsd: null });
    expect(parse({ rate_limits: { five_hour: 'full', seven_day: FULL.rate_limits.seven_day } })).toEqual({ ...full, fiveHour: null });
  });

  it.each([9e15, 9e12, EPOCH_SECONDS_MAX + 1, EPOCH_SECONDS_MIN - 1, -5, 'soon', '9999999-01-01', null, { at: 1 }])(
    'reads a reset time of %j as unknown, keeping the percentage',
    (resets_at) => {
      expect(fiveHour({ used_percentage: 42, resets_at })).toEqual({ usedPercentage: 42, resetsAt: null });
    },
  );

  it('takes reset times in seconds, milliseconds or as an ISO date', () => {
    expect(fiveHour({ used_percentage: 1, resets_at: NOW_S })?.resetsAt).toBe(NOW_S);
    expect(fiveHour({ used_percentage: 1, resets_at: NOW_S * 1_000 + 999 })?.resetsAt).toBe(NOW_S);
    expect(fiveHour({ used_percentage: 1, resets_at: String(NOW_S) })?.resetsAt).toBe(NOW_S);
    expect(fiveHour({ used_percentage: 1, resets_at: '2026-11-25T12:00:00Z' })?.resetsAt).toBe(NOW_S);
  });

  it.each([-1, USED_PERCENT_MAX + 1, 1e308, 'x', '', null, true])('drops a window whose percentage is %j', (used_percentage) => {
    expect(fiveHour({ used_percentage, resets_at: NOW_S })).toBeNull();
  });

  it('takes a percentage given as text, and one over 100 (over the limit)', () => {
    expect(fiveHour({ used_percentage: '7.5' })).toEqual({ usedPercentage: 7.5, resetsAt: null });
    expect(fiveHour({ used_percentage: 130 })).toEqual({ usedPercentage: 130, resetsAt: null });
  });

  it.each([-0.01, SESSION_COST_USD_MAX * 10, 1e300])('drops a session cost of %d', (total_cost_usd) => {
    expect(parse({ cost: { total_cost_usd } }).costUsd).toBeNull();
  });

  it.each([
    ['empty', ''],
    ['binary', '\u0000\u00ff\u001b[2J\ud800'],
    ['a cut object', JSON.stringify(FULL).slice(0, 100)],
    ['deeply nested', `{"model":${'['.repeat(50_000)}${']'.repeat(50_000)}}`],
    ['a number', '42'],
  ])('reads %s text as no input', (_name, text) => {
    const parsed = parseStatuslineInput(text);
    expect(parsed.sessionId).toBeNull();
    expect(parsed.model).toBeNull();
    expect(parsed).toEqual(EMPTY_INPUT);
  });

  it('never throws, and what it returns is always in range, whatever the JSON', () => {
    const anyValue = fc.oneof(fc.jsonValue(), fc.double(), fc.string());
    const input = fc.record(
      {
        session_id: anyValue,
        model: fc.oneof(anyValue, fc.record({ display_name: anyValue, id: anyValue }, { requiredKeys: [] })),
        cost: fc.record({ total_cost_usd: anyValue }, { requiredKeys: [] }),
        rate_limits: fc.record({ five_hour: fc.record({ used_percentage: anyValue, resets_at: anyValue }, { requiredKeys: [] }) }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(input, (value) => {
        const parsed = parseStatuslineInput(JSON.stringify(value));
        const window = parsed.fiveHour;
        if (window) {
          expect(window.usedPercentage).toBeGreaterThanOrEqual(0);
          expect(window.usedPercentage).toBeLessThanOrEqual(USED_PERCENT_MAX);
          if (window.resetsAt !== null) expect(new Date(window.resetsAt * 1_000).toISOString()).toMatch(/^2[01]\d\d-/);
        }
        if (parsed.costUsd !== null) expect(Number.isFinite(parsed.costUsd) && parsed.costUsd >= 0).toBe(true);
        for (const text of [parsed.sessionId, parsed.model, parsed.projectDir]) if (text !== null) expect(typeof text).toBe('string');
      }),
      { numRuns: 500, seed: 42 },
    );
  });
});
