// Reading one session's transcripts (its own file and its subagents'), from where each was left:
// its API answers de-duplicated by message id + request id (the same answer is written once per
// content block, and replayed by sidechains), keeping the largest usage, and its cost-state lines
// in order, each with the time of the last answer before it.
import { lineType, MARKERS, parseAssistant, parseCostState, totalTokens, withoutContent, type AssistantRecord, type CostStateRecord } from './lineParse.js';
import { scanLines } from './lineScan.js';
import type { TranscriptFile } from './scan.js';

export interface RequestRecord extends AssistantRecord {
  /** Which file it came from (its subagents' settle separately). */
  file: number;
  /** Offset just past its line. */
  endOffset: number;
}

export interface CostStateAt extends CostStateRecord {
  /** Time of the last answer before it in the session's own file (what it settles); NaN if none. */
  at: number;
  endOffset: number;
}

export interface FileRead {
  file: TranscriptFile;
  from: number;
  readTo: number;
}

export interface SessionRead {
  id: string;
  files: FileRead[];
  /** De-duplicated, in time order. */
  requests: RequestRecord[];
  /** In file order. */
  costStates: CostStateAt[];
  cwd: string | undefined;
  gitBranch: string | undefined;
  /** Lines that looked like answers or cost-states but could not be read; lines too long to read. */
  unreadable: number;
  oversized: number;
}

export interface ReadContext {
  /** Keys of answers already counted in this run: a session copied into another file counts once. */
  seenElsewhere: Set<string>;
  onBytes?: (n: number) => void;
}

function parseLine(buf: Buffer, start: number, end: number): unknown {
  try {
    return JSON.parse(withoutContent(buf, start, end));
  } catch {
    return undefined;
  }
}

/** Read a session's files, each from its offset (`from`), main file first. */
export async function readSession(id: string, files: readonly { file: TranscriptFile; from: number }[], ctx: ReadContext): Promise<SessionRead> {
  const out: SessionRead = { id, files: [], requests: [], costStates: [], cwd: undefined, gitBranch: undefined, unreadable: 0, oversized: 0 };
  const byKey = new Map<string, RequestRecord>();
  const ordered = [...files].sort((a, b) => Number(b.file.main) - Number(a.file.main) || a.file.path.localeCompare(b.file.path));
  let latestTime = Number.NEGATIVE_INFINITY;
  for (const [index, { file, from }] of ordered.entries()) {
    let lastAnswer = Number.NaN;
    const read = await scanLines(
      file.path,
      from,
      MARKERS,
      (buf, start, end, endOffset, unterminated) => {
        const json = parseLine(buf, start, end);
        if (json === undefined) {
          // The last line cut short is still being written: read it once it is whole.
          if (unterminated) return false;
          out.unreadable++;
          return true;
        }
        const type = lineType(json);
        if (type === undefined) return true;
        if (type === 'cost-state') {
          const cs = parseCostState(json);
          if (!cs) out.unreadable++;
          else if (file.main) out.costStates.push({ ...cs, at: lastAnswer, endOffset });
          return true;
        }
        const r = parseAssistant(json);
        if (!r) return true;
        if (file.main) lastAnswer = Number.isNaN(lastAnswer) ? r.time : Math.max(lastAnswer, r.time);
        if (r.time >= latestTime) {
          latestTime = r.time;
          if (r.cwd) out.cwd = r.cwd;
          if (r.gitBranch) out.gitBranch = r.gitBranch;
        }
        const record: RequestRecord = { ...r, file: index, endOffset };
        if (r.key === undefined) {
          out.requests.push(record);
          return true;
        }
        if (ctx.seenElsewhere.has(r.key) && !byKey.has(r.key)) return true;
        const before = byKey.get(r.key);
        if (!before) {
          byKey.set(r.key, record);
          ctx.seenElsewhere.add(r.key);
        } else if (totalTokens(r.usage) > totalTokens(before.usage)) {
          // Streaming writes the answer once per content block; the last carries the final usage.
          before.usage = r.usage;
        }
        return true;
      },
      ctx.onBytes ? { onBytes: ctx.onBytes } : {},
    );
    out.oversized += read.oversized;
    out.files.push({ file, from, readTo: read.readTo });
  }
  out.requests.push(...byKey.values());
  out.requests.sort((a, b) => a.time - b.time);
  return out;
}
