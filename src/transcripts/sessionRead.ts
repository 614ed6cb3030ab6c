// Reading one session's transcripts (its own file and its subagents'), from where each was left:
// its API answers de-duplicated by message id + request id (the same answer is written once per
// content block, and replayed by sidechains), keeping the largest usage, and its cost-state lines
// in order, each with the time of the last answer before it.
import {
  answerOf,
  fieldsOfJson,
  LINE_FILTER,
  lineType,
  messageIdBytes,
  parseCostState,
  totalTokens,
  usageOnly,
  withoutContent,
  type AssistantRecord,
  type CostStateRecord,
  type LineFields,
} from './lineParse.js';
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

export interface ReadContext {
  /**
   * The session each answer read in this run counts in, by the answer's key: an answer copied
   * into another session's file (an old resumed session) counts once, where it was first seen.
   */
  answers: Map<string, string>;
  onBytes?: (n: number) => void;
  /** A read buffer to reuse (allocating one per file is most of an import's garbage). */
  buffer?: Buffer;
}

/** A line's fields, parsed with its message content cut out (never decoded). */
function fieldsOf(buf: Buffer, start: number, end: number): LineFields | 'cost-state' | undefined {
  let json: unknown;
  try {
    json = JSON.parse(withoutContent(buf, start, end));
  } catch {
    return undefined;
  }
  return lineType(json) === 'cost-state' ? 'cost-state' : fieldsOfJson(json);
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
  const byKey = new Map<string, RequestRecord>();
  const ordered = [...files].sort((a, b) => Number(b.file.main) - Number(a.file.main) || a.file.path.localeCompare(b.file.path));
  let latestTime = Number.NEGATIVE_INFINITY;
  for (const [index, { file, from }] of ordered.entries()) {
    let lastAnswer = Number.NaN;
    // A run of Claude Code starts with the first line after a cost-state (its prompt): its time
    // bounds when the run's telemetry can have been sent.
    let runStart = Number.NaN;
    const wantRunStart = () => file.main && Number.isNaN(runStart);
    // The answer on the line before (its message id copied: the read buffer is reused). Claude
    // Code writes an answer once per content block, on lines that follow one another: a line of
    // the same message needs only its usage read.
    let previous: { id: Buffer; record: RequestRecord } | undefined;
    const read = scanLines(
      file.path,
      from,
      LINE_FILTER,
      (buf, start, end, endOffset, unterminated, want) => {
        if (wantRunStart()) runStart = lineTime(buf, start, end);
        if (!want) return true;
        const messageId = unterminated ? undefined : messageIdBytes(buf, start, end);
        if (messageId && previous && messageId.equals(previous.id)) {
          const usage = usageOnly(buf, start, end);
          if (usage) {
            if (totalTokens(usage) > totalTokens(previous.record.usage)) previous.record.usage = usage;
            return true;
          }
        }
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
        const r: RequestRecord = { key: a.key, time: a.time, model: a.model, sidechain: a.sidechain, usage: a.usage, cwd: undefined, gitBranch: undefined, file: index, endOffset };
        if (r.key === undefined) {
          mine.push(r);
          return true;
        }
        const owner = ctx.answers.get(r.key);
        let kept: RequestRecord | undefined = r;
        if (owner === undefined) {
          ctx.answers.set(r.key, id);
          byKey.set(r.key, r);
          mine.push(r);
        } else {
          kept = owner === id ? byKey.get(r.key) : undefined;
          // Written once per content block (and replayed by sidechains): the largest usage is the answer's.
          if (kept && totalTokens(r.usage) > totalTokens(kept.usage)) kept.usage = r.usage;
        }
        previous = messageId && kept ? { id: Buffer.from(messageId), record: kept } : undefined;
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
