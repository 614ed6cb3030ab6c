// Finding transcripts: `<root>/<cwd-slug>/<sessionId>.jsonl`, and each session's subagents under
// `<root>/<cwd-slug>/<sessionId>/subagents/*.jsonl`. The file (or folder) name is the session id,
// the same value as telemetry's `session.id`. Anything else in those folders is left alone.
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
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

async function list(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw err;
  }
}

/** Stat in small batches: thousands of files, without thousands of open requests at once. */
async function statAll(candidates: { path: string; session: string; main: boolean }[]): Promise<TranscriptFile[]> {
  const out: TranscriptFile[] = [];
  for (let i = 0; i < candidates.length; i += 64) {
    const batch = await Promise.all(
      candidates.slice(i, i + 64).map(async (c) => {
        try {
          const s = await stat(c.path);
          return s.isFile() ? { ...c, size: s.size, mtimeMs: Math.floor(s.mtimeMs) } : undefined;
        } catch {
          return undefined; // gone since the listing (Claude Code's cleanup): nothing to read
        }
      }),
    );
    for (const f of batch) if (f) out.push(f);
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
      projects = await readdir(root, { withFileTypes: true });
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
      for (const entry of await list(dir)) {
        if (entry.isFile() && entry.name.endsWith('.jsonl')) {
          const session = basename(entry.name, '.jsonl');
          if (SESSION_ID.test(session)) candidates.push({ path: join(dir, entry.name), session, main: true });
          else skipped++;
        } else if (entry.isDirectory() && SESSION_ID.test(entry.name)) {
          const subagents = join(dir, entry.name, 'subagents');
          for (const sub of await list(subagents)) {
            if (sub.isFile() && sub.name.endsWith('.jsonl')) candidates.push({ path: join(subagents, sub.name), session: entry.name, main: false });
          }
        }
      }
    }
  }
  return { files: await statAll(candidates), missing, skipped };
}
