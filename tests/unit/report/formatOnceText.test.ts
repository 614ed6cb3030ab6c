// `cc-top --once` and `--by day` pad their columns in terminal cells: wide and zero-width labels
// (CJK, emoji, a combining accent) from the real ingest path keep every line within 80 cells and
// every column lined up.
import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { selectDaily } from '../../../src/report/dailyTable.js';
import { formatDailyText } from '../../../src/report/dailyText.js';
import { formatOnceText, ONCE_WIDTH } from '../../../src/report/onceText.js';
import { makeSlice } from '../../../src/report/figures.js';
import { resolveWindow } from '../../../src/report/window.js';
import { createPaint } from '../../../src/report/paint.js';
import { selectSummary } from '../../../src/report/summary.js';
import type { Store } from '../../../src/store/store.js';
import { emptyStore, feedTurns, NOW } from '../../ui/scenario.js';
import { CONSTRUCTOR_MODEL, EMOJI_MODEL, OTHER_PROJECT, PROJECT, wideScenarioStore } from '../../ui/wideScenario.js';

/** The cell where `text` ends, in the first line that starts with `row` and has `text` after it. */
function endCell(lines: string[], row: string, text: string): number {
  const l = lines.find((x) => x.startsWith(row) && x.includes(text, row.length));
  if (l === undefined) throw new Error(`no line starting ${JSON.stringify(row)} with ${JSON.stringify(text)}`);
  const at = l.indexOf(text, row.length);
  return stringWidth(l.slice(0, at)) + stringWidth(text);
}

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('--once text with wide labels', () => {
  it('fits 80 cells and keeps the model, project and session columns aligned', async () => {
    store = await wideScenarioStore();
    const lines = formatOnceText(selectSummary(store.state, 'today', NOW, { groupBy: 'project' }), createPaint(false), NOW).split('\n');
    for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(ONCE_WIDTH);
    expect(lines.join('\n')).toContain(EMOJI_MODEL);
    const same = (cells: number[]) => expect(new Set(cells).size, `cells ${cells.join(', ')}`).toBe(1);
    same([endCell(lines, 'Model', 'cost'), endCell(lines, EMOJI_MODEL, '$1.00'), endCell(lines, CONSTRUCTOR_MODEL, '$0.5000')]);
    same([endCell(lines, 'Model', 'cache'), endCell(lines, EMOJI_MODEL, '%'), endCell(lines, CONSTRUCTOR_MODEL, '%')]);
    same([endCell(lines, 'By project', 'cost'), endCell(lines, PROJECT, '$1.25'), endCell(lines, OTHER_PROJECT, '$0.2500')]);
    // The last columns are right-aligned: a table's rows end in the same cell as its header.
    const width = (start: string) => stringWidth(lines.find((l) => l.startsWith(start))!);
    same([width('By project'), width(PROJECT), width(OTHER_PROJECT)]);
    // Top sessions lead with their project, then a short id.
    const top = lines.slice(lines.findIndex((l) => l.startsWith('Top sessions')));
    expect(top[1]).toMatch(/^東京-api 東京セ/);
    same(top.map((l) => stringWidth(l)));
  });
});

describe('--by day with wide labels', () => {
  it('fits 80 cells with the top model column aligned', async () => {
    store = await wideScenarioStore();
    const lines = formatDailyText(selectDaily(makeSlice(store.state, resolveWindow('7d', NOW)), '7d', NOW), createPaint(false)).split('\n');
    for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(ONCE_WIDTH);
    const today = lines.find((l) => l.startsWith('2026-11-25'))!;
    expect(today).toContain('🚀-ünïcöde\u0301');
    expect(endCell(lines, '2026-11-25', '$1.50')).toBe(endCell(lines, 'date', 'cost'));
    expect(endCell(lines, 'total', '$1.50')).toBe(endCell(lines, 'date', 'cost'));
  });
});

describe('--by day with a long wide model name', () => {
  it('cuts the top model to its 14 cells, never past 80', async () => {
    store = await emptyStore();
    const model = 'claude-東京モデル-長い名前-v2';
    feedTurns(store, [{ session: 'daily-1', model, atMs: NOW - 60_000, usd: 2, tokens: { input: 1, output: 2, cacheRead: 0, cacheCreation: 0 } }]);
    const lines = formatDailyText(selectDaily(makeSlice(store.state, resolveWindow('today', NOW)), 'today', NOW), createPaint(false)).split('\n');
    const today = lines.find((l) => l.startsWith('2026-11-25'))!;
    expect(stringWidth(today)).toBe(ONCE_WIDTH);
    expect(today.endsWith('  東京モデル-長…')).toBe(true);
  });
});
