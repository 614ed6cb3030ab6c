// A real terminal for the live view: tmux on its own socket, read back with capture-pane.
// tmux comes from the system (.ci/run installs it); without it the test fails and says so.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, vi } from 'vitest';

const run = promisify(execFile);

export async function requireTmux(): Promise<void> {
  try {
    await run('tmux', ['-V']);
  } catch (err) {
    throw new Error(`tmux is needed for the live-view test and was not found (${(err as Error).message}); install it: apt-get install -y tmux (.ci/run does)`);
  }
}

export class TmuxPane {
  private constructor(private readonly socket: string) {}

  static async start(command: string, size: { columns: number; rows: number }): Promise<TmuxPane> {
    await requireTmux();
    const socket = `cc-top-test-${process.pid}-${Math.random().toString(36).slice(2)}`;
    const pane = new TmuxPane(socket);
    // remain-on-exit keeps the pane (and what the shell printed after cc-top) readable.
    await pane.tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'main', '-x', String(size.columns), '-y', String(size.rows), 'bash', '--norc', '--noprofile');
    await pane.tmux('set-option', '-g', 'remain-on-exit', 'on');
    await pane.tmux('send-keys', '-t', 'main', '-l', `${command}; echo "EXITED:$?"`);
    await pane.tmux('send-keys', '-t', 'main', 'Enter');
    return pane;
  }

  private async tmux(...args: string[]): Promise<string> {
    // CI=true in every pane, wherever the tests run: the live view must draw even with a CI
    // variable set (Ink draws nothing until exit when it sees one; CI found that the hard way).
    const { stdout } = await run('tmux', ['-L', this.socket, ...args], { env: { ...process.env, TERM: 'xterm-256color', CI: 'true' } });
    return stdout;
  }

  /** The visible screen, plain text, one string per row (trailing blanks trimmed by tmux). */
  async screen(): Promise<string[]> {
    return (await this.tmux('capture-pane', '-p', '-t', 'main')).split('\n');
  }

  /** Whether the terminal shows its cursor (an app that hid it must show it again on exit). */
  async cursorVisible(): Promise<boolean> {
    return (await this.tmux('display-message', '-p', '-t', 'main', '#{cursor_flag}')).trim() === '1';
  }

  async keys(...keys: string[]): Promise<void> {
    await this.tmux('send-keys', '-t', 'main', ...keys);
  }

  async resize(columns: number, rows: number): Promise<void> {
    await this.tmux('resize-window', '-t', 'main', '-x', String(columns), '-y', String(rows));
  }

  async until(check: (screen: string) => void, timeout = 20_000): Promise<string> {
    let last = '';
    await vi.waitFor(
      async () => {
        last = (await this.screen()).join('\n');
        check(last);
      },
      { timeout, interval: 100 },
    );
    return last;
  }

  async kill(): Promise<void> {
    await this.tmux('kill-server').catch(() => undefined);
  }
}

export const noLineWiderThan = (screen: string, columns: number) => {
  for (const l of screen.split('\n')) expect([...l].length, l).toBeLessThanOrEqual(columns);
};
