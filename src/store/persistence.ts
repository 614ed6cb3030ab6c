// The store on disk: one JSON file, validated whole when read (a file that is not a cc-top store,
// or one whose fields have the wrong types, is moved aside with the reason, never half-used), and
// written through the verified writer (write, fsync, size check, rename; never through a symlink).
// lowdb's adapter seam: tests use lowdb's Memory adapter through the same interface.
import { rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Adapter } from 'lowdb';
import * as v from 'valibot';
import { FileTooLargeError, readFileBounded, writeFileVerified, type WriteFs } from '../files/safeWrite.js';
import { checkPrivateFolder } from '../files/privateFolder.js';
import { describeIssue, documentFromState, STORE_DOCUMENT, stateFromDocument } from './document.js';
import { migrateV1, STORE_DOCUMENT_V1 } from './migrateV1.js';
import { SCHEMA_VERSION, STORE_SIZE_BUDGET_BYTES, type StoreState } from './state.js';
import { deltaMark } from './temporality.js';

/** Largest store file read: four times the budget (a file past that is not one cc-top wrote). */
export const MAX_STORE_FILE_BYTES = 4 * STORE_SIZE_BUDGET_BYTES;

export class CorruptStoreError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`the store ${path} is not a valid cc-top store (${reason})`);
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

/** Parse and validate a store file's text (schema 1 is migrated); throws CorruptStoreError or NewerStoreError. */
export function parseStore(text: string, location: string, nowMs: number = Date.now()): StoreState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CorruptStoreError(location, `invalid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CorruptStoreError(location, 'not a JSON object');
  const version = (parsed as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw new CorruptStoreError(location, 'no schemaVersion');
  if (version > SCHEMA_VERSION) throw new NewerStoreError(location, version);
  let document: unknown = parsed;
  if (version === 1) {
    const old = v.safeParse(STORE_DOCUMENT_V1, parsed);
    if (!old.success) throw new CorruptStoreError(location, describeIssue(old.issues));
    document = migrateV1(old.output, nowMs, deltaMark);
  }
  const result = v.safeParse(STORE_DOCUMENT, document);
  if (!result.success) throw new CorruptStoreError(location, describeIssue(result.issues));
  return stateFromDocument(result.output);
}

/** The state as the file's text. */
export function serializeStore(state: StoreState): string {
  return JSON.stringify(documentFromState(state));
}

export class JsonFileAdapter implements StoreAdapter {
  /** `fs`: the file-system calls of the verified writer (tests fake a full disk with it). */
  constructor(
    readonly location: string,
    private readonly fs?: WriteFs,
  ) {}

  async read(): Promise<StoreState | null> {
    let text: string;
    try {
      text = await readFileBounded(this.location, MAX_STORE_FILE_BYTES);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      if (err instanceof FileTooLargeError) throw new CorruptStoreError(this.location, `${err.size} bytes, far past the ${STORE_SIZE_BUDGET_BYTES}-byte budget`);
      throw err;
    }
    return parseStore(text, this.location);
  }

  async write(data: StoreState): Promise<void> {
    await this.writeText(serializeStore(data));
  }

  /** Write text already serialized (the store checks its size against the budget first). */
  async writeText(text: string): Promise<void> {
    const unsafe = await checkPrivateFolder(dirname(this.location));
    if (unsafe) throw new Error(unsafe);
    await writeFileVerified(this.location, text, { mode: 0o600, ...(this.fs ? { fs: this.fs } : {}) });
  }

  async quarantine(): Promise<string> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const aside = `${this.location}.corrupt-${stamp}`;
    await rename(this.location, aside);
    return aside;
  }
}

export async function fileExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
