// The always-on receiver as a launchd agent on macOS: ~/Library/LaunchAgents/<label>.plist,
// loaded with `launchctl bootstrap gui/<uid>` and removed with `launchctl bootout`.
import { mkdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileVerified } from '../files/safeWrite.js';
import { commandText, firstLine } from './commandRunner.js';
import { readInstalledFile } from './installedFile.js';
import { LAUNCHD_LABEL, readLaunchdPlist, renderLaunchdPlist } from './launchdPlist.js';
import { receiverFromCommand, type ReceiverSpec } from './receiverSpec.js';
import { ServiceCommandError, ServiceUnavailableError, type InstallOutcome, type ServiceContext, type ServiceStatus, type UserServiceManager } from './userService.js';

export function launchdPaths(home: string): { plist: string; log: string } {
  return { plist: join(home, 'Library', 'LaunchAgents', `${LAUNCHD_LABEL}.plist`), log: join(home, 'Library', 'Logs', 'cc-top.log') };
}

// `launchctl bootstrap` fails with "5: Input/output error" where there is no GUI login (over SSH).
const BOOTSTRAP_HINT = 'launchd agents need a graphical login session on this Mac; over SSH, log in on the Mac first';

export class LaunchdAgent implements UserServiceManager {
  readonly manager = 'launchd';
  readonly file: string;
  readonly log: string;
  private readonly domain: string;
  private readonly target: string;

  constructor(private readonly ctx: ServiceContext) {
    const paths = launchdPaths(ctx.home);
    this.file = paths.plist;
    this.log = paths.log;
    this.domain = `gui/${ctx.uid}`;
    this.target = `${this.domain}/${LAUNCHD_LABEL}`;
  }

  private async must(log: string[], args: string[], hint?: string): Promise<void> {
    const text = commandText('launchctl', args);
    const result = await this.ctx.run('launchctl', args);
    if (result.code !== 0) throw new ServiceCommandError(text, firstLine(result.stderr) || firstLine(result.stdout) || `exit ${result.code ?? 'timeout'}`, hint);
    log.push(text);
  }

  /** Whether launchd has the agent loaded, and its state; ServiceUnavailableError without launchctl. */
  private async print(): Promise<{ loaded: boolean; state?: string; pid?: number }> {
    const result = await this.ctx.run('launchctl', ['print', this.target]);
    if (result.missing) throw new ServiceUnavailableError('launchd is not available here (no launchctl on PATH)');
    // Not loaded: "Could not find service" (exit 113 on current macOS).
    if (result.code !== 0) return { loaded: false };
    const state = /^\s*state = (.+)$/m.exec(result.stdout)?.[1]?.trim();
    const pid = Number(/^\s*pid = (\d+)$/m.exec(result.stdout)?.[1]);
    return { loaded: true, ...(state ? { state } : {}), ...(pid > 0 ? { pid } : {}) };
  }

  async install(spec: ReceiverSpec): Promise<InstallOutcome> {
    const before = await this.print();
    // 0644 like every agent: it holds paths and ports, no secrets.
    await writeFileVerified(this.file, renderLaunchdPlist(spec, this.log), { mode: 0o644 });
    await mkdir(dirname(this.log), { recursive: true, mode: 0o700 });
    const commands: string[] = [];
    // launchd reads the plist when it loads it: a loaded agent is unloaded so the new one counts.
    if (before.loaded) await this.must(commands, ['bootout', this.target]);
    // An agent once disabled (`launchctl disable`) would refuse to load.
    await this.must(commands, ['enable', this.target]);
    await this.must(commands, ['bootstrap', this.domain, this.file], BOOTSTRAP_HINT);
    return { file: this.file, commands };
  }

  async uninstall(): Promise<'removed' | 'absent'> {
    const exists = (await readInstalledFile(this.file)) !== undefined;
    const { loaded } = await this.print();
    if (!exists && !loaded) return 'absent';
    if (loaded) await this.must([], ['bootout', this.target]);
    if (exists) await unlink(this.file);
    return 'removed';
  }

  async status(): Promise<ServiceStatus> {
    const printed = await this.print();
    const text = await readInstalledFile(this.file);
    return {
      manager: 'launchd',
      file: this.file,
      installed: text !== undefined,
      running: printed.loaded && printed.state === 'running',
      // KeepAlive: launchd starts a loaded agent that is not running again by itself.
      retrying: printed.loaded && printed.state !== 'running',
      state: printed.loaded ? (printed.state ?? 'loaded') : 'not loaded',
      pid: printed.pid,
      receiver: text !== undefined ? receiverFromCommand(readLaunchdPlist(text)) : undefined,
      logs: this.log,
      restart: `launchctl kickstart -k ${this.target}`,
    };
  }
}
