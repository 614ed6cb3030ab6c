// Every panel, fed by the real ingest path, at a narrow, a common and a wide terminal: what the
// user must see is there, and no line is ever wider than the terminal.
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { renderApp, type Screen } from './renderApp.js';
import { brokenBorders, widest } from './screenCells.js';
import { scenarioStore } from './scenario.js';

const SIZES = [
  { columns: 60, rows: 20 },
  { columns: 80, rows: 24 },
  { columns: 120, rows: 40 },
  { columns: 200, rows: 50 },
];

/** What each panel must show for the scenario (see scenario.ts for the figures). */
const EXPECTED: Record<string, (string | RegExp)[]> = {
  '1': ['1 Overview', '$2.86', '5 requests', '1 error', '+180', '-40', '1 commit', 'Cache', '94.6%', 'Cost today, running total: $2.86', /\d\d:00 +\d\d:00/, /\$0 └/],
  '2': ['2 Tokens', 'cache read', '92.1%', /claude-sonne/, '7.6K', '34.5K', /Tokens per [\w-]+ bucket, today/],
  '3': ['3 Cost', /claude-sonnet-4/, 'claude-haiku-4-5', '$0.0031', 'cc-top 9b1f0c55', '3286bc07', '$1.46', '$1.40', /Cost per [\w-]+ bucket, today/],
  '4': ['4 Sessions', 'cc-top', '9b1f0c55', '3286bc07', '$1.46', '$1.40', '1m ago', '25m ago', '14:17', '13:49'],
  '5': ['5 Tools', 'Bash', 'Edit', 'Write', '2.30s', '529 ×1', /claude-sonnet-4/, '16.7% of requests', 'accepted', 'rejected'],
  '6': ['6 Events', 'api error', ' tool ', 'Bash ✗ failed 2.30s', '529 Overloaded', 'following'],
};

let store: Store;
let screen: Screen | undefined;
afterEach(async () => {
  screen?.unmount();
  await store?.close();
});

describe.each(SIZES)('panels at $columns x $rows', (size) => {
  it.each(Object.keys(EXPECTED))('panel %s shows its figures within the terminal', async (key) => {
    store = await scenarioStore();
    screen = await renderApp(store, size);
    await screen.press(key);
    await screen.until((text) => {
      // The focused panel is marked without colour (the theme here has none). Waited for with the
      // figures: where the panel was on screen before the key (Events beside the Overview at 200
      // columns), its figures alone do not say the key has been handled.
      expect(text).toContain(`▸${key} `);
      for (const want of EXPECTED[key]!) {
        if (typeof want === 'string') expect(text).toContain(want);
        else expect(text).toMatch(want);
      }
    });
    expect(widest(screen.text())).toBeLessThanOrEqual(size.columns);
    expect(brokenBorders(screen.text())).toEqual([]);
    expect(screen.lines()).toHaveLength(size.rows);
  });
});

describe('wide terminal', () => {
  it('shows the overview beside the focused panel, and the events beside the overview', async () => {
    store = await scenarioStore();
    screen = await renderApp(store, { columns: 120, rows: 40 });
    const title = (name: string, focused: boolean) => new RegExp(`│ ${focused ? '▸ ' : ''}${name}`);
    await screen.until((text) => expect(text).toMatch(title('6 Events', false)));
    expect(screen.text()).toMatch(title('1 Overview', true));
    await screen.press('3');
    await screen.until((text) => expect(text).toMatch(title('3 Cost', true)));
    expect(screen.text()).toMatch(title('1 Overview', false));
    expect(screen.text()).not.toMatch(title('6 Events', false));
  });

  it('a narrow pane shows one panel with tabs', async () => {
    store = await scenarioStore();
    screen = await renderApp(store, { columns: 100, rows: 30 });
    await screen.until((text) => expect(text).toContain('│ ▸ 1 Overview'));
    expect(screen.text()).not.toContain('│ 6 Events');
    expect(screen.lines()[1]).toContain('2 Tokens 3 Cost 4 Sessions 5 Tools 6 Events');
  });
});
