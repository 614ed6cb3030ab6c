// One `cc-top setup` at a time per settings folder. Two runs at once would each read the settings
// and the undo record, then each write its own plan over the other's: one change lost, or a record
// that no longer says what is in the file. The lock is a file beside the record, created with
// O_EXCL (`wx`), which is atomic: it cannot go through writeFileVerified, whose rename would
// replace a lock another run holds. A lock whose process is gone (setup killed mid-question) is
// stale and taken over.
import { processAlive } from '../store/lock.js';
import { constants, promises as fsp } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import * as v from 'valibot';

const LockSchema = v.object({ pid: v.pipe(v.number(), v.integer(), v.minValue(1)), host: v.string(), startedAt: v.number(), token: v.string() });
type LockOwner = v.InferOutput<typeof LockSchema>;

/** A lock that is not (yet) readable is taken to be being written, until it is this old. */
const UNREADABLE_STALE_MS = 10_000;
const POLL_MS = 100;

export interface LockOptions {
  /** How long to wait for another setup to finish (0: fail at once). */
  waitMs: number;
  clock: () => number;
  /** Told once when another setup holds the lock and this one starts waiting (tests watch it). */
  onWait?: (owner: LockOwner | null) => void;
}

export class SetupLockedError extends Error {}

export interface HeldLock {
  release(): Promise<void>;
}


async function readOwner(path: string): Promise<{ owner: LockOwner | null; text: string; ageMs: number } | null> {
  try {
    const [text, stat] = await Promise.all([fsp.readFile(path, 'utf8'), fsp.lstat(path)]);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const result = v.safeParse(LockSchema, parsed);
    return { owner: result.success ? result.output : null, text, ageMs: Date.now() - stat.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function isStale(found: { owner: LockOwner | null; ageMs: number }): boolean {
  if (!found.owner) return found.ageMs > UNREADABLE_STALE_MS;
  // Another machine's process (a shared home folder) cannot be checked: it holds until removed.
  if (found.owner.host !== hostname()) return false;
  return !processAlive(found.owner.pid);
}

async function tryCreate(path: string, owner: LockOwner): Promise<boolean> {
  let handle;
  try {
    handle = await fsp.open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    await handle.writeFile(JSON.stringify(owner));
    await handle.close();
    return true;
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fsp.unlink(path).catch(() => undefined);
    throw err;
  }
}

function heldMessage(path: string, owner: LockOwner | null): string {
  const who = owner ? `another cc-top setup (process ${owner.pid}${owner.host !== hostname() ? ` on ${owner.host}` : ''}, started ${new Date(owner.startedAt).toISOString()})` : 'another cc-top setup';
  return `${who} is changing these settings now (it holds ${path}). Let it finish, then run cc-top setup again; if no setup is running, delete that file. Nothing was written.`;
}

export async function acquireSetupLock(path: string, options: LockOptions): Promise<HeldLock> {
  // A folder made only for the lock goes again when nothing else was written into it.
  const madeFolder = (await fsp.mkdir(dirname(path), { recursive: true, mode: 0o700 })) !== undefined;
  const mine: LockOwner = { pid: process.pid, host: hostname(), startedAt: options.clock(), token: randomBytes(8).toString('hex') };
  const deadline = Date.now() + options.waitMs;
  let told = false;
  for (;;) {
    if (await tryCreate(path, mine)) break;
    const found = await readOwner(path);
    if (!found) continue;
    if (isStale(found)) {
      // Remove it only if it is still the stale lock just read, not one a third run has taken since.
      const again = await readOwner(path);
      if (again?.text === found.text) {
        await fsp.unlink(path).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw new SetupLockedError(`${path} is left from a cc-top setup that is no longer running, but cannot be removed (${err.code ?? err.message}). Delete it, then run cc-top setup again. Nothing was written.`);
        });
      }
      continue;
    }
    if (Date.now() >= deadline) throw new SetupLockedError(heldMessage(path, found.owner));
    if (!told) {
      told = true;
      options.onWait?.(found.owner);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return {
    release: async () => {
      // Only our own lock: never one someone else took over after declaring ours stale.
      const found = await readOwner(path).catch(() => null);
      if (found?.owner?.token === mine.token) await fsp.unlink(path).catch(() => undefined);
      if (madeFolder) await fsp.rmdir(dirname(path)).catch(() => undefined);
    },
  };
}
