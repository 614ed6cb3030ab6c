// One writer per store: a lock file next to it says which cc-top process owns it and where it
// listens, so a second instance can refuse (or, later, open as a viewer) instead of corrupting it.
import { readFile, unlink, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface LockInfo {
  pid: number;
  host: string;
  grpcPort: number;
  httpPort: number;
  startedAt: string;
}

export class StoreLockedError extends Error {
  constructor(
    readonly path: string,
    readonly owner: LockInfo,
  ) {
    super(
      `the store ${path} is in use by another cc-top (pid ${owner.pid}, listening on ${owner.host} grpc ${owner.grpcPort} / http ${owner.httpPort}); ` +
        'stop that one, or pass --store PATH to use another store',
    );
    this.name = 'StoreLockedError';
  }
}

export function lockPathOf(storePath: string): string {
  return `${storePath}.lock`;
}

/** Whether a process with this id exists (ours or, EPERM, someone else's). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function readLock(storePath: string): Promise<LockInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(lockPathOf(storePath), 'utf8')) as LockInfo;
    return typeof info.pid === 'number' && processAlive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

export interface StoreLock {
  /** Record the addresses actually bound (port 0 picks them at start). */
  update(info: Omit<LockInfo, 'pid' | 'startedAt'>): Promise<void>;
  release(): Promise<void>;
}

/** Take the lock, replacing a stale one (its process is gone). */
export async function acquireLock(storePath: string, info: Omit<LockInfo, 'pid' | 'startedAt'>): Promise<StoreLock> {
  const path = lockPathOf(storePath);
  const mine: LockInfo = { pid: process.pid, startedAt: new Date().toISOString(), ...info };
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, JSON.stringify(mine), { flag: 'wx', mode: 0o600 });
      return {
        update: async (next) => {
          await writeFile(path, JSON.stringify({ ...mine, ...next }), { mode: 0o600 });
        },
        release: async () => {
          const current = await readLock(storePath);
          if (current?.pid === process.pid) await unlink(path).catch(() => {});
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = await readLock(storePath);
      if (owner && owner.pid !== process.pid) throw new StoreLockedError(storePath, owner);
      await unlink(path).catch(() => {});
    }
  }
  throw new Error(`could not take the lock ${path}; remove it if no cc-top is running`);
}
