// The status line's side of its side file (shape and reading: ../store/sideFile.ts): what one
// refresh changes, and the write. The store has one writer (the receiver), this file has its own.
import { dirname } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { checkPrivateFolder } from '../files/privateFolder.js';
import { WriteError, writeFileVerified } from '../files/safeWrite.js';
import { parseSideFile, sessionRecord, type SideFile, type SideSession } from '../store/sideFile.js';
import type { StatuslineInput } from './input.js';

/** Sessions remembered; past it the least recently seen are dropped. */
export const SIDE_FILE_SESSIONS_CAP = 500;
/**
 * How stale a `seenAt` may get before the file is rewritten for it alone. Claude Code refreshes
 * the status line several times a second while it streams; rewriting on each would be waste.
 */
export const SEEN_REFRESH_MS = 60_000;

function capSessions(sessions: Record<string, SideSession>): Record<string, SideSession> {
  const entries = Object.entries(sessions);
  if (entries.length <= SIDE_FILE_SESSIONS_CAP) return sessions;
  entries.sort(([a, x], [b, y]) => y.seenAt - x.seenAt || a.localeCompare(b));
  return Object.assign(sessionRecord(), Object.fromEntries(entries.slice(0, SIDE_FILE_SESSIONS_CAP)));
}

/**
 * The side file after one status line refresh, or null when nothing worth a write changed.
 * Pure: the caller reads and writes. `input` is validated (see input.ts), so what it adds is too.
 */
export function updateSideFile(side: SideFile, input: StatuslineInput, nowMs: number): SideFile | null {
  let next: SideFile | null = null;
  const draft = (): SideFile => (next ??= { ...side, sessions: Object.assign(sessionRecord(), side.sessions) });

  if (input.fiveHour || input.sevenDay) {
    const current = side.rateLimits;
    const values = { fiveHour: input.fiveHour, sevenDay: input.sevenDay };
    const same = current !== null && isDeepStrictEqual({ fiveHour: current.fiveHour, sevenDay: current.sevenDay }, values);
    if (!same || nowMs - current.seenAt >= SEEN_REFRESH_MS) draft().rateLimits = { seenAt: nowMs, ...values };
  }

  if (input.sessionId && input.projectDir) {
    const current = Object.hasOwn(side.sessions, input.sessionId) ? side.sessions[input.sessionId] : undefined;
    if (!current || current.projectDir !== input.projectDir || nowMs - current.seenAt >= SEEN_REFRESH_MS) {
      const d = draft();
      d.sessions[input.sessionId] = { projectDir: input.projectDir, seenAt: nowMs };
      d.sessions = capSessions(d.sessions);
    }
  }
  return next;
}

/**
 * Verified, private, never through a symbolic link, and never into a folder other users can
 * write (they could plant a link or swap the file under us): such a folder is refused with a
 * WriteError naming the reason. Two sessions refreshing at once may race (last rename wins); the
 * loser's entry is simply written again on its next refresh. No fsync: this is a cache rewritten
 * within a minute, and a torn file after a crash reads as empty.
 */
export async function writeSideFile(path: string, side: SideFile): Promise<void> {
  const unsafe = await checkPrivateFolder(dirname(path));
  if (unsafe) throw new WriteError(path, unsafe);
  // Saved as its readers will see it: a value they would drop (out of range) is never written.
  const checked = parseSideFile(JSON.stringify(side));
  await writeFileVerified(path, `${JSON.stringify(checked)}\n`, { mode: 0o600, fsync: false });
}
