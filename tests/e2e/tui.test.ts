// The live view in a real terminal (tmux): data POSTed over OTLP/HTTP shows up, keys switch
// panels and open help, a resize re-lays out within the new width, and `q` gives the terminal back.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUsd } from '../../src/report/format.js';
import { CC_TOP_BIN, runOnce, startCcTop } from './harness/ccTop.js';
import { REPO_ROOT } from './harness/claudeCli.js';
import { noLineWiderThan, TmuxPane } from './harness/tmux.js';

let dir: string;
let pane: TmuxPane;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cc-top-tui-'));
});
afterAll(async () => {
  await pane?.kill();
  await rm(dir, { recursive: true, force: true });
});

describe('live view in a terminal', () => {
  it('shows posted data, switches panels, opens help, re-lays out on resize, and q restores the terminal', async () => {
    const store = join(dir, 'store.json');
    pane = await TmuxPane.start(`cd ${REPO_ROOT} && echo BEFORE-CC-TOP && node ${CC_TOP_BIN} --store ${store} --grpc-port 0 --http-port 0 --window all`, { columns: 100, rows: 30 });
    const waiting = await pane.until((s) => expect(s).toContain('Waiting for Claude Code'));
    const port = /http 127\.0\.0\.1:(\d+)/.exec(waiting)?.[1];
    expect(port, waiting).toBeDefined();
    // The empty state names the port actually bound.
    expect(waiting).toContain(`"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:${port}"`);

    for (const [signal, file] of [['metrics', 'metrics-edit-commit.pb'], ['logs', 'logs-edit-commit.pb']] as const) {
      const body = await readFile(join(REPO_ROOT, 'tests', 'fixtures', file));
      const res = await fetch(`http://127.0.0.1:${port}/v1/${signal}`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
      expect(res.status).toBe(200);
    }
    // The fixtures were recorded on another day: the window is `all` so they count.
    const overview = await pane.until((s) => expect(s).toMatch(/Cost\s+\$0\.0[1-9]/));
    const shownCost = /Cost\s+(\$[\d.,]+)/.exec(overview)![1];

    await pane.keys('2');
    await pane.until((s) => expect(s).toContain('▸ 2 Tokens'));
    await pane.keys('6');
    await pane.until((s) => expect(s).toContain('▸ 6 Events'));
    await pane.until((s) => expect(s).toMatch(/ api +\$/));
    await pane.keys('?');
    await pane.until((s) => expect(s).toContain('Esc, ? or q closes this help'));
    // Taller than the pane: j scrolls to the last group.
    for (let i = 0; i < 10; i++) await pane.keys('j');
    await pane.until((s) => expect(s).toContain('Open the selected session'));
    await pane.keys('Escape');
    await pane.until((s) => expect(s).not.toContain('closes this help'));

    await pane.resize(64, 20);
    const narrow = await pane.until((s) => {
      expect(s).toContain('▸ 6 Events');
      expect(s).toContain('╮\n'.padStart(2));
      noLineWiderThan(s, 64);
    });
    noLineWiderThan(narrow, 64);
    await pane.resize(50, 16);
    await pane.until((s) => expect(s).toContain('need 60x20'));

    await pane.keys('q');
    const after = await pane.until((s) => expect(s).toContain('EXITED:0'));
    // Back on the main screen: the shell's lines are there, nothing of the live view is.
    expect(after).toContain('BEFORE-CC-TOP');
    expect(after).not.toContain('need 60x20');
    expect(after).not.toContain('Events');

    // What the screen showed is what the store holds.
    const summary = await runOnce(store);
    expect(formatUsd(summary.totals.costUsd)).toBe(shownCost);
  });
});

describe.each([
  { how: 'Ctrl-C', stop: (pane: TmuxPane) => pane.keys('C-c') },
  { how: 'SIGTERM', stop: async (_pane: TmuxPane, store: string) => void (await import('node:child_process')).execFileSync('pkill', ['-TERM', '-f', store]) },
])('the terminal is given back on $how', ({ stop }) => {
  it('main screen and cursor restored, exit 0', async () => {
    const store = join(dir, `store-${Math.random().toString(36).slice(2)}.json`);
    await pane?.kill();
    pane = await TmuxPane.start(`echo BEFORE-CC-TOP && node ${CC_TOP_BIN} --store ${store} --grpc-port 0 --http-port 0`, { columns: 80, rows: 24 });
    await pane.until((s) => expect(s).toContain('Waiting for Claude Code'));
    await stop(pane, store);
    const after = await pane.until((s) => expect(s).toContain('EXITED:0'));
    expect(after).toContain('BEFORE-CC-TOP');
    expect(after).not.toContain('Waiting for Claude Code');
    expect(await pane.cursorVisible()).toBe(true);
  });
});

describe('a second cc-top on the same store', () => {
  it('opens a viewer that follows what the first one receives', async () => {
    const store = join(dir, 'shared-store.json');
    const first = await startCcTop({ store });
    try {
      await pane?.kill();
      pane = await TmuxPane.start(`node ${CC_TOP_BIN} --store ${store} --window all`, { columns: 100, rows: 30 });
      const port = /:(\d+)$/.exec(first.httpEndpoint)![1];
      // The viewer names the first instance's real addresses.
      await pane.until((s) => {
        expect(s.split('\n')[0]).toContain('viewer');
        expect(s).toContain(`http 127.0.0.1:${port}`);
      });
      const body = await readFile(join(REPO_ROOT, 'tests', 'fixtures', 'metrics-edit-commit.pb'));
      const res = await fetch(`${first.httpEndpoint}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
      expect(res.status).toBe(200);
      const shown = await pane.until((s) => expect(s).toMatch(/Cost\s+\$0\.0[1-9]/));
      const summary = await runOnce(store);
      expect(shown).toContain(formatUsd(summary.totals.costUsd));
      await pane.keys('q');
      await pane.until((s) => expect(s).not.toContain('viewer'));
    } finally {
      await first.stop();
    }
  });
});
