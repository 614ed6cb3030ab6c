// Finding transcripts: `<root>/<cwd-slug>/<sessionId>.jsonl`, and each session's subagents under
// `<root>/<cwd-slug>/<sessionId>/subagents/*.jsonl`. The file (or folder) name is the session id,
// the same value as telemetry's `session.id`. Anything else in those folders is left alone.
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { basename, join } from 'node:path';

export interface TranscriptFile {
  path: string;
  session: string;
  /** The session's own transcript (its cost-state lines are here), not a subagent's. */
  main: boolean;
  size: number;
  mtimeMs: number;
}

export interface Scan {
  files: TranscriptFile[];
  /** Roots that do not exist (no Claude Code there, or a mistyped --from). */
  missing: string[];
  /** Files whose name is not a session id Claude Code would write. */
  skipped: number;
}

/** Claude Code names sessions with UUIDs; anything with other characters is not its transcript. */
const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function list(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw err;
  }
}

/**
 * Stat each file. Synchronous, like the listing: the import runs on its own, and thousands of stats
 * through the thread pool cost more in hand-overs than in stats.
 */
function statAll(candidates: { path: string; session: string; main: boolean }[]): TranscriptFile[] {
  const out: TranscriptFile[] = [];
  for (const c of candidates) {
    try {
      const s = statSync(c.path);
      if (s.isFile()) out.push({ ...c, size: s.size, mtimeMs: Math.floor(s.mtimeMs) });
    } catch {
      // Gone since the listing (Claude Code's cleanup), or not ours to read: nothing to import.
    }
  }
  return out;
}

export async function scanRoots(roots: readonly string[]): Promise<Scan> {
  const candidates: { path: string; session: string; main: boolean }[] = [];
  const missing: string[] = [];
  let skipped = 0;
  for (const root of roots) {
    let projects: Dirent[];
    try {
      projects = readdirSync(root, { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        missing.push(root);
        continue;
      }
      throw err;
    }
    for (const project of projects) {
      if (!project.isDirectory()) continue;
      const dir = join(root, project.name);
      for (const entry of list(dir)) {
        if (entry.isFile() && entry.name.endsWith('.jsonl')) {
          const session = basename(entry.name, '.jsonl');
          if (SESSION_ID.test(session)) candidates.push({ path: join(dir, entry.name), session, main: true });
          else skipped++;
        } else if (entry.isDirectory() && SESSION_ID.test(entry.name)) {
          const subagents = join(dir, entry.name, 'subagents');
          for (const sub of list(subagents)) {
            if (sub.isFile() && sub.name.endsWith('.jsonl')) candidates.push({ path: join(subagents, sub.name), session: entry.name, main: false });
          }
        }
      }
    }
  }
  return { files: statAll(candidates), missing, skipped };
}
