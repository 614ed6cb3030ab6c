// What the live view shows agrees with itself and with --once, its charts stand still while no data
// arrives, and its panels use the room they have.
import { afterEach, describe, expect, it } from 'vitest';
import { selectSummary } from '../../src/report/summary.js';
import { formatOnceText } from '../../src/report/onceText.js';
import { createPaint } from '../../src/report/paint.js';
import type { Store } from '../../src/store/store.js';
import { SESSION_A } from '../builders/samples.js';
import { KEYS, renderApp, type Screen } from './renderApp.js';
import { emptyStore, feedTurns, NOW, scenarioStore } from './scenario.js';
import { blankRowsPerBox, boxesOf, brokenBorders, cellsOf, widest } from './screenCells.js';

let store: Store;
let screen: Screen | undefined;
afterEach(async () => {
  screen?.unmount();
  await store?.close();
});

const MIN = 60_000;

describe('one live figure while metrics are pending', () => {
  it('Overview, Cost by model, Sessions, the session and --once all show ~$0.4321', async () => {
    store = await emptyStore();
    // Claude Code has sent the api_request event; its metric export (60 s) has not come yet.
    feedTurns(store, [{ session: SESSION_A, model: 'claude-opus-4-1', atMs: NOW - 20_000, usd: 0.4321, tokens: { input: 100, output: 2000, cacheRead: 0, cacheCreation: 0 } }], { metrics: false });
    const figure = '~$0.4321';
    screen = await renderApp(store, { columns: 100, rows: 30 });
    await screen.until((t) => expect(t).toMatch(/Cost\s+~\$0\.4321 incl\. \$0\.4321 from events, metrics pending/));
    await screen.press('3');
    await screen.until((t) => expect(t).toMatch(new RegExp(`claude-opus-4-1\\s+${figure.replace(/[$.]/g, '\\$&')}`)));
    await screen.press('4');
    await screen.until((t) => expect(t).toMatch(new RegExp(`│ ›●–\\s+\\S+\\s+\\S+\\s+${figure.replace(/[$.]/g, '\\$&')}`)));
    await screen.press(KEYS.enter);
    await screen.until((t) => expect(t).toMatch(new RegExp(`Cost\\s+${figure.replace(/[$.]/g, '\\$&')}  1 request`)));
    expect(screen.text()).toContain('~$0.4321 from events, metrics pending');
    const once = formatOnceText(selectSummary(store.state, 'today', NOW), createPaint(false), NOW);
    expect(once).toMatch(/^Cost\s+~\$0\.4321 /m);
    expect(once).toMatch(/claude-opus-4-1\s+~\$0\.4321/);
    expect(once).toMatch(/^[0-9a-f]{8}\s+~\$0\.4321/m);
  });

  it('--group-by marks a provisional group the same way, whatever the key (user, project, label)', async () => {
    store = await emptyStore();
    feedTurns(store, [{ session: SESSION_A, model: 'claude-opus-4-1', atMs: NOW - 20_000, usd: 0.4321, tokens: { input: 100, output: 2000, cacheRead: 0, cacheCreation: 0 } }], { metrics: false });
    for (const by of ['user', 'project', 'model', 'session']) {
      const summary = selectSummary(store.state, 'today', NOW, { groupBy: by });
      expect(summary.groups!.rows[0]).toMatchObject({ costUsd: 0.4321, provisionalUsd: 0.4321 });
      const once = formatOnceText(summary, createPaint(false), NOW);
      expect(once.split('By ')[1]).toMatch(/\n\S+\s+~\$0\.4321 /);
    }
  });

  it('with metrics for other sessions, the Overview total is the sum of what the sessions show', async () => {
    store = await scenarioStore();
    feedTurns(store, [{ session: SESSION_A, model: 'claude-haiku-4-5', atMs: NOW - 20_000, usd: 0.5, tokens: { input: 1, output: 1, cacheRead: 0, cacheCreation: 0 } }], { metrics: false, apiError: { session: SESSION_A, model: 'claude-haiku-4-5', error: 'x' } });
    screen = await renderApp(store, { columns: 100, rows: 30 });
    // $2.86 from metrics and $0.50 from the pending event: once, not twice, marked.
    await screen.until((t) => expect(t).toMatch(/Cost\s+~\$3\.36 incl\. \$0\.5000 from events/));
    await screen.press('4');
    await screen.until((t) => expect(t).toContain('~$1.90'));
    expect(screen.text()).toContain('$1.46');
    expect(formatOnceText(selectSummary(store.state, 'today', NOW), createPaint(false), NOW)).toMatch(/^Cost\s+~\$3\.36 /m);
  });
});

/** The chart rows of the focused (first) panel: its scale, columns and time axis. */
function chartRows(text: string): string[] {
  const box = boxesOf(text)[0]!;
  const inner = text.split('\n').slice(box.top + 1, box.bottom).map((l) => cellsOf(l).slice(box.left + 1, box.right).join(''));
  return inner.filter((l) => /[┤└]|[│┤][ ▁-█]*[▁-█]/.test(l));
}

describe('charts', () => {
  it.each([
    ['1', 'Overview'],
    ['2', 'Tokens'],
    ['3', 'Cost'],
    ['5', 'Tools'],
  ])('panel %s (%s) does not change while no data arrives, ten minutes on', async (key) => {
    let now = NOW;
    const clock = () => now;
    store = await scenarioStore(clock);
    screen = await renderApp(store, { columns: 120, rows: 40 }, { clock });
    await screen.press(key);
    await screen.until((t) => expect(t).toContain(`│ ▸ ${key} `));
    await screen.until((t) => expect(t).toMatch(/\$0 └|0 └/));
    const before = chartRows(screen.text());
    expect(before.length).toBeGreaterThan(4);
    now += 10 * MIN;
    // Something that is not a figure arrives: the screen redraws against the new clock.
    store.noteMessage('test_notice', 'a redraw');
    await screen.until((t) => expect(t).toContain('metrics 10m ago'));
    expect(chartRows(screen.text())).toEqual(before);
  });

  it('says what a chart shows: a running total ending at the Cost figure, or per bucket, with the bucket size and a time axis', async () => {
    store = await scenarioStore();
    screen = await renderApp(store, { columns: 120, rows: 40 });
    await screen.press('3');
    await screen.until((t) => expect(t).toMatch(/Cost per 15-min bucket, today/));
    const text = screen.text();
    // A time axis with round times under it, and the scale in dollars.
    expect(text).toMatch(/└[─┬]+/);
    expect(text).toMatch(/14:00 +16:00/);
    expect(text).toMatch(/\$1\.5 ┤/);
    await screen.press('1');
    await screen.until((t) => expect(t).toContain('Cost today, running total: $2.86 · 15-min buckets'));
    expect(screen.text()).toMatch(/\$3 ┤/);
  });
});

describe('the room', () => {
  it.each(['1', '2', '3', '4', '5', '6'])('at 120x35, panel %s and the one beside it leave at most 3 rows empty', async (key) => {
    store = await scenarioStore();
    screen = await renderApp(store, { columns: 120, rows: 35 });
    await screen.press(key);
    await screen.until((t) => expect(t).toContain(`▸${key} `));
    await screen.until((t) => expect(blankRowsPerBox(t)).toHaveLength(2));
    for (const box of blankRowsPerBox(screen.text())) expect(box.blank, box.title).toBeLessThanOrEqual(3);
  });

  it('at 200 columns the Overview puts cost by model and the top sessions beside its figures', async () => {
    store = await scenarioStore();
    screen = await renderApp(store, { columns: 200, rows: 50 });
    await screen.until((t) => expect(t).toMatch(/Cost\s+\$2\.86.*cost by model/));
    expect(screen.text()).toMatch(/Tokens .*claude-sonnet-4-5\s+\$2\.86/);
    expect(screen.text()).toMatch(/cc-top 9b1f0c55\s+\$1\.46/);
    expect(widest(screen.text())).toBeLessThanOrEqual(200);
    expect(brokenBorders(screen.text())).toEqual([]);
  });
});
