// Claude Code's user settings file on disk: where it is, reading it without guessing, backing it
// up, and writing it atomically with its mode kept. Also the record file setup keeps beside it.
import { constants } from 'node:fs';
import { copyFile, mkdir, readFile, stat, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { locateJsonError } from '../files/jsonText.js';
import { checkSettingsShape, parseSetupRecord, SettingsShapeError, type JsonObject, type SetupRecord } from './settingsMerge.js';

export const SETTINGS_FILE_NAME = 'settings.json';
export const SETUP_RECORD_FILE_NAME = 'cc-top-setup.json';
/** Settings may hold secrets (API keys in env): a file setup creates is private. */
const NEW_FILE_MODE = 0o600;
const NEW_DIR_MODE = 0o700;

/** `$CLAUDE_CONFIG_DIR/settings.json` when set (as Claude Code does), else `~/.claude/settings.json`. */
export function settingsPath(env: NodeJS.ProcessEnv): string {
  const configDir = env['CLAUDE_CONFIG_DIR'];
  if (configDir) return resolve(configDir, SETTINGS_FILE_NAME);
  const home = env['HOME'] || env['USERPROFILE'] || homedir();
  return join(home, '.claude', SETTINGS_FILE_NAME);
}

export function setupRecordPath(settingsFile: string): string {
  return join(dirname(settingsFile), SETUP_RECORD_FILE_NAME);
}

/** A settings or record file that cannot be used as it is; the message names the file, the cause and the fix. */
export class SettingsFileError extends Error {}

export interface LoadedSettings {
  exists: boolean;
  settings: JsonObject;
  /** Permission bits of the existing file, kept when it is rewritten. */
  mode?: number;
}

async function readTextIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SettingsFileError(`cannot read ${path}: ${(err as Error).message}. Check its permissions.`);
  }
}

export async function readSettings(path: string): Promise<LoadedSettings> {
  const text = await readTextIfExists(path);
  if (text === null) return { exists: false, settings: {} };
  const mode = (await stat(path)).mode & 0o777;
  // An empty file (e.g. made with `touch`) holds no settings yet; Claude Code reads it as none.
  if (text.trim() === '') return { exists: true, settings: {}, mode };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const at = locateJsonError(text, err as Error);
    throw new SettingsFileError(
      `${path} is not valid JSON: ${at.cause} at line ${at.line}, column ${at.column}. ` +
        'Fix that line (settings.json allows no comments or trailing commas), then run cc-top setup again. Nothing was written.',
    );
  }
  try {
    checkSettingsShape(parsed);
  } catch (err) {
    if (!(err instanceof SettingsShapeError)) throw err;
    throw new SettingsFileError(`${path} cannot be merged into: ${err.message}. Fix the file, then run cc-top setup again. Nothing was written.`);
  }
  return { exists: true, settings: parsed, mode };
}

/** `20261125T063844Z`: sorts by time and is safe in a file name on every platform. */
export function backupStamp(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/**
 * Copy the file to `<file>.bak-<stamp>` and return the copy's path. Never overwrites an earlier
 * backup (two runs in one second would lose the original): a suffix tells them apart.
 */
export async function backupFile(path: string, nowMs: number): Promise<string> {
  const base = `${path}.bak-${backupStamp(nowMs)}`;
  for (let attempt = 1; ; attempt++) {
    const target = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      await copyFile(path, target, constants.COPYFILE_EXCL);
      return target;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/** Claude Code's own layout: 2-space JSON and a final newline. */
export function formatSettings(settings: JsonObject): string {
  return `${JSON.stringify(settings, null, 2)}\n`;
}

/** Atomic (temp file + rename; a symlinked settings.json is written through to its target). */
export async function writeJsonFile(path: string, value: unknown, mode: number | undefined): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: NEW_DIR_MODE });
  await writeFileAtomic(path, formatSettings(value as JsonObject), { mode: mode ?? NEW_FILE_MODE });
}

export async function readSetupRecord(path: string): Promise<SetupRecord | null> {
  const text = await readTextIfExists(path);
  if (text === null) return null;
  let record: SetupRecord | null = null;
  try {
    record = parseSetupRecord(JSON.parse(text));
  } catch {
    record = null;
  }
  if (!record) {
    throw new SettingsFileError(
      `${path} (cc-top's record of what setup changed) is damaged. Delete it and run cc-top setup again; ` +
        'undo will then only know about changes made from now on.',
    );
  }
  return record;
}

export async function removeSetupRecord(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
