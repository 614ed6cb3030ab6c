// Where the store lives: --store, else $CC_TOP_STORE, else the platform data dir.
import envPaths from 'env-paths';
import { join, resolve } from 'node:path';

export const STORE_ENV = 'CC_TOP_STORE';

export function defaultStorePath(): string {
  return join(envPaths('cc-top', { suffix: '' }).data, 'store.json');
}

/** `--store ''` (or one of only spaces) is a mistake, not a request for the default. */
export class EmptyStorePathError extends Error {
  constructor() {
    super('--store needs a path, e.g. --store ~/cc-top/store.json (leave it out for the default)');
    this.name = 'EmptyStorePathError';
  }
}

export function resolveStorePath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag !== undefined && flag.trim() === '') throw new EmptyStorePathError();
  if (flag) return resolve(flag);
  const fromEnv = env[STORE_ENV];
  if (fromEnv) return resolve(fromEnv);
  return defaultStorePath();
}
