// Labels that take more or fewer cells than they have characters (CJK, emoji, a combining accent,
// a model named `constructor`), fed through the real ingest path, in every panel at the smallest
// supported terminal and a roomy one: every line within the width in cells, every box whole, and
// the columns of each table still lined up.
import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { KEYS, renderApp, type Screen } from './renderApp.js';
import { brokenBorders, widest } from './screenCells.js';
import { CONSTRUCTOR_MODEL, EMOJI_MODEL, OTHER_PROJECT, PROJECT, WIDE_SESSION, WIDE_TOOL, wideScenarioStore } from './wideScenario.js';

const SHORT_WIDE = '東京セッ'; // the first 8 cells of WIDE_SESSION
const SHORT_B = '9b1f0c55';

/** The cell where `text` ends, in the first line that has `row` and then `text` after it. */
function endCell(lines: string[], row: string, text: string): number {
  for (const l of lines) {
    const at = l.indexOf(row);
    if (at < 0) continue;
    const found = l.indexOf(text, at + row.length);
    if (found >= 0) return stringWidth(l.slice(0, found)) + stringWidth(text);
  }
  throw new Error(`no line with ${JSON.stringify(row)} then ${JSON.stringify(text)}`);
}

/** The cell where `text` starts, in the first line that has `row` and then `text` after it. */
const startCell = (lines: string[], row: string, text: string) => endCell(lines, row, text) - stringWidth(text);

/** The cells where `text` starts, in every line of the event log that has `label` as its label. */
function cellsAfterLabel(lines: string[], label: string, text: string): number[] {
  const rows = lines.filter((l) => /^│ [ ›]\d\d:\d\d:\d\d /.test(l) && l.includes(` ${label} `) && l.includes(text));
  if (rows.length < 2) throw new Error(`fewer than two ${label} rows with ${JSON.stringify(text)}`);
  return rows.map((l) => stringWidth(l.slice(0, l.indexOf(text, l.indexOf(` ${label} `)))));
}

interface Case {
  name: string;
  keys: string[];
  /** Shown at any size. */
  shows: string[];
  /** Not shown (filtered out). */
  hides?: string[];
  /** Cells that must be equal in each group: a column's right (or left) edge, row by row. */
  aligned: (lines: string[]) => number[][];
}

const CASES: Case[] = [
  {
    name: 'overview',
    keys: ['1'],
    shows: ['▸ 1 Overview', '$1.50', '3 requests', '1 error'],
    aligned: () => [],
  },
  {
    name: 'tokens by model',
    keys: ['2'],
    shows: ['by model (g)', 'claude-🚀', '266K', 'cache rd', 'cache wr'],
    aligned: (l) => [[endCell(l, 'by model', 'total'), endCell(l, 'claude-🚀', '266K')], [endCell(l, 'by model', 'cache rd'), endCell(l, 'claude-🚀', '250K'), endCell(l, CONSTRUCTOR_MODEL, '100K')]],
  },
  {
    name: 'tokens by session',
    keys: ['2', 'g'],
    shows: ['by session (g)', SHORT_WIDE, '328K'],
    aligned: (l) => [[endCell(l, 'by session', 'total'), endCell(l, SHORT_WIDE, '328K')]],
  },
  {
    name: 'tokens by project',
    keys: ['2', 'g', 'g', 'g'],
    shows: ['by project (g)', PROJECT, '328K', '300K', '15K'],
    aligned: (l) => [[endCell(l, 'by project', 'total'), endCell(l, PROJECT, '328K')], [endCell(l, 'by project', 'cache rd'), endCell(l, PROJECT, '300K')], [endCell(l, 'by project', 'cache wr'), endCell(l, PROJECT, '15K')]],
  },
  {
    name: 'cost',
    keys: ['3'],
    shows: ['▸ 3 Cost', 'claude-🚀-ünïc', CONSTRUCTOR_MODEL, '$0.5000', SHORT_WIDE, SHORT_B, '$1.25', '$0.2500'],
    aligned: (l) => [
      [endCell(l, 'by model', 'cost'), endCell(l, 'claude-🚀', '$1.00'), endCell(l, CONSTRUCTOR_MODEL, '$0.5000')],
      [startCell(l, 'claude-🚀', '█'), startCell(l, CONSTRUCTOR_MODEL, '█')],
      [endCell(l, 'top sessions', 'cost'), endCell(l, SHORT_WIDE, '$1.25'), endCell(l, SHORT_B, '$0.2500')],
      [endCell(l, 'top sessions', 'tokens'), endCell(l, SHORT_WIDE, '328K'), endCell(l, SHORT_B, '53K')],
    ],
  },
  {
    name: 'cost by project',
    keys: ['3', 'g', 'g', 'g'],
    shows: ['by project (g)', PROJECT, OTHER_PROJECT, '$1.25', '$0.2500'],
    aligned: (l) => [[endCell(l, 'by project', 'cost'), endCell(l, PROJECT, '$1.25'), endCell(l, OTHER_PROJECT, '$0.2500')]],
  },
  {
    name: 'sessions',
    keys: ['4'],
    shows: ['▸ 4 Sessions', PROJECT, SHORT_WIDE, SHORT_B, '$1.25', '$0.2500', '1m ago', '5m ago'],
    aligned: (l) => [
      [endCell(l, 'project', 'cost'), endCell(l, PROJECT, '$1.25'), endCell(l, 'プロジェク', '$0.2500')],
      [endCell(l, 'project', 'seen'), endCell(l, PROJECT, '1m ago'), endCell(l, 'プロジェク', '5m ago')],
      // The short id comes last, lined up whatever its characters.
      [startCell(l, 'seen ', 'id'), startCell(l, '1m ago ', SHORT_WIDE), startCell(l, '5m ago ', SHORT_B)],
    ],
  },
  {
    name: 'one session',
    keys: ['4', KEYS.enter],
    shows: [`Session ${PROJECT} ${SHORT_WIDE}`, WIDE_SESSION, PROJECT, `${EMOJI_MODEL}, ${CONSTRUCTOR_MODEL}`, '過負荷です'],
    aligned: (l) => [[startCell(l, 'Session  ', WIDE_SESSION), startCell(l, 'Models', EMOJI_MODEL), startCell(l, 'Project', PROJECT)]],
  },
  {
    name: 'tools',
    keys: ['5'],
    shows: ['▸ 5 Tools', WIDE_TOOL, 'Bash', '3.10s', 'API by model', CONSTRUCTOR_MODEL, '529 ×1'],
    aligned: (l) => [
      [endCell(l, 'tool', 'calls'), endCell(l, WIDE_TOOL, '2'), endCell(l, 'Bash', '1')],
      // Bash took 900ms at p50 and p95: the second one is in the p95 column.
      [endCell(l, 'tool', 'p95'), endCell(l, WIDE_TOOL, '3.10s'), endCell(l, 'Bash', '900ms   900ms')],
      [endCell(l, 'API by model', 'p50'), endCell(l, 'claude-🚀', '950ms'), endCell(l, CONSTRUCTOR_MODEL, '910ms')],
    ],
  },
  {
    name: 'events',
    keys: ['6'],
    shows: ['▸ 6 Events', '東京', '9b1f', `${WIDE_TOOL} ✗ failed 3.10s`, '529 過負荷です', '$0.5000 constructor'],
    // The label and the message start in the same cells whether the session id is CJK or hex.
    aligned: (l) => [cellsAfterLabel(l, 'prompt', 'prompt'), cellsAfterLabel(l, 'tool', WIDE_TOOL), cellsAfterLabel(l, 'prompt', '57 chars')],
  },
  {
    name: 'a CJK text filter on the events',
    keys: ['6', '/', WIDE_TOOL, KEYS.enter],
    shows: [`filter: ${WIDE_TOOL}`, `${WIDE_TOOL} ✗ failed 3.10s`, `${WIDE_TOOL} accept (config)`],
    aligned: (l) => [cellsAfterLabel(l, 'tool', WIDE_TOOL)],
  },
  {
    name: 'a project filter in the header',
    // `/` filters from the event log; the filter then narrows every panel.
    keys: ['6', '/', `project=${PROJECT}`, KEYS.enter, '4'],
    shows: [`project=${PROJECT}`, SHORT_WIDE, '$1.25'],
    hides: [SHORT_B],
    aligned: (l) => [[endCell(l, 'project', 'cost'), endCell(l, PROJECT, '$1.25')]],
  },
];

let store: Store;
let screen: Screen | undefined;
afterEach(async () => {
  screen?.unmount();
  await store?.close();
});

describe.each([
  { columns: 60, rows: 20 },
  { columns: 120, rows: 40 },
])('wide and zero-width labels at $columns x $rows', (size) => {
  it.each(CASES)('$name: within the width in cells, boxes whole, columns aligned', async ({ keys, shows, hides, aligned }) => {
    store = await wideScenarioStore();
    screen = await renderApp(store, size);
    for (const k of keys) await screen.press(k);
    await screen.until((text) => {
      for (const want of shows) expect(text).toContain(want);
    });
    for (const gone of hides ?? []) expect(screen.text()).not.toContain(gone);
    const text = screen.text();
    expect(widest(text)).toBeLessThanOrEqual(size.columns);
    expect(screen.lines()).toHaveLength(size.rows);
    expect(brokenBorders(text)).toEqual([]);
    for (const cells of aligned(screen.lines())) expect(new Set(cells).size, `cells ${cells.join(', ')}`).toBe(1);
  });
});
