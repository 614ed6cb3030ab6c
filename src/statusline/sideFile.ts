// What the status line learns that telemetry does not carry: Claude Code's plan usage (5 h / 7 d)
// and which project each session works in. Kept in a small file next to the store, not in it:
// the store has one writer (the receiver), this file has its own (the status line).
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import writeFileAtomic from 'write-file-atomic';
import type { RateLimitWindow, StatuslineInput } from './input.js';
import { ownValue, setOwn } from '../telemetry/wireKeys.js';

export const SIDE_FILE_NAME = 'statusline.json';
/** Sessions remembered; past it the least recently seen are dropped. */
export const SIDE_FILE_SESSIONS_CAP = 500;
/**
 * How stale a `seenAt` may get before the file is rewritten for it alone. Claude Code refreshes
 * the status line several times a second while it streams; rewriting on each would be waste.
 */
export const SEEN_REFRESH_MS = 60_000;

export interface SideRateLimits {
  /** When the status line last saw these values, epoch ms (at most SEEN_REFRESH_MS stale). */
  seenAt: number;
  fiveHour: RateLimitWindow | null;
  sevenDay: RateLimitWindow | null;
}

export interface SideSession {
  projectDir: string;
  /** Epoch ms (at most SEEN_REFRESH_MS stale). */
  seenAt: number;
}

export interface SideFile {
  version: 1;
  rateLimits: SideRateLimits | null;
  sessions: Record<string, SideSession>;
}

export function emptySideFile(): SideFile {
  return { version: 1, rateLimits: null, sessions: {} };
}

export function sideFilePath(storePath: string): string {
  return join(dirname(storePath), SIDE_FILE_NAME);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function windowOf(value: unknown): RateLimitWindow | null {
  if (!isObj(value) || !isNum(value['usedPercentage'])) return null;
  return { usedPercentage: value['usedPercentage'], resetsAt: isNum(value['resetsAt']) ? value['resetsAt'] : null };
}

/** Keep what is well-formed, drop the rest: a damaged side file must not break its readers. */
function sanitize(parsed: unknown): SideFile {
  const side = emptySideFile();
  if (!isObj(parsed) || parsed['version'] !== 1) return side;
  const limits = parsed['rateLimits'];
  if (isObj(limits) && isNum(limits['seenAt'])) {
    side.rateLimits = { seenAt: limits['seenAt'], fiveHour: windowOf(limits['fiveHour']), sevenDay: windowOf(limits['sevenDay']) };
  }
  if (isObj(parsed['sessions'])) {
    for (const [id, s] of Object.entries(parsed['sessions'])) {
      if (isObj(s) && typeof s['projectDir'] === 'string' && isNum(s['seenAt'])) setOwn(side.sessions, id, { projectDir: s['projectDir'], seenAt: s['seenAt'] });
    }
  }
  return side;
}

/** Never throws: a missing, unreadable or corrupt file reads as empty. */
export async function readSideFile(path: string): Promise<SideFile> {
  try {
    return sanitize(JSON.parse(await readFile(path, 'utf8')));
  } catch {
    return emptySideFile();
  }
}

function capSessions(sessions: Record<string, SideSession>): Record<string, SideSession> {
  const entries = Object.entries(sessions);
  if (entries.length <= SIDE_FILE_SESSIONS_CAP) return sessions;
  entries.sort(([a, x], [b, y]) => y.seenAt - x.seenAt || a.localeCompare(b));
  return Object.fromEntries(entries.slice(0, SIDE_FILE_SESSIONS_CAP));
}

/**
 * The side file after one status line refresh, or null when nothing worth a write changed.
 * Pure: the caller reads and writes.
 */
export function updateSideFile(side: SideFile, input: StatuslineInput, nowMs: number): SideFile | null {
  let next: SideFile | null = null;
  const draft = (): SideFile => (next ??= { ...side, sessions: { ...side.sessions } });

  if (input.fiveHour || input.sevenDay) {
    const current = side.rateLimits;
    const values = { fiveHour: input.fiveHour, sevenDay: input.sevenDay };
    const same = current !== null && isDeepStrictEqual({ fiveHour: current.fiveHour, sevenDay: current.sevenDay }, values);
    if (!same || nowMs - current.seenAt >= SEEN_REFRESH_MS) draft().rateLimits = { seenAt: nowMs, ...values };
  }

  if (input.sessionId && input.projectDir) {
    const current = ownValue(side.sessions, input.sessionId);
    if (!current || current.projectDir !== input.projectDir || nowMs - current.seenAt >= SEEN_REFRESH_MS) {
      const d = draft();
      setOwn(d.sessions, input.sessionId, { projectDir: input.projectDir, seenAt: nowMs });
      d.sessions = capSessions(d.sessions);
    }
  }
  return next;
}

/**
 * Atomic and private. Two sessions refreshing at once may race (last rename wins); the loser's
 * entry is simply written again on its next refresh. No fsync: this is a cache refreshed every
 * few seconds, and the status line must stay fast.
 */
export async function writeSideFile(path: string, side: SideFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFileAtomic(path, `${JSON.stringify(side)}\n`, { mode: 0o600, fsync: false });
}
