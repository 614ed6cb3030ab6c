// The always-on receiver as a systemd user unit: $XDG_CONFIG_HOME/systemd/user/cc-top.service,
// loaded and started with `systemctl --user`.
import { unlink } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { writeFileVerified } from '../files/safeWrite.js';
import { commandText, firstLine } from './commandRunner.js';
import { readInstalledFile } from './installedFile.js';
import { receiverFromCommand, type ReceiverSpec } from './receiverSpec.js';
import { readSystemdUnit, renderSystemdUnit, SYSTEMD_UNIT_NAME } from './systemdUnit.js';
import { ServiceCommandError, ServiceUnavailableError, type InstallOutcome, type ServiceContext, type ServiceStatus, type UserServiceManager } from './userService.js';

export function systemdUnitPath(env: NodeJS.ProcessEnv, home: string): string {
  const config = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(config, 'systemd', 'user', SYSTEMD_UNIT_NAME);
}

const PROPERTIES = ['LoadState', 'ActiveState', 'SubState', 'MainPID'];
const ACTIVE = new Set(['active', 'activating', 'reloading']);

export class SystemdUserService implements UserServiceManager {
  readonly manager = 'systemd';
  readonly file: string;

  constructor(private readonly ctx: ServiceContext) {
    this.file = systemdUnitPath(ctx.env, ctx.home);
  }

  private systemctl(...args: string[]) {
    return this.ctx.run('systemctl', ['--user', ...args]);
  }

  /** Run a command that must succeed; its text goes into `log`. */
  private async must(log: string[], ...args: string[]): Promise<void> {
    const text = commandText('systemctl', ['--user', ...args]);
    const result = await this.systemctl(...args);
    if (result.code !== 0) throw new ServiceCommandError(text, firstLine(result.stderr) || firstLine(result.stdout) || `exit ${result.code ?? 'timeout'}`);
    log.push(text);
  }

  /** What systemd says about the unit; a ServiceUnavailableError when there is no user manager to ask. */
  private async show(): Promise<Record<string, string>> {
    const result = await this.systemctl('show', SYSTEMD_UNIT_NAME, `--property=${PROPERTIES.join(',')}`);
    if (result.missing) throw new ServiceUnavailableError('systemd is not available here (no systemctl on PATH)');
    if (result.code !== 0) throw new ServiceUnavailableError(`there is no systemd user session here (systemctl --user: ${firstLine(result.stderr) || `exit ${result.code ?? 'timeout'}`})`);
    const props: Record<string, string> = {};
    for (const line of result.stdout.split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) props[line.slice(0, eq)] = line.slice(eq + 1).trim();
    }
    return props;
  }

  async install(spec: ReceiverSpec): Promise<InstallOutcome> {
    const before = await this.show();
    const text = renderSystemdUnit(spec);
    const previous = await readInstalledFile(this.file);
    // 0644 like every unit file: it holds paths and ports, no secrets.
    await writeFileVerified(this.file, text, { mode: 0o644 });
    const commands: string[] = [];
    await this.must(commands, 'daemon-reload');
    await this.must(commands, 'enable', '--now', SYSTEMD_UNIT_NAME);
    // `enable --now` leaves a running service as it is: one started from an older definition restarts.
    if (previous !== undefined && previous !== text && ACTIVE.has(before.ActiveState ?? '')) await this.must(commands, 'restart', SYSTEMD_UNIT_NAME);
    return { file: this.file, commands };
  }

  async uninstall(): Promise<'removed' | 'absent'> {
    if ((await readInstalledFile(this.file)) === undefined) return 'absent';
    await this.show();
    const commands: string[] = [];
    await this.must(commands, 'disable', '--now', SYSTEMD_UNIT_NAME);
    await unlink(this.file);
    await this.must(commands, 'daemon-reload');
    // A unit that failed stays listed as failed until reset; it is gone now.
    await this.systemctl('reset-failed', SYSTEMD_UNIT_NAME);
    return 'removed';
  }

  async status(): Promise<ServiceStatus> {
    const props = await this.show();
    const text = await readInstalledFile(this.file);
    const pid = Number(props.MainPID);
    const loaded = props.LoadState === 'loaded';
    let receiver: ServiceStatus['receiver'];
    if (text !== undefined) receiver = receiverFromCommand(readSystemdUnit(text));
    return {
      manager: 'systemd',
      file: this.file,
      installed: text !== undefined,
      running: loaded && props.ActiveState === 'active' && props.SubState === 'running',
      retrying: loaded && props.ActiveState === 'activating' && props.SubState === 'auto-restart',
      state: loaded ? `${props.ActiveState ?? 'unknown'} (${props.SubState ?? 'unknown'})` : 'not loaded',
      pid: Number.isInteger(pid) && pid > 0 ? pid : undefined,
      receiver,
      logs: `journalctl --user -u ${SYSTEMD_UNIT_NAME.replace(/\.service$/, '')}`,
      restart: `systemctl --user restart ${SYSTEMD_UNIT_NAME.replace(/\.service$/, '')}`,
    };
  }
}
