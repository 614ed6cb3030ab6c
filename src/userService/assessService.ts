// One verdict on the always-on receiver from what its manager says and who holds its store:
// the line `cc-top service status` opens with and `cc-top doctor` prints, with its fix.
import { access, constants } from 'node:fs/promises';
import { metricsUrl } from '../metricsEndpoint/metricsUrl.js';
import { readLock, type LockInfo } from '../store/lock.js';
import { replaceControlCharacters } from './controlCharacters.js';
import type { ReceiverSpec } from './receiverSpec.js';
import type { ServiceStatus } from './userService.js';

export interface Assessment {
  level: 'ok' | 'warn';
  summary: string;
  /** What to do; present for every warn. */
  fix?: string;
  /** What the installed file runs, when it can be read. */
  spec?: ReceiverSpec;
  /** The cc-top holding the service's store: the service itself, or one it waits for. */
  holder?: LockInfo;
  /** The service itself receives now. */
  receiving: boolean;
}

export interface AssessDeps {
  readLock: (storePath: string) => Promise<LockInfo | undefined>;
  exists: (path: string) => Promise<boolean>;
}

async function exists(path: string): Promise<boolean> {
  return access(path, constants.F_OK).then(
    () => true,
    () => false,
  );
}

const DEFAULT_DEPS: AssessDeps = { readLock, exists };

/** A path from a file anyone could edit, safe to print. */
export function printable(text: string): string {
  return replaceControlCharacters(text, '?');
}

export async function assessService(status: ServiceStatus, deps: AssessDeps = DEFAULT_DEPS): Promise<Assessment> {
  const warn = (summary: string, fix: string, more: Partial<Assessment> = {}): Assessment => ({ level: 'warn', summary, fix, receiving: false, ...more });
  if (!status.installed) return warn('not installed: telemetry Claude Code sends while cc-top is closed is lost', 'cc-top service install');
  const receiver = status.receiver;
  if (!receiver || 'unreadable' in receiver)
    return warn(`installed, but ${printable(status.file)} is not as cc-top wrote it: ${receiver?.unreadable ?? 'it cannot be read'}`, 'run `cc-top service install` again (it rewrites the file)');
  const spec = receiver;
  for (const path of [spec.nodePath, spec.scriptPath])
    if (!(await deps.exists(path))) return warn(`installed, but it runs ${printable(path)}, which no longer exists`, 'run `cc-top service install` again from your cc-top checkout', { spec });
  const holder = await deps.readLock(spec.storePath);
  const store = printable(spec.storePath);
  if (holder && holder.pid === status.pid) {
    const metrics = holder.metricsPort !== undefined ? `; Prometheus /metrics at ${printable(metricsUrl(holder.host, holder.metricsPort))}` : '';
    return { level: 'ok', summary: `running (pid ${holder.pid}), receiving into ${store} on ${printable(holder.host)} (grpc ${holder.grpcPort}, http ${holder.httpPort})${metrics}`, spec, holder, receiving: true };
  }
  if (holder && (status.running || status.retrying)) {
    const metrics = spec.metricsPort !== undefined ? ` (and serves /metrics then)` : '';
    return { level: 'ok', summary: `waiting: another cc-top (pid ${holder.pid}) receives into ${store} now; the service takes over when that one stops${metrics}`, spec, holder, receiving: false };
  }
  if (status.running) return warn(`running (pid ${status.pid ?? '?'}), but not receiving into ${store} yet`, `if it stays so, see its output: ${status.logs}`, { spec });
  if (status.retrying) return warn(`installed, but it fails and restarts (${status.state})`, `see its output: ${status.logs}`, { spec });
  if (status.state === 'not loaded') return warn(`installed, but ${status.manager} has not loaded it`, 'run `cc-top service install` again', { spec });
  return warn(`installed, but not running (${status.state})`, `see its output (${status.logs}), then ${status.restart}`, { spec });
}
