// Golden screens: the whole frame a user sees at the smallest supported terminal and at a roomy
// one, with plain and with wide labels (CJK, emoji, a combining accent). A deliberate change of
// the screens is recorded with UPDATE_GOLDEN=1 and reviewed in the diff; under CI a missing
// screen fails.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { goldenStep } from './goldenFile.js';
import { KEYS, renderApp, type Screen } from './renderApp.js';
import { scenarioStore } from './scenario.js';
import { brokenBorders, widest } from './screenCells.js';
import { wideScenarioStore } from './wideScenario.js';

let store: Store;
let screen: Screen | undefined;
afterEach(async () => {
  screen?.unmount();
  await store?.close();
});

const CASES = [
  { name: '60x20-overview', columns: 60, rows: 20, keys: [] as string[], ready: '$2.86', scenario: scenarioStore },
  { name: '80x24-events', columns: 80, rows: 24, keys: ['6'], ready: 'api error', scenario: scenarioStore },
  { name: '80x24-session', columns: 80, rows: 24, keys: ['4', KEYS.enter], ready: 'Esc: back to the table', scenario: scenarioStore },
  { name: '120x40-sessions', columns: 120, rows: 40, keys: ['4'], ready: '│ ▸ 4 Sessions', scenario: scenarioStore },
  { name: '120x40-tokens', columns: 120, rows: 40, keys: ['2'], ready: 'Tokens per', scenario: scenarioStore },
  { name: '200x50-overview', columns: 200, rows: 50, keys: [], ready: 'cost by model', scenario: scenarioStore },
  { name: '200x50-tools', columns: 200, rows: 50, keys: ['5'], ready: 'API requests and errors', scenario: scenarioStore },
  { name: '60x20-wide-cost', columns: 60, rows: 20, keys: ['3'], ready: 'constructor', scenario: wideScenarioStore },
  { name: '60x20-wide-session', columns: 60, rows: 20, keys: ['4', KEYS.enter], ready: 'Esc: back to the table', scenario: wideScenarioStore },
];

describe('golden screens', () => {
  it.each(CASES)('$name', async ({ name, columns, rows, keys, ready, scenario }) => {
    store = await scenario();
    screen = await renderApp(store, { columns, rows });
    for (const k of keys) await screen.press(k);
    await screen.until((t) => expect(t).toContain(ready));
    const frame = `${screen.text()}\n`;
    // Within the terminal in cells, and every box whole, before it may be recorded.
    expect(widest(frame)).toBeLessThanOrEqual(columns);
    expect(screen.lines()).toHaveLength(rows);
    expect(brokenBorders(frame)).toEqual([]);
    const file = new URL(`./golden/${name}.txt`, import.meta.url);
    const step = goldenStep(existsSync(file), process.env);
    if (step === 'missing') throw new Error(`golden screen ${name}.txt is missing: record it with UPDATE_GOLDEN=1 npx vitest run tests/ui/golden.test.tsx, review and commit it`);
    if (step === 'write') writeFileSync(file, frame);
    expect(frame).toBe(readFileSync(file, 'utf8'));
  });
});

describe('a missing golden screen', () => {
  it.each([
    [false, {}, 'write'],
    [false, { CI: 'true' }, 'missing'],
    [false, { CI: '1' }, 'missing'],
    [false, { CI: 'false' }, 'write'],
    [false, { CI: 'true', UPDATE_GOLDEN: '1' }, 'write'],
    [true, { CI: 'true' }, 'compare'],
    [true, {}, 'compare'],
    [true, { UPDATE_GOLDEN: '1' }, 'write'],
  ] as const)('exists %s, env %j: %s', (exists, env, step) => {
    expect(goldenStep(exists, env as NodeJS.ProcessEnv)).toBe(step);
  });
});
