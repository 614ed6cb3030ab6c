import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { applyEvent, applyMetricSample } from '../../../src/store/aggregate.js';
import { emptyState, type StoreState } from '../../../src/store/state.js';
import { dayStart } from '../../../src/store/rollups.js';
import { selectSummary } from '../../../src/report/summary.js';
import { makeSlice } from '../../../src/report/figures.js';
import { LiveRule } from '../../../src/report/live.js';
import { resolveWindow } from '../../../src/report/window.js';
import { formatOnceText } from '../../../src/report/onceText.js';
import { createPaint, colorEnabled } from '../../../src/report/paint.js';
import { percentile } from '../../../src/report/percentile.js';
import { formatAgo, formatCount, formatDuration, formatUsd } from '../../../src/report/format.js';
import { apiRequest, costSample, event, metricSample, SESSION_A, SESSION_B, T0 } from '../../builders/samples.js';

const NOW = T0 + 30 * 60_000;

function populated(): StoreState {
  const s = emptyState(T0);
  const atA = { sessionId: SESSION_A };
  const atB = { sessionId: SESSION_B };
  applyMetricSample(s, costSample(1.5), NOW);
  applyMetricSample(s, costSample(0.5, { model: 'claude-haiku-4-5', ...atB }), NOW);
  const tok = (counter: 'tokIn' | 'tokOut' | 'tokCacheRead' | 'tokCacheCreation', units: number) =>
    applyMetricSample(s, metricSample({ counter, units, model: 'claude-sonnet-4-5', attrs: { type: counter, model: 'claude-sonnet-4-5' }, ...atA }), NOW);
  tok('tokIn', 1000);
  tok('tokOut', 2000);
  tok('tokCacheRead', 8000);
  tok('tokCacheCreation', 1000);
  applyMetricSample(s, metricSample({ name: 'claude_code.lines_of_code.count', counter: 'linesAdded', units: 150, ...atA }), NOW);
  applyMetricSample(s, metricSample({ name: 'claude_code.lines_of_code.count', counter: 'linesRemoved', units: 50, ...atA }), NOW);
  applyMetricSample(s, metricSample({ name: 'claude_code.commit.count', counter: 'commits', units: 4, ...atA }), NOW);
  applyMetricSample(s, metricSample({ name: 'claude_code.active_time.total', counter: 'activeUserUs', units: 100e6, ...atA }), NOW);
  applyMetricSample(s, metricSample({ name: 'claude_code.active_time.total', counter: 'activeCliUs', units: 300e6, ...atA }), NOW);
  applyMetricSample(s, metricSample({ name: 'claude_code.active_time.total', counter: 'activeUserUs', units: 10e6, ...atB }), NOW);
  applyMetricSample(s, metricSample({ name: 'claude_code.active_time.total', counter: 'activeCliUs', units: 50e6, ...atB }), NOW);
  applyEvent(s, apiRequest('claude-sonnet-4-5', 1.5), NOW);
  applyEvent(s, event({ type: 'tool_result', toolName: 'Edit', success: true, durationMs: 10 }), NOW);
  applyEvent(s, event({ type: 'tool_result', toolName: 'Edit', success: false, durationMs: 30 }), NOW);
  return s;
}

describe('selectSummary', () => {
  it('reports totals, derived ratios, models, sessions and tools per the --json contract', () => {
    const s = selectSummary(populated(), 'all', NOW);
    expect(s.totals).toMatchObject({
      costUsd: 2,
      tokens: { input: 1000, output: 2000, cacheRead: 8000, cacheCreation: 1000, total: 12000 },
      sessions: 2,
      linesAdded: 150,
      linesRemoved: 50,
      commits: 4,
      activeTimeSec: { user: 110, cli: 350 },
      apiRequests: 1,
    });
    expect(s.derived).toEqual({
      cacheEfficiency: 0.8,
      costPer1kOutputTokens: 1,
      costPerCommit: 0.5,
      costPer100Lines: 1,
      productivityRatio: 350 / 110,
      peakLeverage: 5,
    });
    expect(s.byModel.map((m) => [m.model, m.costUsd])).toEqual([
      ['claude-sonnet-4-5', 1.5],
      ['claude-haiku-4-5', 0.5],
    ]);
    expect(s.sessions.find((x) => x.id === SESSION_B)).toMatchObject({ costUsd: 0.5, models: ['claude-haiku-4-5'] });
    expect(s.tools).toEqual([{ name: 'Edit', calls: 2, failures: 1, accepts: 0, rejects: 0, p50Ms: 10, p95Ms: 30 }]);
    expect(s.window).toEqual({ name: 'all', from: null, to: new Date(NOW).toISOString() });
  });

  it('gives null, never NaN or Infinity, for every ratio with a zero denominator', () => {
    const s = selectSummary(emptyState(T0), 'today', NOW);
    expect(Object.values(s.derived)).toEqual([null, null, null, null, null, null]);
    expect(JSON.stringify(s)).not.toMatch(/NaN|Infinity/);
  });

  it('answers each window from the right rollup', () => {
    const state = emptyState(T0);
    applyMetricSample(state, costSample(1, { timeMs: NOW - 2 * 86_400_000, timeNs: '1' }), NOW);
    applyMetricSample(state, costSample(2, { timeMs: NOW - 3_600_000, timeNs: '2' }), NOW);
    applyMetricSample(state, costSample(4, { timeMs: NOW, timeNs: '3' }), NOW);
    const cost = (w: Parameters<typeof selectSummary>[1]) => selectSummary(state, w, NOW).totals.costUsd;
    expect(cost('all')).toBe(7);
    expect(cost('7d')).toBe(7);
    expect(cost('24h')).toBe(6);
    expect(cost('today')).toBe(NOW - 3_600_000 >= dayStart(NOW) ? 6 : 4);
  });

  it('counts sessions active in the window', () => {
    const state = populated();
    expect(selectSummary(state, 'today', NOW + 3 * 86_400_000).totals.sessions).toBe(0);
    expect(selectSummary(state, '7d', NOW + 3 * 86_400_000).totals.sessions).toBe(2);
  });

  it('resolves today to local midnight', () => {
    expect(resolveWindow('today', NOW).from).toBe(dayStart(NOW));
    expect(new Date(dayStart(NOW)).getHours()).toBe(0);
  });
});

describe('--once text', () => {
  const strip = stripVTControlCharacters;

  it('fits 80 columns and uses no escape codes when colour is off', () => {
    const text = formatOnceText(selectSummary(populated(), 'all', NOW), createPaint(false), NOW);
    expect(strip(text)).toBe(text);
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(text).toContain('$2.00');
    expect(text).toMatch(/efficiency 80\.0%/);
    expect(text).toContain('claude-haiku-4-5');
  });

  it('colours through the paint roles when enabled, and says so when there is no data', () => {
    const text = formatOnceText(selectSummary(populated(), 'all', NOW), createPaint(true), NOW);
    expect(strip(text)).not.toBe(text);
    for (const line of strip(text).split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(formatOnceText(selectSummary(emptyState(T0), 'today', NOW), createPaint(false), NOW)).toMatch(/No Claude Code data/);
  });

  it('keeps its columns with figures far past the usual (a huge commit count, billions of tokens)', () => {
    const s = emptyState(T0);
    applyMetricSample(s, metricSample({ name: 'claude_code.commit.count', counter: 'commits', units: 123_456_789_012 }), NOW);
    applyMetricSample(s, metricSample({ counter: 'tokOut', units: 987_654_321_000, model: 'claude-sonnet-4-5' }), NOW);
    const text = formatOnceText(selectSummary(s, 'all', NOW), createPaint(false), NOW);
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(text).toContain('123.46B commits');
  });

  it('honours NO_COLOR and --no-color', () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ isTTY: true }, {}, true)).toBe(false);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
  });
});

describe('formatting', () => {
  it('formats money, counts, ages and percentiles', () => {
    expect(formatUsd(0.0675)).toBe('$0.0675');
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatCount(950)).toBe('950');
    expect(formatCount(12_345)).toBe('12.3K');
    expect(formatCount(4_560_000)).toBe('4.56M');
    // Under a minute in 10-second steps: a label changes (and the screen redraws) at most every 10 s.
    expect(formatAgo(NOW - 3_000, NOW)).toBe('just now');
    expect(formatAgo(NOW - 37_000, NOW)).toBe('30s ago');
    expect(formatAgo(NOW - 125_000, NOW)).toBe('2m ago');
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([5, 1, 3, 2, 4], 95)).toBe(5);
    expect(percentile([], 50)).toBeNull();
    expect([0.207, 3, 45, 723, 11_040].map(formatDuration)).toEqual(['0.2s', '3s', '45s', '12m 3s', '3h 4m']);
  });
});

describe('--json money', () => {
  it('is rounded to the nano-dollar everywhere, ratios and rates included', async () => {
    const { reportJson } = await import('../../../src/report/jsonOut.js');
    const text = reportJson({ costUsd: 0.7801636312499999, derived: { costPerCommit: 1 / 3 }, burn: { last5m: { usdPerHour: 2 / 3 } }, tokens: 1 / 3 }, new Map());
    const json = JSON.parse(text) as { costUsd: number; derived: { costPerCommit: number }; burn: { last5m: { usdPerHour: number } }; tokens: number };
    expect(json.costUsd).toBe(0.780163631);
    expect(json.derived.costPerCommit).toBe(0.333333333);
    expect(json.burn.last5m.usdPerHour).toBe(0.666666667);
    expect(json.tokens).toBe(1 / 3);
  });
});

describe('session facts kept with a live rule', () => {
  it('windows read through one rule share them; a new rule (the state changed) reads them afresh', () => {
    const s = emptyState(T0);
    applyEvent(s, apiRequest('claude-sonnet-4-5', 0.1, {}, { timeMs: T0 + 60_000 }), NOW);
    const rule = new LiveRule(s);
    const first = selectSummary(s, 'today', NOW, { slice: makeSlice(s, resolveWindow('today', NOW), undefined, undefined, rule) });
    const week = selectSummary(s, '7d', NOW, { slice: makeSlice(s, resolveWindow('7d', NOW), undefined, undefined, rule) });
    expect(week.sessions[0]!.models).toBe(first.sessions[0]!.models);
    // The session goes on with another model: the next report has a new rule, and says so.
    applyEvent(s, apiRequest('claude-haiku-4-5', 0.5, {}, { timeMs: T0 + 20 * 60_000 }), NOW);
    const next = selectSummary(s, 'today', NOW);
    expect(next.sessions[0]!.lastSeen).toBe(new Date(T0 + 20 * 60_000).toISOString());
    expect(next.sessions[0]!.models).toEqual(['claude-haiku-4-5', 'claude-sonnet-4-5']);
    expect(next.sessions[0]!.durationSec).toBe(19 * 60);
  });
});
