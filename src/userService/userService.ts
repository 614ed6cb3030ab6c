// What `cc-top service` and `cc-top doctor` ask of the OS's user-service manager, whichever it is
// (systemd on Linux, launchd on macOS), and the errors that end in one line for the user.
import type { CommandRunner } from './commandRunner.js';
import type { ReceiverSpec } from './receiverSpec.js';

export interface ServiceContext {
  env: NodeJS.ProcessEnv;
  home: string;
  uid: number;
  run: CommandRunner;
}

export interface ServiceStatus {
  manager: 'systemd' | 'launchd';
  /** The unit or plist file cc-top writes. */
  file: string;
  /** The file exists. */
  installed: boolean;
  running: boolean;
  /** Not running now, but the manager starts it again by itself (after a failed start). */
  retrying: boolean;
  /** What the manager says, e.g. "active (running)", "failed (failed)", "not loaded". */
  state: string;
  pid?: number | undefined;
  /** What the installed file runs, or why it cannot be read; absent when not installed. */
  receiver?: ReceiverSpec | { unreadable: string } | undefined;
  /** Where its output goes, as a user would look at it. */
  logs: string;
  /** The command that restarts it by hand. */
  restart: string;
}

export interface InstallOutcome {
  file: string;
  /** The commands that loaded and started it, in order, for the user to see. */
  commands: string[];
}

export interface UserServiceManager {
  readonly manager: 'systemd' | 'launchd';
  readonly file: string;
  /** Write the file and start it (restarting one that ran an older definition). */
  install(spec: ReceiverSpec): Promise<InstallOutcome>;
  /** Stop it and remove the file; 'absent' when there was nothing to remove. */
  uninstall(): Promise<'removed' | 'absent'>;
  status(): Promise<ServiceStatus>;
}

/** No service manager to talk to here (no systemctl, no user session bus, no launchctl). */
export class ServiceUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ServiceUnavailableError';
  }
}

/** A manager's command failed; the message names the command and its answer. */
export class ServiceCommandError extends Error {
  constructor(
    readonly command: string,
    readonly answer: string,
    readonly hint?: string,
  ) {
    super(`\`${command}\` failed: ${answer || 'no message'}${hint ? ` (${hint})` : ''}`);
    this.name = 'ServiceCommandError';
  }
}

/** What to do where no user service can be installed. */
export const RUN_IT_YOURSELF = 'keep `cc-top --headless` running another way instead, e.g. in tmux: tmux new-session -d -s cc-top cc-top --headless';
