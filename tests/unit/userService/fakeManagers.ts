// Stand-ins for systemctl and launchctl: they record every command and answer as the real tools
// do (the answers were taken from systemd 252 and macOS 14), so tests see what would run.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CommandResult, CommandRunner } from '../../../src/userService/commandRunner.js';
import { lockPathOf } from '../../../src/store/lock.js';

export interface Fake {
  run: CommandRunner;
  calls: string[];
}

type Answer = Partial<CommandResult>;

/** `cc-top --headless` taking its store, as the started service would (the pid must be alive). */
export async function takeStore(storePath: string, pid = process.pid, ports: { grpcPort: number; httpPort: number; metricsPort?: number } = { grpcPort: 4317, httpPort: 4318 }): Promise<void> {
  await mkdir(dirname(storePath), { recursive: true });
  await writeFile(lockPathOf(storePath), JSON.stringify({ pid, host: '127.0.0.1', ...ports, startedAt: new Date().toISOString() }));
}

export function fakeSystemctl(options: {
  missing?: boolean;
  /** Answers for commands starting with the key (e.g. 'systemctl --user show'). */
  answers?: Record<string, Answer>;
  /** Initial unit state. */
  state?: Record<string, string>;
  /** What happens when the unit starts (e.g. takeStore). */
  onStart?: () => Promise<void>;
}): Fake & { state: Record<string, string> } {
  const calls: string[] = [];
  const state: Record<string, string> = { LoadState: 'not-found', ActiveState: 'inactive', SubState: 'dead', MainPID: '0', ...options.state };
  const run: CommandRunner = async (command, args) => {
    const text = [command, ...args].join(' ');
    calls.push(text);
    if (options.missing) return { code: null, stdout: '', stderr: '', missing: true };
    const scripted = Object.entries(options.answers ?? {}).find(([prefix]) => text.startsWith(prefix));
    if (scripted) return { code: 0, stdout: '', stderr: '', ...scripted[1] };
    const verb = args[1];
    if (verb === 'show') return { code: 0, stdout: Object.entries(state).map(([k, v]) => `${k}=${v}`).join('\n') + '\n', stderr: '' };
    if (verb === 'daemon-reload') state.LoadState = 'loaded';
    if ((verb === 'enable' && args.includes('--now')) || verb === 'restart') {
      Object.assign(state, { ActiveState: 'active', SubState: 'running', MainPID: String(process.pid) });
      await options.onStart?.();
    }
    if (verb === 'disable') Object.assign(state, { ActiveState: 'inactive', SubState: 'dead', MainPID: '0' });
    return { code: 0, stdout: '', stderr: '' };
  };
  return { run, calls, state };
}

export function fakeLaunchctl(options: { missing?: boolean; loaded?: boolean; answers?: Record<string, Answer>; onStart?: () => Promise<void> }): Fake {
  const calls: string[] = [];
  let loaded = options.loaded ?? false;
  const run: CommandRunner = async (command, args) => {
    const text = [command, ...args].join(' ');
    calls.push(text);
    if (options.missing) return { code: null, stdout: '', stderr: '', missing: true };
    const scripted = Object.entries(options.answers ?? {}).find(([prefix]) => text.startsWith(prefix));
    if (scripted) return { code: 0, stdout: '', stderr: '', ...scripted[1] };
    if (args[0] === 'print') {
      if (!loaded) return { code: 113, stdout: '', stderr: `Could not find service "${args[1]!.split('/').pop()}" in domain for port\n` };
      return { code: 0, stdout: `${args[1]} = {\n\tactive count = 1\n\tstate = running\n\tprogram = /opt/homebrew/bin/node\n\tpid = ${process.pid}\n}\n`, stderr: '' };
    }
    if (args[0] === 'bootstrap') {
      loaded = true;
      await options.onStart?.();
    }
    if (args[0] === 'bootout') loaded = false;
    return { code: 0, stdout: '', stderr: '' };
  };
  return { run, calls };
}
