// Reading sessions and working out their imports, as jobs: run here, or shared between threads
// (readThreads.ts) when there is much to read. A job carries all it needs (its files, where to
// start in each, what the store says of the session), and its result is plain data.
//
// Jobs go by project folder: an answer copied from one session's file into another's (an old
// session resumed) lives in the same folder, and counts once there. So a project is read whole on
// one thread with its own record of the answers seen, and what a session adds never depends on
// which thread read it, or on what was read before.
import { dirname } from 'node:path';
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

/** A job's project folder: `<root>/<slug>/<id>.jsonl`, or `<root>/<slug>/<id>/subagents/<agent>.jsonl`. */
function projectOf(job: SessionJob): string {
  const f = job.files[0]?.file;
  if (!f) return '';
  return f.main ? dirname(f.path) : dirname(dirname(dirname(f.path)));
}

const bytesOf = (job: SessionJob) => job.files.reduce((n, f) => n + f.file.size - f.from, 0);

/**
 * Job indexes by project, each project's in job order, the projects with most to read first:
 * threads that take the next project as they finish one end together.
 */
export function byProject(jobs: readonly SessionJob[]): number[][] {
  const projects = new Map<string, { bytes: number; jobs: number[] }>();
  jobs.forEach((job, i) => {
    const key = projectOf(job);
    let p = projects.get(key);
    if (!p) projects.set(key, (p = { bytes: 0, jobs: [] }));
    p.bytes += bytesOf(job);
    p.jobs.push(i);
  });
  return [...projects.values()].sort((a, b) => b.bytes - a.bytes).map((p) => p.jobs);
}

/**
 * Run the projects `claim()` hands out (an index into `projects`; past the end when none is left),
 * in the order claimed; `onBytes` hears of every chunk read. Returns each job's index and result.
 */
export async function runClaimed(
  jobs: readonly SessionJob[],
  projects: readonly (readonly number[])[],
  claim: () => number,
  nowMs: number,
  onBytes?: (n: number) => void,
): Promise<[number, JobResult][]> {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  const pricer = new Pricer();
  const out: [number, JobResult][] = [];
  for (let p = claim(); p < projects.length; p = claim()) {
    const ctx: ReadContext = { answers: new Map(), buffer, ...(onBytes ? { onBytes } : {}) };
    for (const i of projects[p]!) {
      const job = jobs[i]!;
      const read = await readSession(job.id, job.files, ctx);
      const built = buildImport(read, job.basis, transcriptLabels(read), pricer, nowMs);
      out.push([
        i,
        {
          session: built.session,
          reads: read.files.map((f, k) => ({ file: f.file, from: f.from, readTo: f.readTo, settledTo: built.settledTo[k]! })),
          unreadable: read.unreadable,
          oversized: read.oversized,
        },
      ]);
    }
  }
  return out;
}

/** Run every job on this thread; the results in job order. */
export async function runJobs(jobs: readonly SessionJob[], nowMs: number, onBytes?: (n: number) => void): Promise<JobResult[]> {
  const projects = byProject(jobs);
  let next = 0;
  const results = new Array<JobResult>(jobs.length);
  for (const [i, r] of await runClaimed(jobs, projects, () => next++, nowMs, onBytes)) results[i] = r;
  return results;
}
