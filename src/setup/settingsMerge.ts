// Pure planning of what `setup` and `setup --undo` do to Claude Code's settings: parsed JSON in,
// the new document, the list of changes and the record of what cc-top set out. Nothing here
// touches the disk, so every case is a plain unit test.
import { isDeepStrictEqual } from 'node:util';

export type JsonObject = Record<string, unknown>;

export interface StatusLineSetting {
  type: 'command';
  command: string;
}

export const CC_TOP_STATUS_LINE: StatusLineSetting = { type: 'command', command: 'cc-top statusline' };

/** One value cc-top set: what it set, and what was there before (had=false: the key was absent). */
export interface RecordedValue<T> {
  had: boolean;
  previous?: unknown;
  value: T;
}

/**
 * What setup changed, so --undo can put back exactly that. Claude Code's settings have no place
 * for cc-top's own bookkeeping, so this lives in a file of its own next to settings.json.
 */
export interface SetupRecord {
  version: 1;
  /** Setup created the `env` object itself: undo removes it again once empty. */
  createdEnv: boolean;
  env: Record<string, RecordedValue<string>>;
  statusLine?: RecordedValue<StatusLineSetting>;
}

export interface Change {
  /** `env.OTEL_METRICS_EXPORTER`, `statusLine`. */
  path: string;
  kind: 'add' | 'change' | 'remove';
  before?: unknown;
  after?: unknown;
}

export interface SetupPlan {
  settings: JsonObject;
  changes: Change[];
  record: SetupRecord;
  /** An existing, different statusLine that was kept because --force was not given. */
  keptStatusLine?: unknown;
}

export interface UndoPlan {
  settings: JsonObject;
  changes: Change[];
  /** Keys cc-top set that hold another value now: someone changed them since, so they stay. */
  leftAlone: string[];
}

export interface DesiredSettings {
  env: Record<string, string>;
  statusLine?: StatusLineSetting;
  /** Replace an existing, different statusLine. */
  force?: boolean;
}

export class SettingsShapeError extends Error {}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJsonType(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

/** Throws SettingsShapeError when the document cannot be merged into without losing data. */
export function checkSettingsShape(settings: unknown): asserts settings is JsonObject {
  if (!isJsonObject(settings)) {
    throw new SettingsShapeError(`it holds ${describeJsonType(settings)}, but Claude Code's settings must be a JSON object ({ ... })`);
  }
  if (Object.hasOwn(settings, 'env') && !isJsonObject(settings['env'])) {
    throw new SettingsShapeError(`its "env" is ${describeJsonType(settings['env'])}, but it must be an object of variable names to string values`);
  }
}

/**
 * The record entry after setting `key` to `value` where `current` is there now. The value from
 * before cc-top first set the key is kept across runs, unless someone changed the key since:
 * then their value is what undo should bring back.
 */
function recordEntry<T>(prior: RecordedValue<T> | undefined, had: boolean, current: unknown, value: T): RecordedValue<T> {
  if (prior && had && isDeepStrictEqual(current, prior.value)) return { ...prior, value };
  return had ? { had: true, previous: current, value } : { had: false, value };
}

export function planSetup(settings: JsonObject, desired: DesiredSettings, record: SetupRecord | null): SetupPlan {
  checkSettingsShape(settings);
  const next = structuredClone(settings);
  const nextRecord: SetupRecord = record ? structuredClone(record) : { version: 1, createdEnv: false, env: {} };
  const changes: Change[] = [];

  const hadEnv = Object.hasOwn(next, 'env');
  const env = (hadEnv ? next['env'] : {}) as JsonObject;
  for (const [key, value] of Object.entries(desired.env)) {
    const had = Object.hasOwn(env, key);
    if (had && env[key] === value) continue;
    changes.push(had ? { path: `env.${key}`, kind: 'change', before: env[key], after: value } : { path: `env.${key}`, kind: 'add', after: value });
    nextRecord.env[key] = recordEntry(nextRecord.env[key], had, env[key], value);
    env[key] = value;
  }
  if (!hadEnv && changes.length > 0) {
    next['env'] = env;
    nextRecord.createdEnv = true;
  }

  let keptStatusLine: unknown;
  if (desired.statusLine) {
    const had = Object.hasOwn(next, 'statusLine');
    const current = next['statusLine'];
    if (had && isDeepStrictEqual(current, desired.statusLine)) {
      // Already ours: nothing to do.
    } else if (had && !desired.force) {
      keptStatusLine = current;
    } else {
      changes.push(had ? { path: 'statusLine', kind: 'change', before: current, after: desired.statusLine } : { path: 'statusLine', kind: 'add', after: desired.statusLine });
      nextRecord.statusLine = recordEntry(nextRecord.statusLine, had, current, desired.statusLine);
      next['statusLine'] = structuredClone(desired.statusLine);
    }
  }

  return { settings: next, changes, record: nextRecord, ...(keptStatusLine !== undefined ? { keptStatusLine } : {}) };
}

/** Put back what the record says cc-top set, for every key that still holds cc-top's value. */
export function planUndo(settings: JsonObject, record: SetupRecord): UndoPlan {
  checkSettingsShape(settings);
  const next = structuredClone(settings);
  const changes: Change[] = [];
  const leftAlone: string[] = [];

  const env = Object.hasOwn(next, 'env') ? (next['env'] as JsonObject) : undefined;
  for (const [key, entry] of Object.entries(record.env)) {
    const path = `env.${key}`;
    if (!env || !Object.hasOwn(env, key)) continue;
    if (!isDeepStrictEqual(env[key], entry.value)) {
      leftAlone.push(path);
      continue;
    }
    if (entry.had) {
      changes.push({ path, kind: 'change', before: env[key], after: entry.previous });
      env[key] = entry.previous;
    } else {
      changes.push({ path, kind: 'remove', before: env[key] });
      delete env[key];
    }
  }
  if (env && record.createdEnv && changes.length > 0 && Object.keys(env).length === 0) delete next['env'];

  const line = record.statusLine;
  if (line && Object.hasOwn(next, 'statusLine')) {
    if (!isDeepStrictEqual(next['statusLine'], line.value)) {
      leftAlone.push('statusLine');
    } else if (line.had) {
      changes.push({ path: 'statusLine', kind: 'change', before: next['statusLine'], after: line.previous });
      next['statusLine'] = line.previous;
    } else {
      changes.push({ path: 'statusLine', kind: 'remove', before: next['statusLine'] });
      delete next['statusLine'];
    }
  }

  return { settings: next, changes, leftAlone };
}

/** A record read from disk, or null when it is not one (then undo has nothing to go on). */
export function parseSetupRecord(value: unknown): SetupRecord | null {
  if (!isJsonObject(value) || value['version'] !== 1 || !isJsonObject(value['env'])) return null;
  const isEntry = (e: unknown): boolean => isJsonObject(e) && typeof e['had'] === 'boolean' && Object.hasOwn(e, 'value');
  if (!Object.values(value['env']).every(isEntry)) return null;
  if (value['statusLine'] !== undefined && !isEntry(value['statusLine'])) return null;
  return value as unknown as SetupRecord;
}
