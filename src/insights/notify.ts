// Raising an alert outside the screen: the bell, a desktop notification by terminal escape, or the
// notification command (notify-send) where the terminal cannot show one. The side effects come in
// as functions, so tests use fakes, and nothing here ever throws: a failed notification must not
// take the monitor down with it.
import { spawn as spawnChild, type ChildProcess } from 'node:child_process';
import type { Alert } from './alertRules.js';
import type { NotifySettings } from './config.js';
import { desktopEscape, NOTIFICATION_APP, sanitizeNotificationText, type DesktopProtocol } from './desktopEscape.js';

/** Cap on the title passed to the notification command. */
export const COMMAND_TITLE_MAX = 80;
/** Cap on the body passed to the notification command. */
export const COMMAND_BODY_MAX = 400;

const BELL = '\x07';

export type Spawner = (command: string, args: string[]) => void;

export interface NotifierOptions {
  /** Writes to the terminal (the TTY the TUI draws on). */
  write: (text: string) => void;
  /** Runs the notification command; defaults to a detached child without a shell. */
  spawn?: Spawner;
  config: NotifySettings;
  /** Which escape the terminal understands: `desktopProtocol(process.env)`. */
  protocol?: DesktopProtocol;
}

export interface Notifier {
  notify(alert: Alert): void;
}

/**
 * Start a program detached, output ignored, no shell (the text is arguments, never code); errors
 * ignored. Returns the child (for tests), or undefined when it could not even be started.
 */
export function spawnDetached(command: string, args: string[]): ChildProcess | undefined {
  try {
    const child = spawnChild(command, args, { detached: true, stdio: 'ignore', shell: false, windowsHide: true });
    // A missing program reports here, asynchronously; without a listener it would crash cc-top.
    child.on('error', () => {});
    child.unref();
    return child;
  } catch {
    // Synchronous spawn errors (bad arguments, no process slots): a notification is not worth a crash.
    return undefined;
  }
}

/** `notify-send -a cc-top -- <title> <body>`: `--` so a title starting with "-" is never an option. */
export function commandArgs(alert: Alert): string[] {
  return ['-a', NOTIFICATION_APP, '--', sanitizeNotificationText(alert.title, COMMAND_TITLE_MAX), sanitizeNotificationText(alert.message, COMMAND_BODY_MAX)];
}

export function createNotifier(options: NotifierOptions): Notifier {
  const { write, config } = options;
  const spawn = options.spawn ?? spawnDetached;
  const protocol = options.protocol ?? 'none';
  const safely = (action: () => void): void => {
    try {
      action();
    } catch {
      // A closed terminal or a failing spawner: the alert is still in the event log.
    }
  };
  return {
    notify(alert) {
      if (config.bell) safely(() => write(BELL));
      if (!config.desktop) return;
      // One desktop notification per alert: the terminal's when it has one (it also works over
      // SSH), else the command. Both would notify twice, e.g. foot runs notify-send for OSC 777.
      const escape = desktopEscape(protocol, alert.title, alert.message);
      if (escape) safely(() => write(escape));
      else if (config.command) {
        const command = config.command;
        safely(() => spawn(command, commandArgs(alert)));
      }
    },
  };
}
