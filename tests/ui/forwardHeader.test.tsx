// The header says what forwarding does: `→ host ok`, `retrying N` while the upstream fails,
// `dropped N` once anything was lost; it follows changes, and fits any width.
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import type { ForwardBadge } from '../../src/ui/components/Header.js';
import { Board } from '../../src/ui/messageBoard.js';
import { renderApp, type Screen } from './renderApp.js';
import { scenarioStore } from './scenario.js';
import { widest } from './screenCells.js';

let store: Store;
let screen: Screen | undefined;
afterEach(async () => {
  screen?.unmount();
  await store?.close();
});

const badge = (b: Partial<ForwardBadge>): ForwardBadge => ({ host: 'collector.corp:4318', state: 'ok', queued: 0, dropped: 0, ...b });
const firstLine = (s: Screen) => s.lines()[0]!;

describe('the header with forwarding on', () => {
  it('shows the upstream and its state, live', async () => {
    store = await scenarioStore();
    const forward = new Board<ForwardBadge | null>(badge({}));
    screen = await renderApp(store, { columns: 120, rows: 40 }, { forward });
    await screen.until(() => expect(firstLine(screen!)).toContain('→ collector.corp:4318 ok'));

    forward.post(badge({ state: 'retrying', queued: 12 }));
    await screen.until(() => expect(firstLine(screen!)).toContain('→ collector.corp:4318 retrying 12'));

    forward.post(badge({ state: 'retrying', queued: 40, dropped: 3 }));
    await screen.until(() => expect(firstLine(screen!)).toContain('retrying 40 dropped 3'));

    forward.post(badge({ state: 'ok', dropped: 3 }));
    await screen.until(() => expect(firstLine(screen!)).toContain('→ collector.corp:4318 ok dropped 3'));
  });

  it('keeps forwarding trouble in view when the terminal is narrow, within its width', async () => {
    store = await scenarioStore();
    const forward = new Board<ForwardBadge | null>(badge({ state: 'refused', dropped: 7 }));
    screen = await renderApp(store, { columns: 60, rows: 20 }, { forward });
    await screen.until(() => expect(firstLine(screen!)).toContain('refused dropped 7'));
    expect(widest(screen.text())).toBeLessThanOrEqual(60);
  });

  it('shows nothing of it when forwarding is off', async () => {
    store = await scenarioStore();
    screen = await renderApp(store, { columns: 120, rows: 40 });
    await screen.until((t) => expect(t).toContain('1 Overview'));
    expect(firstLine(screen)).not.toContain('→');
  });
});
