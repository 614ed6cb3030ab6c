// Golden screens: the whole frame a user sees at the smallest supported terminal and at a roomy
// one. A deliberate change of the screens is recorded with UPDATE_GOLDEN=1 and reviewed in the diff.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { renderApp, type Screen } from './renderApp.js';
import { scenarioStore } from './scenario.js';

let store: Store;
let screen: Screen | undefined;
afterEach(async () => {
  screen?.unmount();
  await store?.close();
});

const CASES = [
  { name: '60x20-overview', columns: 60, rows: 20, keys: [] as string[], ready: '$2.86' },
  { name: '120x40-sessions', columns: 120, rows: 40, keys: ['4'], ready: '│ ▸ 4 Sessions' },
  { name: '80x24-events', columns: 80, rows: 24, keys: ['6'], ready: 'api_error' },
];

describe('golden screens', () => {
  it.each(CASES)('$name', async ({ name, columns, rows, keys, ready }) => {
    store = await scenarioStore();
    screen = await renderApp(store, { columns, rows });
    for (const k of keys) await screen.press(k);
    await screen.until((t) => expect(t).toContain(ready));
    const file = new URL(`./golden/${name}.txt`, import.meta.url);
    const frame = `${screen.text()}\n`;
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, frame);
    expect(frame).toBe(readFileSync(file, 'utf8'));
  });
});
