// The keyboard, as a user drives it: panels, help, sessions drill-down, the event log's scroll,
// filter and pause, the window, quitting, and a terminal too small or resized.
import { setupGuide } from '../../src/commands/tui.js';
import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_A, SESSION_B } from '../builders/samples.js';
import type { Store } from '../../src/store/store.js';
import { KEYMAP } from '../../src/ui/keymap.js';
import { createIngest } from '../../src/ingest.js';
import { metricsRequest } from '../builders/otlpRequest.js';
import { Board } from '../../src/ui/messageBoard.js';
import type { SideFile } from '../../src/store/sideFile.js';
import { KEYS, renderApp, type Screen } from './renderApp.js';
import { widest } from './screenCells.js';
import { emptyStore, feedTurns, NOW, scenarioStore } from './scenario.js';

let store: Store;
let screen: Screen | undefined;
afterEach(async () => {
  screen?.unmount();
  await store?.close();
});

const focusedTitle = (text: string) => /│ ▸ (\d \w+)/.exec(text)?.[1];

async function open(size = { columns: 80, rows: 24 }) {
  store = await scenarioStore();
  screen = await renderApp(store, size);
  return screen;
}

describe('panels', () => {
  it('Tab and Shift-Tab cycle through the six panels, digits jump', async () => {
    const s = await open();
    const seen: (string | undefined)[] = [];
    for (let i = 0; i < 6; i++) {
      seen.push(focusedTitle(s.text()));
      const before = seen.at(-1);
      await s.press(KEYS.tab);
      await s.until((t) => expect(focusedTitle(t)).not.toBe(before));
    }
    expect(seen).toEqual(['1 Overview', '2 Tokens', '3 Cost', '4 Sessions', '5 Tools', '6 Events']);
    expect(focusedTitle(s.text())).toBe('1 Overview');
    await s.press(KEYS.shiftTab);
    await s.until((t) => expect(focusedTitle(t)).toBe('6 Events'));
    await s.press('3');
    await s.until((t) => expect(focusedTitle(t)).toBe('3 Cost'));
  });
});

describe('help', () => {
  it('? lists every binding from the keymap, grouped; Esc closes it', async () => {
    const s = await open({ columns: 100, rows: 60 });
    await s.press('?');
    await s.until((t) => expect(t).toContain('Keys'));
    const text = s.text();
    for (const b of KEYMAP.filter((b) => b.scope !== 'help' && b.scope !== 'tooSmall')) expect(text).toContain(b.description);
    for (const group of new Set(KEYMAP.map((b) => b.group).filter((g) => g !== 'Navigation'))) expect(text).toContain(group);
    // Keys of the panel below do not act while help is open: q closes help instead of quitting.
    await s.press('q');
    await s.until((t) => expect(t).toContain('│ ▸ 1 Overview'));
    expect(s.quitCalls()).toBe(0);
    await s.press('?');
    await s.until((t) => expect(t).toContain('Esc, ? or q closes this help'));
    await s.press(KEYS.escape);
    await s.until((t) => expect(t).toContain('│ ▸ 1 Overview'));
  });

  it('scrolls with j/k when taller than the terminal, the way to close always in sight', async () => {
    const s = await open({ columns: 60, rows: 20 });
    await s.press('?');
    await s.until((t) => expect(t).toContain('j/k more · Esc, ? or q closes this help'));
    expect(s.text()).not.toContain('Open the selected session');
    for (let i = 0; i < 30; i++) await s.press('j');
    await s.until((t) => expect(t).toContain('Open the selected session'));
    expect(s.text()).toContain('k back · Esc, ? or q closes this help');
    await s.press('k');
    await s.until((t) => expect(t).toContain('j/k more'));
  });
});

describe('sessions', () => {
  it('moves, sorts, opens one session with its own events, and goes back with Esc', async () => {
    const s = await open({ columns: 100, rows: 30 });
    await s.press('4');
    await s.until((t) => expect(t).toContain('by last seen'));
    const rowOf = (id: string) => s.lines().find((l) => l.includes(id.slice(0, 8)))!;
    expect(rowOf(SESSION_B)).toContain('›');
    await s.press('j');
    await s.until(() => expect(rowOf(SESSION_A)).toContain('›'));
    await s.press('s');
    await s.until((t) => expect(t).toContain('by cost'));
    // Sorting by cost puts B ($1.46) first and selects the first row again.
    await s.until(() => expect(rowOf(SESSION_B)).toContain('›'));
    await s.press(KEYS.down);
    await s.press(KEYS.enter);
    await s.until((t) => expect(t).toContain(SESSION_A));
    const detail = s.text();
    expect(detail).toContain('$1.40');
    expect(detail).toContain('Bash ✗ failed');
    // Only this session's events: B's Edit call is not in A's log.
    expect(detail).not.toContain('Edit ✓');
    await s.press(KEYS.escape);
    await s.until((t) => expect(t).toContain('by cost'));
  });
});

describe('events', () => {
  it('/ filters by text, Enter applies, Esc clears', async () => {
    const s = await open({ columns: 100, rows: 30 });
    await s.press('6');
    await s.until((t) => expect(t).toContain('following'));
    await s.press('/');
    for (const ch of 'Bash') await s.press(ch);
    await s.until((t) => expect(t).toContain('Bash'));
    await s.press(KEYS.enter);
    await s.until((t) => expect(t).not.toContain(' prompt '));
    const rows = s.lines().filter((l) => /^│ [ ›]\d\d:\d\d:\d\d /.test(l));
    expect(rows.length).toBe(4);
    expect(rows.every((l) => l.includes('Bash'))).toBe(true);
    await s.press(KEYS.escape);
    await s.until((t) => expect(t).toContain(' prompt '));
  });

  it('keys typed faster than the screen redraws all count', async () => {
    const s = await open({ columns: 100, rows: 30 });
    // No wait between keys: each must act on the state the previous key left.
    for (const key of ['6', '/', 'E', 'd', 'i', 't', KEYS.enter]) void s.press(key);
    await s.until((t) => expect(t).toContain('Edit ✓ 40ms'));
    await s.until((t) => expect(t).not.toContain('Bash'));
  });

  it('keys that arrive in one read (key repeat, paste) each count', async () => {
    const s = await open({ columns: 100, rows: 30 });
    await s.press('6/Write');
    await s.press(KEYS.enter);
    await s.until((t) => expect(t).toContain('Write ✓ 12ms'));
    await s.until((t) => expect(t).not.toContain('Bash'));
  });

  it('k scrolls back (stops following), G follows again', async () => {
    const s = await open({ columns: 80, rows: 20 });
    await s.press('6');
    await s.until((t) => expect(t).toContain('api error'));
    await s.press('g');
    await s.until((t) => expect(t).not.toContain('api error'));
    expect(s.text()).not.toContain('following');
    await s.press('G');
    await s.until((t) => expect(t).toContain('api error'));
    expect(s.text()).toContain('following');
  });

  it('p pauses the display while data keeps arriving; unpausing shows it', async () => {
    const s = await open({ columns: 100, rows: 30 });
    await s.until((t) => expect(t).toContain('$2.86'));
    await s.press('p');
    await s.until((t) => expect(t).toMatch(/paused/i));
    feedTurns(store, [{ session: SESSION_B, model: 'claude-sonnet-4-5', atMs: NOW - 1000, usd: 1, tokens: { input: 1, output: 1, cacheRead: 0, cacheCreation: 0 } }]);
    expect(store.state.totals.counters.costNanos).toBe(3_859_900_000);
    // Redraw while paused (the window goes round to today again): still the frozen figures.
    for (const w of ['24h', 'today']) {
      await s.press('w');
      if (w === 'today') for (let i = 0; i < 3; i++) await s.press('w');
      await s.until((t) => expect(t.split('\n')[0]).toContain(`  ${w}  `));
    }
    expect(s.text()).toContain('$2.86');
    expect(s.text()).not.toContain('$3.86');
    await s.press('p');
    await s.until((t) => expect(t).toContain('$3.86'));
    expect(s.text()).not.toMatch(/paused/i);
  });
});

describe('window, quit and size', () => {
  it('w cycles today, 24h, 7d, 30d, all', async () => {
    const s = await open();
    const shown: string[] = [];
    for (const w of ['24h', '7d', '30d', 'all', 'today']) {
      await s.press('w');
      await s.until((t) => expect(t.split('\n')[0]).toContain(`  ${w}  `));
      shown.push(w);
    }
    expect(shown).toHaveLength(5);
  });

  it('q and Ctrl-C quit', async () => {
    const s = await open();
    await s.press('q');
    expect(s.quitCalls()).toBe(1);
    await s.press('\x03');
    expect(s.quitCalls()).toBe(2);
  });

  it('too small: says so with the size needed, q still quits; growing re-lays out at once', async () => {
    store = await scenarioStore();
    screen = await renderApp(store, { columns: 50, rows: 15 });
    await screen.until((t) => expect(t).toContain('terminal too small (50x15, need 60x20)'));
    expect(widest(screen.text())).toBeLessThanOrEqual(50);
    await screen.press('q');
    expect(screen.quitCalls()).toBe(1);
    screen.resize(64, 20);
    await screen.until((t) => expect(t).toContain('$2.86'));
    expect(widest(screen.text())).toBeLessThanOrEqual(64);
    screen.resize(130, 40);
    await screen.until((t) => expect(t).toContain('│ 6 Events'));
    expect(widest(screen.text())).toBeLessThanOrEqual(130);
  });
});

describe('live data', () => {
  it('with no data shows the settings block for the real ports, then the figures once data arrives', async () => {
    store = await emptyStore();
    const listening = { host: '127.0.0.1', grpcPort: 14317, httpPort: 14318 };
    screen = await renderApp(store, { columns: 100, rows: 30 }, { listening, guide: setupGuide(listening) });
    await screen.until((t) => expect(t).toContain('Waiting for Claude Code'));
    expect(screen.text()).toContain('"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:14318"');
    expect(screen.text()).toContain('"CLAUDE_CODE_ENABLE_TELEMETRY": "1"');
    expect(screen.text()).toContain('Run cc-top setup --http-port 14318 --grpc-port 14317 and restart Claude Code');
    feedTurns(store);
    await screen.until((t) => expect(t).toContain('$2.86'));
    expect(screen.text()).not.toContain('Waiting for Claude Code');
  });
});

describe('grouping and filter', () => {
  it('g groups the Cost and Tokens panels by session, user, project, query source, then model again', async () => {
    const s = await open({ columns: 100, rows: 30 });
    await s.press('3');
    await s.until((t) => expect(t).toContain('by model (g)'));
    await s.press('g');
    await s.until((t) => expect(t).toContain('by session (g)'));
    expect(s.text()).toMatch(/9b1f0c55\s+\$1\.46/);
    await s.press('2');
    await s.until((t) => expect(t).toContain('by session (g)'));
    for (const by of ['user', 'project', 'query_source', 'model']) {
      await s.press('g');
      await s.until((t) => expect(t).toContain(`by ${by} (g)`));
    }
  });

  it('/ with KEY=VALUE narrows every panel like --filter; Esc clears it', async () => {
    const s = await open({ columns: 100, rows: 30 });
    await s.press('6');
    await s.press(`/session=${SESSION_A.slice(0, 8)}`);
    await s.press(KEYS.enter);
    await s.until((t) => expect(t.split('\n')[0]).toContain(`session=${SESSION_A.slice(0, 8)}`));
    expect(s.text()).not.toContain('9b1f0c55');
    expect(s.text()).toContain('Write ✓ 12ms');
    await s.press('1');
    await s.until((t) => expect(t).toMatch(/Cost\s+\$1\.40/));
    await s.press('6');
    await s.press(KEYS.escape);
    await s.until((t) => expect(t).toContain('9b1f0c55'));
  });

  it('--filter narrows every panel and shows in the header', async () => {
    store = await scenarioStore();
    screen = await renderApp(store, { columns: 100, rows: 30 }, { filter: { key: 'session', value: SESSION_B.slice(0, 8) } });
    await screen.until((t) => expect(t.split('\n')[0]).toContain(`today · session=${SESSION_B.slice(0, 8)}`));
    expect(screen.text()).toMatch(/Cost\s+\$1\.46/);
    await screen.press('4');
    await screen.until((t) => expect(t).toContain('9b1f0c55'));
    expect(screen.text()).not.toContain('3286bc07');
  });
});

describe('budgets', () => {
  it('the header shows the budget nearest its limit, and an alert shows in the event log', async () => {
    store = await scenarioStore();
    screen = await renderApp(store, { columns: 120, rows: 30 }, { budgets: { dayUsd: 2, monthUsd: 100 } });
    await screen.until((t) => expect(t.split('\n')[0]).toContain('cc-top  day budget $2.86 of $2.00 (143%)'));
    store.noteAlert({ id: 'budget-day-100-2026-11-25', level: 'error', title: 'Daily budget exceeded', message: '$2.86 of $2.00 spent today' });
    await screen.press('6');
    await screen.until((t) => expect(t).toContain('alert'));
    expect(screen.text()).toContain('✗ Daily budget exceeded');
  });
});

describe('provisional cost', () => {
  it('shows spend from api_request events at once, marked provisional, and the metrics take over', async () => {
    store = await emptyStore();
    const turn = { session: SESSION_A, model: 'claude-sonnet-4-5', atMs: NOW - 5_000, usd: 0.5, tokens: { input: 10, output: 20, cacheRead: 0, cacheCreation: 0 } };
    feedTurns(store, [turn], { metrics: false });
    screen = await renderApp(store, { columns: 100, rows: 30 });
    await screen.until((t) => expect(t).toMatch(/Cost\s+~\$0\.5000 incl\. \$0\.5000 from events, metrics pending/));
    await screen.press('4');
    await screen.until((t) => expect(t).toContain('~$0.5000'));
    // The metric export arrives: the same $0.50, no longer provisional, not doubled.
    const ingest = createIngest(store, { keepPrompts: false });
    ingest('metrics', metricsRequest({ metrics: [{ name: 'claude_code.cost.usage', points: [{ attrs: { 'session.id': SESSION_A, model: 'claude-sonnet-4-5' }, timeNs: `${NOW}000000`, value: 0.5 }] }] }));
    await screen.press('1');
    await screen.until((t) => expect(t).toMatch(/Cost\s+\$0\.5000 {2}1 request/));
    expect(screen.text()).not.toContain('from events');
    expect(screen.text()).not.toContain('~$');
  });
});

describe('plan usage from the status line', () => {
  it('shows 5h / 7d usage with countdowns in the header and follows the side file', async () => {
    store = await scenarioStore();
    const side = (five: number): SideFile => ({ version: 1, rateLimits: { seenAt: NOW, fiveHour: { usedPercentage: five, resetsAt: NOW / 1000 + 2 * 3600 + 13 * 60 }, sevenDay: { usedPercentage: 12, resetsAt: NOW / 1000 + 3 * 86400 + 4 * 3600 } }, sessions: { [SESSION_A]: { projectDir: '/work/shop', seenAt: NOW } } });
    const board = new Board<SideFile | null>(side(42));
    screen = await renderApp(store, { columns: 160, rows: 40 }, { sideFile: board });
    await screen.until((t) => expect(t.split('\n')[0]).toContain('5h 42% ↻2h13m  7d 12% ↻3d4h'));
    board.post(side(81));
    await screen.until((t) => expect(t.split('\n')[0]).toContain('5h 81%'));
    // The session's project, learned from the status line, in its detail view.
    await screen.press('4');
    await screen.press(KEYS.down);
    await screen.press(KEYS.enter);
    await screen.until((t) => expect(t).toContain('shop'));
  });
});
