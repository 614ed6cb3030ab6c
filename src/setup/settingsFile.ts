// Claude Code's user settings file on disk: where it is, reading it without guessing, backing it
// up, and writing it with its mode kept. Also the record file setup keeps beside it. Every write
// goes through writeFileVerified: a full disk or a short write keeps the old file and says so.
import { promises as fsp } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import * as v from 'valibot';
import { FileTooLargeError, readFileBounded, writeFileVerified, type WriteFs } from '../files/safeWrite.js';
import type { SetupRecord } from './settingsMerge.js';
import { describeIssue, SettingsSchema, SetupRecordSchema } from './settingsSchema.js';
import { escapeControls } from './terminalSafe.js';
import { parseSettingsText, SettingsSyntaxError, type JsonObject, type ParsedSettings, type TextPosition } from './settingsText.js';

export const SETTINGS_FILE_NAME = 'settings.json';
export const SETUP_RECORD_FILE_NAME = 'cc-top-setup.json';
/** Settings may hold secrets (API keys in env): a file setup creates is private. */
const NEW_FILE_MODE = 0o600;
/** Far above any real settings file; a bound, because the file is read whole. */
export const MAX_SETTINGS_BYTES = 4 * 1024 * 1024;
const MAX_RECORD_BYTES = 1024 * 1024;

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

export function setupLockPath(settingsFile: string): string {
  return `${setupRecordPath(settingsFile)}.lock`;
}

/** A settings or record file that cannot be used as it is; the message names the file, the cause and the fix. */
export class SettingsFileError extends Error {}

export interface LoadedSettings {
  exists: boolean;
  settings: JsonObject;
  /** The text as read (BOM and all): what edits start from and what a backup keeps. */
  parsed: ParsedSettings;
  /** Permission bits of the existing file, kept when it is rewritten. */
  mode?: number;
  /** Why Claude Code will not load this file as it is (a comment, a trailing comma), with where. */
  claudeCodeWillNotLoad?: string;
}

const EMPTY: ParsedSettings = { value: undefined, text: '', bom: false };

const where = (at: TextPosition) => `line ${at.line}, column ${at.column}`;

/** The file's text; null when there is none. A link to nothing is an error: writing would replace the link. */
async function readSettingsText(path: string): Promise<{ text: string; mode: number } | null> {
  let link;
  try {
    link = await fsp.lstat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SettingsFileError(`cannot read ${path}: ${(err as Error).message}. Check its permissions.`);
  }
  try {
    const { mode } = await fsp.stat(path);
    const text = await readFileBounded(path, MAX_SETTINGS_BYTES);
    // Decoding replaces bytes that are not UTF-8 with U+FFFD; writing that back would change them.
    if (text.includes('\uFFFD') && !isUtf8(await fsp.readFile(path))) {
      throw new SettingsFileError(`${path} is not UTF-8 text, and cc-top edits only UTF-8. Save it as UTF-8, then run cc-top setup again. Nothing was written.`);
    }
    return { text, mode: mode & 0o777 };
  } catch (err) {
    if (err instanceof SettingsFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && link.isSymbolicLink()) {
      const target = escapeControls(await fsp.readlink(path).catch(() => '?'));
      throw new SettingsFileError(
        `${path} is a symbolic link to ${target}, which does not exist. Create that file (or fix or remove the link; cc-top never replaces a link with a file), then run cc-top setup again. Nothing was written.`,
      );
    }
    if (err instanceof FileTooLargeError) {
      throw new SettingsFileError(`${path} is ${err.size} bytes, more than a settings file holds (limit ${MAX_SETTINGS_BYTES}). Check that it is the right file. Nothing was written.`);
    }
    throw new SettingsFileError(`cannot read ${path}: ${(err as Error).message}. Check its permissions.`);
  }
}

export async function readSettings(path: string): Promise<LoadedSettings> {
  const found = await readSettingsText(path);
  if (found === null) return { exists: false, settings: {}, parsed: EMPTY };
  let parsed: ParsedSettings;
  try {
    parsed = parseSettingsText(found.text);
  } catch (err) {
    if (!(err instanceof SettingsSyntaxError)) throw err;
    throw new SettingsFileError(`${path} is not valid JSON: ${err.problem} at ${where(err.at)}. Fix that line, then run cc-top setup again. Nothing was written.`);
  }
  // A file with no content (e.g. made with `touch`) holds no settings yet; Claude Code reads it as none.
  if (parsed.value === undefined) return { exists: true, settings: {}, parsed, mode: found.mode };
  const checked = v.safeParse(SettingsSchema, parsed.value);
  if (!checked.success) {
    throw new SettingsFileError(`${path} cannot be merged into: ${describeIssue(checked.issues[0], "Claude Code's settings")}. Fix the file, then run cc-top setup again. Nothing was written.`);
  }
  const strict = parsed.notStrictJson;
  return {
    exists: true,
    // The parsed value itself, not valibot's copy: edits are planned on exactly what the file holds.
    settings: parsed.value as JsonObject,
    parsed,
    mode: found.mode,
    ...(strict ? { claudeCodeWillNotLoad: `it has ${strict.what} at ${where(strict.at)}, and Claude Code reads settings.json as strict JSON (no comments, no trailing commas)` } : {}),
  };
}

/** `20261125T063844Z`: sorts by time and is safe in a file name on every platform. */
export function backupStamp(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

async function exists(path: string): Promise<boolean> {
  try {
    await fsp.lstat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/**
 * Keep a copy of the file's text as `<file>.bak-<stamp>` and return the copy's path. Never
 * replaces an earlier backup (two runs in one second would lose the original): a suffix tells
 * them apart. Setup holds its lock, so no other setup picks the same name meanwhile.
 */
export async function backupSettings(path: string, text: string, mode: number | undefined, nowMs: number, fs?: WriteFs): Promise<string> {
  const base = `${path}.bak-${backupStamp(nowMs)}`;
  let target = base;
  for (let attempt = 2; await exists(target); attempt++) target = `${base}-${attempt}`;
  await writeFileVerified(target, text, { mode: mode ?? NEW_FILE_MODE, ...(fs ? { fs } : {}) });
  return target;
}

/** The user's settings: a symlinked settings.json (dotfiles) is written through to its target. */
export async function writeSettingsText(path: string, text: string, mode: number | undefined, fs?: WriteFs): Promise<void> {
  await writeFileVerified(path, text, { mode: mode ?? NEW_FILE_MODE, followSymlink: true, ...(fs ? { fs } : {}) });
}

export async function readSetupRecord(path: string): Promise<SetupRecord | null> {
  let text: string;
  try {
    text = await readFileBounded(path, MAX_RECORD_BYTES);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (!(err instanceof FileTooLargeError)) throw new SettingsFileError(`cannot read ${path}: ${(err as Error).message}. Check its permissions.`);
    throw damagedRecord(path, `${err.size} bytes, more than a record holds`);
  }
  let reason: string;
  try {
    const checked = v.safeParse(SetupRecordSchema, JSON.parse(text));
    if (checked.success) return checked.output as SetupRecord;
    // Keys and values quoted in the message come from the file: nothing raw reaches the terminal.
    reason = escapeControls(describeRecordIssue(checked.issues[0]));
  } catch (err) {
    reason = err instanceof SyntaxError ? 'it is not JSON' : (err as Error).message;
  }
  throw damagedRecord(path, reason);
}

/**
 * Where a record issue is, and what: a union's own issue says only that no option fit, so the
 * deepest sub-issue (its path relative to the union's) names the field.
 */
function describeRecordIssue(issue: v.BaseIssue<unknown>, prefix: string[] = []): string {
  const path = [...prefix, ...(issue.path ?? []).map((item) => String(item.key))];
  const subs = issue.issues ?? [];
  if (subs.length === 0) return `${path.length ? path.join('.') : 'the record'}: ${issue.message}`;
  return describeRecordIssue(subs.reduce((a, b) => ((b.path?.length ?? 0) > (a.path?.length ?? 0) ? b : a)), path);
}

function damagedRecord(path: string, reason: string): SettingsFileError {
  return new SettingsFileError(
    `${path} (cc-top's record of what setup changed) is damaged (${reason}). Delete it and run cc-top setup again; ` +
      'undo will then only know about changes made from now on.',
  );
}

export async function writeSetupRecord(path: string, record: SetupRecord, fs?: WriteFs): Promise<void> {
  await writeFileVerified(path, `${JSON.stringify(record, null, 2)}\n`, fs ? { fs } : {});
}

export async function removeSetupRecord(path: string): Promise<void> {
  try {
    await fsp.unlink(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
