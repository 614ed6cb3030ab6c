// The live view's smaller promises: "ago" labels exact when the screen redraws, notices that give
// the tab bar back, a viewer that says whose ports it shows, filters that say why nothing shows,
// an event log readable at 80 columns that opens one event, and a session's events that scroll.
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { createIngest } from '../../src/ingest.js';
import { MessageBoard } from '../../src/ui/messageBoard.js';
import { NOTICE_MS } from '../../src/ui/App.js';
import { logsRequest } from '../builders/otlpRequest.js';
import { ns, SESSION_A, SESSION_B } from '../builders/samples.js';
import { KEYS, renderApp, type Screen } from './renderApp.js';
import { NOW, scenarioStore } from './scenario.js';
import { cellsOf, widest } from './screenCells.js';

let store: Store;
let screen: Screen | undefined;
afterEach(async () => {
  screen?.unmount();
  await store?.close();
});

const header = (s: Screen) => s.lines()[0]!;
const tabLine = (s: Screen) => s.lines()[1]!;

describe('header', () => {
  it('"ago" labels are worked out against the clock of the redraw, not of the last timer', async () => {
    let now = NOW;
    const clock = () => now;
    store = await scenarioStore(clock);
    screen = await renderApp(store, { columns: 120, rows: 30 }, { clock });
    await screen.until((t) => expect(header({ lines: () => t.split('\n') } as Screen)).toContain('metrics just now'));
    // 117 s later something redraws the screen: the label must read a minute, not "50s ago".
    now += 117_000;
    store.noteMessage('test_notice', 'a redraw');
    await screen.until(() => expect(header(screen!)).toContain('metrics 1m ago · events 1m ago'));
  });

  it('a message takes the tab line for a few seconds, then sits beside the tabs', async () => {
    let now = NOW;
    const clock = () => now;
    store = await scenarioStore(clock);
    const messages = new MessageBoard();
    screen = await renderApp(store, { columns: 160, rows: 30 }, { clock, messages });
    await screen.until(() => expect(tabLine(screen!)).toContain('▸1 Overview'));
    messages.post('notify-send is not on PATH: desktop notifications are off');
    await screen.until(() => expect(tabLine(screen!).trimEnd()).toBe('! notify-send is not on PATH: desktop notifications are off'));
    now += NOTICE_MS + 1;
    store.noteMessage('test_notice', 'a redraw');
    await screen.until(() => expect(tabLine(screen!)).toMatch(/▸1 Overview 2 Tokens .*6 Events {2}! notify-send is not on PATH/));
  });

  it('a viewer shows the ports of the cc-top whose store it shows, as that cc-top\'s', async () => {
    store = await scenarioStore();
    screen = await renderApp(store, { columns: 200, rows: 30 }, { mode: 'viewer', listening: { host: '127.0.0.1', grpcPort: 5317, httpPort: 5318, pid: 4242 } });
    await screen.until(() => expect(header(screen!)).toContain('viewing the store of cc-top pid 4242 (grpc 127.0.0.1:5317 · http 127.0.0.1:5318)'));
    expect(header(screen!)).toMatch(/^cc-top viewer/);
    expect(header(screen!)).not.toMatch(/ {2}grpc 127/);
  });
});

describe('filters', () => {
  it('a filter that matches nothing says so in every panel', async () => {
    store = await scenarioStore();
    screen = await renderApp(store, { columns: 100, rows: 30 });
    await screen.press('6');
    await screen.press('/model=claude-nothing');
    await screen.press(KEYS.enter);
    await screen.until((t) => expect(header({ lines: () => t.split('\n') } as Screen)).toContain('model=claude-nothing'));
    for (const key of ['2', '3', '4', '5']) {
      await screen.press(key);
      await screen.until((t) => expect(t).toContain('no session matches model=claude-nothing (today)'));
    }
    expect(screen.text()).not.toContain('no data yet');
  });

  it('a key that does not exist says which keys do, and narrows nothing', async () => {
    store = await scenarioStore();
    screen = await renderApp(store, { columns: 100, rows: 30 });
    await screen.press('6');
    await screen.press('/team=platform');
    await screen.press(KEYS.enter);
    await screen.until((t) => expect(t).toContain('filter team=platform: no key "team"; the keys are model, session'));
    expect(header(screen)).toContain('team=platform (no such key)');
    await screen.press('3');
    await screen.until((t) => expect(t).toMatch(/│ ▸ 3 Cost\s+│/));
    const text = screen.text().replace(/[│\s]+/g, ' ');
    expect(text).toContain('filter no key "team"; the keys are model, session, user, project, query_source, vcs.repository.name');
    expect(text).toContain('Esc in the event log (6) clears the filter.');
    expect(text).not.toContain('claude-haiku-4-5');
  });

  it('--filter with a key the store does not have yet does not stop the live view', async () => {
    store = await scenarioStore();
    screen = await renderApp(store, { columns: 100, rows: 30 }, { filter: { key: 'team.id', value: 'platform' } });
    await screen.until((t) => expect(t).toContain('no key "team.id"'));
  });
});

/** An event line: marker, time, session, label; then where its message starts. */
const EVENT_LINE = /^│ [ ›](\d\d:\d\d:\d\d) (\S+) +(\S+(?: \S+)?) +/;

describe('the event log', () => {
  it('at 80 columns: labels whole in a narrow column, the message right after, alerts and notices wrapped, not cut', async () => {
    store = await scenarioStore();
    store.noteAlert({ id: 'a', level: 'error', title: 'Daily budget exceeded', message: '$2.86 of $2.00 spent today; the next alert comes at 150 % of the budget, or tomorrow' });
    store.noteMessage('config_warning', 'config.json: "notify.command" names notify-send, which is not on PATH: desktop notifications are off');
    screen = await renderApp(store, { columns: 80, rows: 40 });
    await screen.press('6');
    await screen.until((t) => expect(t).toContain('config warning'));
    const lines = screen.lines();
    const events = lines.filter((l) => /^│ [ ›]\d\d:\d\d:\d\d /.test(l));
    expect(events.length).toBeGreaterThan(15);
    const labels = new Set<string>();
    for (const l of events) {
      const cells = cellsOf(l);
      // Marker, time, session (8 cells), label column (9 cells and a space): the message starts in cell 30 or right after a longer label.
      const label = cells.slice(20, 30).join('').trim();
      labels.add(label.split(' ').slice(0, 2).join(' '));
      expect(l).not.toMatch(/^│ [ ›]\S+ \S+ \S*…/);
    }
    for (const short of ['prompt', 'api', 'decision', 'tool', 'api error', 'alert']) expect(labels, short).toContain(short);
    // A label longer than the column pushes its message along by one space, uncut.
    expect(lines.some((l) => /│ [ ›]\d\d:\d\d:\d\d cc-top {3}config warning config\.json/.test(l))).toBe(true);
    // Every word of the alert and the notice is on screen (wrapped onto following lines).
    const text = screen.text().replace(/[│\s]+/g, ' ');
    expect(text).toContain('the next alert comes at 150 % of the budget, or tomorrow');
    expect(text).toContain('which is not on PATH: desktop notifications are off');
    expect(widest(screen.text())).toBeLessThanOrEqual(80);
    const api = events.find((l) => / api {7}\$/.test(l))!;
    expect(EVENT_LINE.exec(api)?.[0]).toHaveLength(31);
  });

  it('Enter opens the marked event with all its attributes; Esc goes back', async () => {
    store = await scenarioStore();
    screen = await renderApp(store, { columns: 100, rows: 30 });
    await screen.press('6');
    await screen.until((t) => expect(t).toContain('›14:29:00'));
    // One row up: the marked row is the Bash tool call of the second session.
    await screen.press('k');
    await screen.until((t) => expect(t).toContain('›14:28:00 9b1f0c55 tool'));
    await screen.press(KEYS.enter);
    await screen.until((t) => expect(t).toContain('▸ 6 Event tool_result'));
    const text = screen.text();
    expect(text).toMatch(/tool_name\s+Bash/);
    expect(text).toMatch(/success\s+true/);
    expect(text).toMatch(/duration_ms\s+800/);
    expect(text).toContain(SESSION_B);
    await screen.press(KEYS.escape);
    await screen.until((t) => expect(t).toContain('scrolled (G follows)'));
  });

  it('folds Claude Code\'s start-up events into one line per session; s shows them one by one', async () => {
    store = await scenarioStore();
    const ingest = createIngest(store, { keepPrompts: false });
    const startup = (name: string, i: number) => ({ eventName: name, timeNs: ns(NOW - 50 * 60_000 + i), attrs: { 'session.id': SESSION_A, 'event.sequence': 1000 + i, plugin_name: `p${i}` } });
    ingest('logs', logsRequest({ records: [startup('plugin_loaded', 1), startup('plugin_loaded', 2), startup('managed_settings_resolved', 3)] }));
    screen = await renderApp(store, { columns: 200, rows: 40 });
    await screen.press('6');
    await screen.until((t) => expect(t).toMatch(/start-up {2}2 plugin loaded · 1 managed settings resolved \(s shows them\)/));
    await screen.press('s');
    await screen.until((t) => expect(t.match(/ plugin loaded /g)).toHaveLength(2));
    expect(screen.text()).toContain('start-up shown');
    await screen.press('s');
    await screen.until((t) => expect(t).toContain('(s shows them)'));
  });
});

describe('a session', () => {
  it('its events scroll with j/k/g/G', async () => {
    store = await scenarioStore();
    screen = await renderApp(store, { columns: 80, rows: 24 });
    await screen.press('4');
    await screen.until((t) => expect(t).toContain('by last seen'));
    // The first session in the table is the most recent: open the other one (the project's not known).
    await screen.press('j');
    await screen.press(KEYS.enter);
    await screen.until((t) => expect(t).toContain(SESSION_A));
    await screen.until((t) => expect(t).toContain('›14:05:00 3286bc07 tool'));
    await screen.press('k');
    await screen.until((t) => expect(t).toContain('1 newer below'));
    expect(screen.text()).toContain('›14:04:59 3286bc07 decision');
    await screen.press('g');
    await screen.until((t) => expect(t).toContain('›13:49:57 3286bc07 prompt'));
    await screen.press('G');
    await screen.until((t) => expect(t).toContain('›14:05:00 3286bc07 tool'));
    expect(screen.text()).toContain(SESSION_A.slice(0, 8));
  });
});
