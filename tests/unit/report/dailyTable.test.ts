import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { selectDaily as selectDailyOf, selectPeriods } from '../../../src/report/dailyTable.js';
import { formatDailyText } from '../../../src/report/dailyText.js';
import { makeSlice } from '../../../src/report/figures.js';
import { resolveWindow, type WindowName } from '../../../src/report/window.js';
import type { StoreState } from '../../../src/store/state.js';
import { createPaint } from '../../../src/report/paint.js';
import { applyMetricSample } from '../../../src/store/aggregate.js';
import { emptyState } from '../../../src/store/state.js';
import { costSample, metricSample } from '../../builders/samples.js';

const NOW = Date.UTC(2026, 10, 25, 18, 0, 0);
const DAY = 86_400_000;
const selectDaily = (s: StoreState, w: WindowName, now: number) => selectDailyOf(makeSlice(s, resolveWindow(w, now)), w, now);

function state() {
  const s = emptyState(NOW);
  const at = (daysAgo: number, usd: number, model: string, output: number) => {
    const t = NOW - daysAgo * DAY;
    applyMetricSample(s, costSample(usd, { model, timeMs: t, startNs: `${t - 1000}000000`, timeNs: `${t}000000`, attrs: { 'session.id': 's', model } }), NOW);
    applyMetricSample(s, metricSample({ counter: 'tokOut', units: output, model, timeMs: t, startNs: `${t - 1000}000000`, timeNs: `${t}000000`, attrs: { 'session.id': 's', model, type: 'output' } }), NOW);
  };
  at(0, 1.25, 'claude-sonnet-4-5', 1000);
  at(0, 0.5, 'claude-haiku-4-5', 500);
  at(2, 3, 'claude-opus-4-1', 2000);
  at(40, 7, 'claude-sonnet-4-5', 100);
  return s;
}

describe('--by day', () => {
  it('one row per local day of the window, no gaps, oldest first, top model per day', () => {
    const rows = selectDaily(state(), '7d', NOW);
    expect(rows.map((r) => r.date)).toEqual(['2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25']);
    expect(rows[4]).toMatchObject({ date: '2026-11-23', costUsd: 3, models: [{ model: 'claude-opus-4-1', costUsd: 3 }] });
    expect(rows[6]!.costUsd).toBe(1.75);
    expect(rows[6]!.tokens.output).toBe(1500);
    expect(rows[6]!.models.map((m) => m.model)).toEqual(['claude-sonnet-4-5', 'claude-haiku-4-5']);
    expect(rows[5]).toMatchObject({ costUsd: 0, models: [] });
  });

  it('all: from the first day with data', () => {
    const rows = selectDaily(state(), 'all', NOW);
    expect(rows[0]!.date).toBe('2026-10-16');
    expect(rows).toHaveLength(41);
    expect(rows.reduce((n, r) => n + Math.round(r.costUsd * 1e9), 0)).toBe(11_750_000_000);
  });

  it('prints an 80-column table with a total row', () => {
    const text = formatDailyText(selectDaily(state(), '7d', NOW), createPaint(false));
    const lines = text.split('\n');
    expect(lines).toHaveLength(9);
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(80);
    expect(lines.at(-1)).toMatch(/^total\s.*\$4\.75/);
    expect(lines.at(-2)).toMatch(/^2026-11-25\s.*\$1\.75\s+sonnet-4-5/);
  });
});

describe('--by week and --by month', () => {
  it('sum whole local weeks (from Monday) and months', () => {
    const s = state();
    const weeks = selectPeriods(makeSlice(s, resolveWindow('30d', NOW)), '30d', NOW, 'week');
    expect(weeks.at(-1)).toMatchObject({ date: '2026-11-23', costUsd: 4.75 });
    const months = selectPeriods(makeSlice(s, resolveWindow('all', NOW)), 'all', NOW, 'month');
    expect(months.map((m) => [m.date, m.costUsd])).toEqual([
      ['2026-10', 7],
      ['2026-11', 4.75],
    ]);
  });
});

describe('cc-top --once --by day', () => {
  it('prints the daily table and carries it, with the burn rate, in --json', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { main } = await import('../../../src/cli.js');
    const { JsonFileAdapter } = await import('../../../src/store/persistence.js');
    const dir = await mkdtemp(join(tmpdir(), 'cc-top-daily-'));
    try {
      const store = join(dir, 'store.json');
      await new JsonFileAdapter(store).write(state());
      const out: string[] = [];
      const io = { stdout: (l: string) => out.push(l), stderr: (l: string) => out.push(l), stdoutStream: { isTTY: false }, env: { CC_TOP_CONFIG: join(dir, 'none.json'), PATH: '' }, clock: () => NOW };
      expect(await main(['--once', '--store', store, '--window', '7d', '--by', 'day'], io)).toBe(0);
      expect(out.join('\n')).toMatch(/2026-11-23\s.*\$3\.00\s+opus-4-1/);
      out.length = 0;
      expect(await main(['--once', '--json', '--store', store, '--window', '30d', '--by', 'day'], io)).toBe(0);
      const json = JSON.parse(out.join('\n')) as { daily: { date: string }[]; burn: { last1h: { usdPerHour: number } } };
      expect(json.daily).toHaveLength(30);
      expect(json.burn.last1h.usdPerHour).toBeGreaterThanOrEqual(0);
      out.length = 0;
      expect(await main(['--once', '--store', store, '--by', 'fortnight'], io)).toBe(2);
      expect(out.join('\n')).toContain('--by takes day, week, month');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
