// Reading sessions and working out their imports, as jobs: run here, or split between worker
// threads (readThreads.ts) when there is much to read. A job carries all it needs (its files,
// where to start in each, what the store says of the session), and its result is plain data.
import type { SessionImport } from '../store/importApply.js';
import { CHUNK_BYTES } from './lineScan.js';
import { Pricer } from './pricing.js';
import type { TranscriptFile } from './scan.js';
import { buildImport, transcriptLabels, type ImportBasis } from './sessionImport.js';
import { readSession, type ReadContext } from './sessionRead.js';

export interface SessionJob {
  id: string;
  files: { file: TranscriptFile; from: number }[];
  basis: ImportBasis;
}

export interface JobResult {
  session: SessionImport;
  /** Per file read: where it was read from and to, and from where it may still change. */
  reads: { file: TranscriptFile; from: number; readTo: number; settledTo: number }[];
  unreadable: number;
  oversized: number;
}

/** Run jobs in order on this thread; `onBytes` hears of every chunk read. */
export async function runJobs(jobs: readonly SessionJob[], nowMs: number, onBytes?: (n: number) => void): Promise<JobResult[]> {
  // Answers counted in this run: one copied into another session's file counts once.
  const ctx: ReadContext = { answers: new Map(), buffer: Buffer.allocUnsafe(CHUNK_BYTES), ...(onBytes ? { onBytes } : {}) };
  const pricer = new Pricer();
  const out: JobResult[] = [];
  for (const job of jobs) {
    const read = await readSession(job.id, job.files, ctx);
    const built = buildImport(read, job.basis, transcriptLabels(read), pricer, nowMs);
    out.push({
      session: built.session,
      reads: read.files.map((f, i) => ({ file: f.file, from: f.from, readTo: f.readTo, settledTo: built.settledTo[i]! })),
      unreadable: read.unreadable,
      oversized: read.oversized,
    });
  }
  return out;
}
