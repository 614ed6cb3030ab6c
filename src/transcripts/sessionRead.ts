// Reading one session's transcripts (its own file and its subagents'), from where each was left:
// its API answers de-duplicated by message id + request id (the same answer is written once per
// content block, and replayed by sidechains), keeping the largest usage, and its cost-state lines
// in order, each with the time of the last answer before it.
import { answerFields, type LineFields } from './answerBytes.js';
import { answerOf, LINE_FILTER, parseCostState, totalTokens, type AssistantRecord, type CostStateRecord } from './lineParse.js';
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
  /** Time of the first line of the run it closes (NaN if not known): the run's telemetry starts no earlier. */
  runStart: number;
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
  /** Time of the first line of the run after the last cost-state read (NaN if none, or not known). */
  openRunStart: number;
  /** In file order. */
  costStates: CostStateAt[];
  cwd: string | undefined;
  gitBranch: string | undefined;
  /** Lines that looked like answers or cost-states but could not be read; lines too long to read. */
  unreadable: number;
  oversized: number;
}

/** An answer read in this run: the session it counts in, and its record there. */
export interface SeenAnswer {
  request: string;
  session: string;
  record: RequestRecord;
  /** Another answer of the same message id (another request id). */
  other: SeenAnswer | undefined;
}

export interface ReadContext {
  /**
   * The answers read in this run, by message id (then request id): an answer copied into another
   * session's file (an old resumed session) counts once, where it was first seen. Keyed by the id
   * as read, not by a string made of both ids: making and hashing one per line cost more than
   * the lookup.
   */
  answers: Map<string, SeenAnswer>;
  onBytes?: (n: number) => void;
  /** A read buffer to reuse (allocating one per file is most of an import's garbage). */
  buffer?: Buffer;
}

/** A line's fields, read from its bytes (its message content never decoded). */
function fieldsOf(buf: Buffer, start: number, end: number): LineFields | 'cost-state' | undefined {
  const fields = answerFields(buf, start, end);
  return fields?.[0] === 'cost-state' ? 'cost-state' : fields;
}

const TIMESTAMP = Buffer.from('"timestamp":"');

/** A line's `timestamp`, read as bytes (the line is not parsed: it may be a prompt); NaN if it has none. */
function lineTime(buf: Buffer, start: number, end: number): number {
  const at = buf.lastIndexOf(TIMESTAMP, end - TIMESTAMP.length);
  if (at < start) return Number.NaN;
  const from = at + TIMESTAMP.length;
  const close = buf.indexOf(34, from);
  return close === -1 || close > end || close - from > 40 ? Number.NaN : Date.parse(buf.toString('latin1', from, close));
}

function costStateOf(buf: Buffer, start: number, end: number): CostStateRecord | undefined {
  try {
    return parseCostState(JSON.parse(buf.toString('utf8', start, end)));
  } catch {
    return undefined;
  }
}

/** Read a session's files, each from its offset (`from`), main file first. */
export async function readSession(id: string, files: readonly { file: TranscriptFile; from: number }[], ctx: ReadContext): Promise<SessionRead> {
  const out: SessionRead = { id, files: [], requests: [], openRunStart: Number.NaN, costStates: [], cwd: undefined, gitBranch: undefined, unreadable: 0, oversized: 0 };
  const mine: RequestRecord[] = [];
  const ordered = [...files].sort((a, b) => Number(b.file.main) - Number(a.file.main) || a.file.path.localeCompare(b.file.path));
  let latestTime = Number.NEGATIVE_INFINITY;
  for (const [index, { file, from }] of ordered.entries()) {
    let lastAnswer = Number.NaN;
    let previous: SeenAnswer | undefined;
    // A run of Claude Code starts with the first line after a cost-state (its prompt): its time
    // bounds when the run's telemetry can have been sent.
    let runStart = Number.NaN;
    const wantRunStart = () => file.main && Number.isNaN(runStart);
    const read = scanLines(
      file.path,
      from,
      LINE_FILTER,
      (buf, start, end, endOffset, unterminated, want) => {
        if (wantRunStart()) runStart = lineTime(buf, start, end);
        if (!want) return true;
        const fields = fieldsOf(buf, start, end);
        if (fields === undefined) {
          // The last line cut short is still being written: read it once it is whole.
          if (unterminated) return false;
          out.unreadable++;
          return true;
        }
        if (fields === 'cost-state') {
          const cs = costStateOf(buf, start, end);
          if (!cs) out.unreadable++;
          else if (file.main) {
            out.costStates.push({ ...cs, at: lastAnswer, runStart, endOffset });
            runStart = Number.NaN;
          }
          return true;
        }
        const a = answerOf(fields);
        if (!a) return true;
        if (file.main) lastAnswer = Number.isNaN(lastAnswer) ? a.time : Math.max(lastAnswer, a.time);
        if (a.time >= latestTime) {
          latestTime = a.time;
          if (a.cwd) out.cwd = a.cwd;
          if (a.gitBranch) out.gitBranch = a.gitBranch;
        }
        // Kept for the whole session: only what is needed (not the folder and branch of every line).
        const r: RequestRecord = { id: a.id, request: a.request, time: a.time, model: a.model, sidechain: a.sidechain, usage: a.usage, cwd: undefined, gitBranch: undefined, file: index, endOffset };
        if (r.id === undefined) {
          mine.push(r);
          return true;
        }
        // The line before was the same answer (written once per content block): no look-up.
        let seen = previous !== undefined && previous.record.id === r.id && previous.request === r.request ? previous : undefined;
        if (seen === undefined) {
          const first = ctx.answers.get(r.id);
          seen = first;
          while (seen !== undefined && seen.request !== r.request) seen = seen.other;
          if (seen === undefined) {
            ctx.answers.set(r.id, (previous = { request: r.request, session: id, record: r, other: first }));
            mine.push(r);
            return true;
          }
        }
        // Written once per content block (and replayed by sidechains): the largest usage is the answer's.
        if (seen.session === id && totalTokens(r.usage) > totalTokens(seen.record.usage)) seen.record.usage = r.usage;
        previous = seen;
        return true;
      },
      { ...(ctx.onBytes ? { onBytes: ctx.onBytes } : {}), ...(ctx.buffer ? { buffer: ctx.buffer } : {}), wantAny: wantRunStart },
    );
    if (file.main) out.openRunStart = runStart;
    out.oversized += read.oversized;
    out.files.push({ file, from, readTo: read.readTo });
  }
  out.requests = mine.sort((a, b) => a.time - b.time);
  return out;
}
