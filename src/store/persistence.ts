// The store on disk: one JSON file written atomically (temp file + rename, mode 0600) through a
// lowdb adapter. Tests use lowdb's Memory adapter through the same seam.
import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Adapter } from 'lowdb';
import writeFileAtomic from 'write-file-atomic';
import { SCHEMA_VERSION, emptyState, type StoreState } from './state.js';

export class CorruptStoreError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`the store ${path} is not a cc-top store (${reason})`);
    this.name = 'CorruptStoreError';
  }
}

export class NewerStoreError extends Error {
  constructor(
    readonly path: string,
    readonly version: number,
  ) {
    super(
      `the store ${path} was written by a newer cc-top (schema ${version}; this one reads up to ${SCHEMA_VERSION}). ` +
        'Update your cc-top checkout (git pull && npm install), or pass --store PATH to use another file.',
    );
    this.name = 'NewerStoreError';
  }
}

/** An adapter that can also move a bad file aside, so a fresh store never overwrites it. */
export interface StoreAdapter extends Adapter<StoreState> {
  readonly location: string;
  quarantine?(): Promise<string>;
}

export class JsonFileAdapter implements StoreAdapter {
  constructor(readonly location: string) {}

  async read(): Promise<StoreState | null> {
    let text: string;
    try {
      text = await readFile(this.location, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new CorruptStoreError(this.location, `invalid JSON: ${(err as Error).message}`);
    }
    return checkState(parsed, this.location);
  }

  async write(data: StoreState): Promise<void> {
    await mkdir(dirname(this.location), { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.location, JSON.stringify(data), { mode: 0o600, fsync: true });
  }

  async quarantine(): Promise<string> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const aside = `${this.location}.corrupt-${stamp}`;
    await rename(this.location, aside);
    return aside;
  }
}

/** Validate a parsed document: a newer schema is refused, anything unrecognisable is corrupt. */
export function checkState(parsed: unknown, location: string): StoreState {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CorruptStoreError(location, 'not a JSON object');
  }
  const version = (parsed as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new CorruptStoreError(location, 'no schemaVersion');
  }
  if (version > SCHEMA_VERSION) throw new NewerStoreError(location, version);
  const state = parsed as Partial<StoreState>;
  for (const field of ['totals', 'sessions', 'streams'] as const) {
    if (typeof state[field] !== 'object' || state[field] === null) {
      throw new CorruptStoreError(location, `missing ${field}`);
    }
  }
  for (const field of ['minutes', 'hours', 'days', 'events'] as const) {
    if (state[field] !== undefined && !Array.isArray(state[field])) throw new CorruptStoreError(location, `${field} is not a list`);
  }
  // Fields added later within the same schema version get their defaults.
  return { ...emptyState(typeof state.createdAt === 'number' ? state.createdAt : Date.now()), ...state };
}

export async function fileExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
