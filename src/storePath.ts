// Where the store lives: --store, else $CC_TOP_STORE, else the platform data dir.
import envPaths from 'env-paths';
import { join, resolve } from 'node:path';

export const STORE_ENV = 'CC_TOP_STORE';

export function defaultStorePath(): string {
  return join(envPaths('cc-top', { suffix: '' }).data, 'store.json');
}

export function resolveStorePath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return resolve(flag);
  const fromEnv = env[STORE_ENV];
  if (fromEnv) return resolve(fromEnv);
  return defaultStorePath();
}
