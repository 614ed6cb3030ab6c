// Render the real App into ink-testing-library's fake terminal at a chosen size, and read what a
// user sees: frames with ANSI stripped, waited for by polling (never fixed sleeps).
import { render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { expect, vi } from 'vitest';
import { DEFAULT_COST_THRESHOLDS } from '../../src/report/paint.js';
import { App, type AppProps } from '../../src/ui/App.js';
import type { LiveSource } from '../../src/ui/liveSource.js';
import { createTheme } from '../../src/ui/theme.js';
import { NOW } from './scenario.js';
import { widest } from './screenCells.js';

export const KEYS = {
  tab: '\t',
  shiftTab: '\x1b[Z',
  escape: '\x1b',
  enter: '\r',
  down: '\x1b[B',
  up: '\x1b[A',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  backspace: '\x7f',
} as const;

export interface Screen {
  /** The latest frame as plain text. */
  text(): string;
  lines(): string[];
  press(keys: string): Promise<void>;
  resize(columns: number, rows: number): void;
  /** Poll until the frame satisfies `check` (an expect-based assertion). */
  until(check: (text: string) => void): Promise<void>;
  quitCalls: () => number;
  unmount(): void;
}

export async function renderApp(source: LiveSource, size: { columns: number; rows: number }, props: Partial<AppProps> = {}): Promise<Screen> {
  let quits = 0;
  const instance = render(
    <App
      source={source}
      clock={() => NOW}
      theme={createTheme(false)}
      listening={{ host: '127.0.0.1', grpcPort: 4317, httpPort: 4318 }}
      mode="live"
      thresholds={DEFAULT_COST_THRESHOLDS}
      onQuit={() => quits++}
      {...props}
    />,
  );
  const stdout = instance.stdout as unknown as NodeJS.EventEmitter;
  const text = () => stripVTControlCharacters(instance.lastFrame() ?? '');
  const screen: Screen = {
    text,
    lines: () => text().split('\n'),
    async press(keys) {
      instance.stdin.write(keys);
      // Ink handles input on the next tick; give React a turn to commit.
      await new Promise((r) => setImmediate(r));
    },
    resize(columns, rows) {
      Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
      Object.defineProperty(stdout, 'rows', { value: rows, configurable: true });
      stdout.emit('resize');
    },
    until: (check) => vi.waitFor(() => check(text()), { timeout: 10_000, interval: 10 }),
    quitCalls: () => quits,
    unmount: () => instance.unmount(),
  };
  screen.resize(size.columns, size.rows);
  await screen.until((t) => expect(widest(t)).toBeLessThanOrEqual(size.columns));
  await screen.until((t) => expect(t.split('\n').length).toBe(size.rows));
  return screen;
}
