// The service managers' command-line tools (systemctl, launchctl), behind one injectable call so
// tests see which commands would run without running them. It never throws: a missing tool and a
// failed command are results the caller turns into a message.
import { execFile } from 'node:child_process';
import { replaceControlCharacters } from './controlCharacters.js';

export interface CommandResult {
  /** Exit code; null when the command was killed (timed out). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** The program is not installed (ENOENT). */
  missing?: boolean;
}

export type CommandRunner = (command: string, args: readonly string[]) => Promise<CommandResult>;

/** systemctl waits for a start to be queued, not for cc-top; launchctl answers at once. */
export const COMMAND_TIMEOUT_MS = 15_000;

export function execRunner(env: NodeJS.ProcessEnv, timeoutMs = COMMAND_TIMEOUT_MS): CommandRunner {
  return (command, args) =>
    new Promise((resolve) => {
      execFile(command, [...args], { env, timeout: timeoutMs, maxBuffer: 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
        if (!err) return resolve({ code: 0, stdout, stderr });
        const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean };
        if (e.code === 'ENOENT') return resolve({ code: null, stdout: '', stderr: '', missing: true });
        if (e.killed) return resolve({ code: null, stdout, stderr: `${stderr}\n${command} did not answer within ${timeoutMs / 1000} s`.trim() });
        resolve({ code: typeof e.code === 'number' ? e.code : 1, stdout, stderr: stderr || e.message });
      });
    });
}

/** The first meaningful line of a tool's output, safe to print (no control characters), bounded. */
export function firstLine(text: string): string {
  const line =
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? '';
  const clean = replaceControlCharacters(line, ' ');
  return clean.length > 200 ? `${clean.slice(0, 199)}…` : clean;
}

/** `systemctl --user enable --now cc-top.service`, for messages. */
export function commandText(command: string, args: readonly string[]): string {
  return [command, ...args].join(' ');
}
