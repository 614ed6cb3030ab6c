// Pure planning of what `setup` and `setup --undo` do to Claude Code's settings: parsed JSON in,
// the new document, the list of changes and the record of what cc-top set out. Nothing here
// touches the disk, so every case is a plain unit test.
import { isDeepStrictEqual } from 'node:util';
import type { JsonObject } from './settingsText.js';
import { showKey } from './terminalSafe.js';

export type { JsonObject } from './settingsText.js';

export interface StatusLineSetting {
  type: 'command';
  command: string;
}

export const CC_TOP_STATUS_LINE: StatusLineSetting = { type: 'command', command: 'cc-top statusline' };

/**
 * One key cc-top changed: the value it set, or `removed` (a per-signal override it took out), and
 * what was there before (had=false: the key was absent).
 */
export type RecordedValue<T> = { had: boolean; previous?: unknown; value: T } | RemovedValue;

/** A key setup took out; `after` is the key it followed (null: it came first), so undo puts it back in place. */
export interface RemovedValue {
  had: true;
  previous: unknown;
  removed: true;
  after: string | null;
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
  statusLine?: { had: boolean; previous?: unknown; value: StatusLineSetting };
  /** The "forward" setup wrote into cc-top's config.json (undo takes it out again). */
  forward?: { file: string; url: string };
}

export interface Change {
  /** `env.OTEL_METRICS_EXPORTER`, `statusLine`. */
  path: string;
  kind: 'add' | 'change' | 'remove';
  before?: unknown;
  after?: unknown;
  /** Why, when it is not plain (a removed per-signal override says where it sent telemetry). */
  note?: string;
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

/** A key of `env` to take out, and why (shown in the change list). */
export interface EnvRemoval {
  key: string;
  note: string;
}

export interface DesiredSettings {
  env: Record<string, string>;
  /** Keys of `env` that would defeat `env` (per-signal overrides sending telemetry elsewhere). */
  removeEnv?: EnvRemoval[];
  statusLine?: StatusLineSetting;
  /** Replace an existing, different statusLine. */
  force?: boolean;
}

const isJsonObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Does the key hold what cc-top left there (its value, or nothing for a key it removed)? */
function holdsCcTopState(present: boolean, current: unknown, entry: RecordedValue<unknown>): boolean {
  return 'removed' in entry ? !present : present && isDeepStrictEqual(current, entry.value);
}

/**
 * The record entry after setting `key` to `value` where `current` is there now. The value from
 * before cc-top first set the key is kept across runs, unless someone changed the key since:
 * then their value is what undo should bring back.
 */
function recordEntry<T>(prior: RecordedValue<T> | undefined, had: boolean, current: unknown, value: T): RecordedValue<T> {
  if (prior && had && holdsCcTopState(had, current, prior)) return { had: prior.had, ...(prior.had ? { previous: prior.previous } : {}), value };
  return had ? { had: true, previous: current, value } : { had: false, value };
}

/** The object with `key` set to `value` right after `afterKey` (null: first; gone: last). */
function insertAfter(object: JsonObject, key: string, value: unknown, afterKey: string | null): JsonObject {
  const entries = Object.entries(object).filter(([k]) => k !== key);
  const at = afterKey === null ? 0 : entries.findIndex(([k]) => k === afterKey) + 1 || entries.length;
  entries.splice(at, 0, [key, value]);
  // fromEntries defines own keys, so a key named "__proto__" stays a key, as JSON.parse has it.
  return Object.fromEntries(entries);
}

export function planSetup(settings: JsonObject, desired: DesiredSettings, record: SetupRecord | null): SetupPlan {
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
  // Each removed key remembers the key it followed in the file as it was, for undo to put it back there.
  const keys = Object.keys(env);
  for (const { key, note } of desired.removeEnv ?? []) {
    if (!Object.hasOwn(env, key) || Object.hasOwn(desired.env, key)) continue;
    const index = keys.indexOf(key);
    // What is there now is what undo brings back, even when an earlier run removed the key too.
    changes.push({ path: `env.${key}`, kind: 'remove', before: env[key], note });
    nextRecord.env[key] = { had: true, previous: env[key], removed: true, after: index === 0 ? null : keys[index - 1]! };
    delete env[key];
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
      nextRecord.statusLine = recordEntry(nextRecord.statusLine, had, current, desired.statusLine) as SetupRecord['statusLine'];
      next['statusLine'] = structuredClone(desired.statusLine);
    }
  }

  return { settings: next, changes, record: nextRecord, ...(keptStatusLine !== undefined ? { keptStatusLine } : {}) };
}

/** Put back what the record says cc-top did, for every key that still holds what cc-top left there. */
export function planUndo(settings: JsonObject, record: SetupRecord): UndoPlan {
  const next = structuredClone(settings);
  const changes: Change[] = [];
  const leftAlone: string[] = [];

  let env = isJsonObject(next['env']) ? next['env'] : undefined;
  const toRestore: [string, RemovedValue][] = [];
  for (const [key, entry] of Object.entries(record.env)) {
    // Keys come from the record file: shown quoted when they are not plain names.
    const path = `env.${showKey(key)}`;
    if (!env) continue;
    const present = Object.hasOwn(env, key);
    if ('removed' in entry) {
      // Put back only where it is still absent: a value set since is the user's.
      if (present) leftAlone.push(path);
      else toRestore.push([key, entry]);
      continue;
    }
    if (!present) continue;
    if (!holdsCcTopState(present, env[key], entry)) {
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
  // A removed key goes back after the key it followed, which may itself be one to restore first.
  while (env && toRestore.length > 0) {
    const ready = toRestore.findIndex(([, entry]) => entry.after === null || Object.hasOwn(env!, entry.after) || !toRestore.some(([k]) => k === entry.after));
    const [key, entry] = toRestore.splice(ready === -1 ? 0 : ready, 1)[0]!;
    changes.push({ path: `env.${showKey(key)}`, kind: 'add', after: entry.previous });
    env = insertAfter(env, key, entry.previous, entry.after);
  }
  if (env) next['env'] = env;
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
