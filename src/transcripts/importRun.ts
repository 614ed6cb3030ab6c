// One `cc-top import`: find the transcripts, skip those unchanged since the last import (by size
// and modification time), read the others from where they were left, and deliver the result as
// one batch to whoever holds the store. Sessions another import changed meanwhile come back
// `stale` and are read again against the store as it now is. Only then are the marks (how far
// each file was read) written: marks are a shortcut, the store's import records are the truth.
import { existsSync } from 'node:fs';
import type { ImportOutcome } from '../store/importApply.js';
import type { ImportRecord } from '../store/state.js';
import type { Counters } from '../telemetry/model.js';
import type { BatchResult, ImportBatch } from './batch.js';
import { readMarks, storeCreatedAt, writeMarks, type FileMark, type Marks } from './importFiles.js';
import type { ReadingThreads } from './readThreads.js';
import { scanRoots, type Scan, type TranscriptFile } from './scan.js';
import type { SessionJob } from './sessionJobs.js';

export interface ImportRunOptions {
  roots: readonly string[];
  storePath: string;
  clock: () => number;
  /** The store's import records as they are now (read from its file). */
  loadRecords: () => Promise<ReadonlyMap<string, ImportRecord>>;
  /** Apply a batch (in this process, or handed to the live cc-top) and say what came of it. */
  deliver: (batch: ImportBatch) => Promise<BatchResult>;
  /**
   * Called when this thread has no more to read (the other threads may still be reading): a
   * moment to get the delivery ready, which comes next.
   */
  onReadingDone?: () => void;
  /** Bytes to read in all, then bytes read so far. */
  onProgress?: (done: number, total: number) => void;
  /** For CC_TOP_IMPORT_THREADS (see readThreads.ts). */
  env?: NodeJS.ProcessEnv;
}

export interface ImportSummary {
  roots: readonly string[];
  missingRoots: string[];
  /** Sessions whose transcripts were found. */
  sessionsFound: number;
  /** Sessions whose transcripts changed since the last import, and so were read. */
  sessionsRead: number;
  /** Sessions that got figures from this import. */
  sessionsAdded: number;
  /** Runs left to telemetry, which saw them. */
  segmentsCovered: number;
  /** What the import added, less what it replaced (cost, estimated part, unpriced requests, tokens...). */
  net: Counters;
  /** Local days (midnight) the added figures fall on. */
  days: number[];
  bytesRead: number;
  unreadableLines: number;
  oversizedLines: number;
  /** Files with a name that is not a session id. */
  skippedFiles: number;
}

/** Rounds of reading again for sessions another import changed meanwhile. */
const STALE_ROUNDS = 3;


interface SessionFiles {
  id: string;
  files: TranscriptFile[];
}

function bySession(files: readonly TranscriptFile[]): Map<string, SessionFiles> {
  const out = new Map<string, SessionFiles>();
  for (const f of files) {
    let s = out.get(f.session);
    if (!s) out.set(f.session, (s = { id: f.session, files: [] }));
    s.files.push(f);
  }
  return out;
}

const unchanged = (f: TranscriptFile, m: FileMark | undefined) => m !== undefined && m.session === f.session && m.size === f.size && m.mtimeMs === f.mtimeMs;

/** Where to start reading a file: where it was left, unless it shrank or is not the file it was. */
function startOf(f: TranscriptFile, m: FileMark | undefined): number {
  if (!m || m.session !== f.session || f.size < m.readTo) return 0;
  return Math.min(m.openFrom, f.size);
}

function addNet(into: Counters, add: Counters): void {
  for (const k in add) {
    const key = k as keyof Counters;
    into[key] = (into[key] ?? 0) + (add[key] ?? 0);
  }
}

const underRoot = (path: string, roots: readonly string[]) => roots.some((r) => path.startsWith(r.endsWith('/') ? r : `${r}/`));

/** Reading threads started before the transcripts are listed, as many as a large import gets (none on one core). */
async function startEarly(env: NodeJS.ProcessEnv, busy: number): Promise<{ count: number; threads: ReadingThreads } | undefined> {
  const { startThreads, threadsFor } = await import('./readThreads.js');
  const count = threadsFor(Number.MAX_SAFE_INTEGER, env, undefined, busy);
  return count >= 2 ? { count, threads: startThreads(count) } : undefined;
}

/** Sessions whose transcripts changed since the last import into this store (none read: sizes and times only). */
export async function pendingSessions(roots: readonly string[], storePath: string): Promise<number> {
  const [marks, scan, createdAt] = await Promise.all([readMarks(storePath), scanRoots(roots), storeCreatedAt(storePath)]);
  if (marks.storeCreatedAt === null || marks.storeCreatedAt !== createdAt) marks.files.clear();
  return [...bySession(scan.files).values()].filter((s) => s.files.some((f) => !unchanged(f, marks.files.get(f.path)))).length;
}

export async function runImport(options: ImportRunOptions): Promise<ImportSummary> {
  // Read while this thread lists the transcripts.
  const marksRead = Promise.all([readMarks(options.storePath), storeCreatedAt(options.storePath)]);
  // No store yet: a first import, which reads everything there is. Its reading threads start now
  // and load their modules while this thread lists the transcripts (let go below if there is little).
  const firstImport = !existsSync(options.storePath);
  // How busy the machine is, looked at now (a first import starts its threads early) and again
  // after the listing: the fewer counts, a moment's spike is not other work.
  const busyAtStart = firstImport ? (await import('./readThreads.js')).othersRunning() : Number.POSITIVE_INFINITY;
  const early = firstImport ? await startEarly(options.env ?? {}, busyAtStart) : undefined;
  let scan: Scan;
  try {
    scan = await scanRoots(options.roots);
  } catch (err) {
    early?.threads.close();
    throw err;
  }
  const [marks, createdAt] = await marksRead;
  // Marks of another store (this one was started afresh) say nothing about what it holds.
  if (marks.storeCreatedAt === null || marks.storeCreatedAt !== createdAt) marks.files.clear();
  const sessions = bySession(scan.files);
  const changed = [...sessions.values()].filter((s) => s.files.some((f) => !unchanged(f, marks.files.get(f.path))));
  const found = new Set(scan.files.map((f) => f.path));
  const goneFiles = [...marks.files.keys()].filter((p) => !found.has(p) && underRoot(p, options.roots));
  const gone = [...new Set(goneFiles.map((p) => marks.files.get(p)!.session))].filter((id) => !sessions.has(id));
  const summary: ImportSummary = {
    roots: options.roots,
    missingRoots: scan.missing,
    sessionsFound: sessions.size,
    sessionsRead: changed.length,
    sessionsAdded: 0,
    segmentsCovered: 0,
    net: {},
    days: [],
    bytesRead: 0,
    unreadableLines: 0,
    oversizedLines: 0,
    skippedFiles: scan.skipped,
  };
  if (changed.length === 0 && gone.length === 0) {
    early?.threads.close();
    return summary;
  }

  const total = changed.reduce((n, s) => n + s.files.reduce((m, f) => m + f.size - startOf(f, marks.files.get(f.path)), 0), 0);
  // Reading, parsing and pricing are loaded only now: a run with nothing new never needs them.
  const { othersRunning, startThreads, threadsFor } = await import('./readThreads.js');
  const count = threadsFor(total, options.env ?? {}, undefined, Math.min(busyAtStart, othersRunning()));
  if (early && early.count !== count) early.threads.close();
  const threads = early && early.count === count ? early.threads : startThreads(count);
  const days = new Set<number>();
  let pending = changed.sort((a, b) => Math.min(...a.files.map((f) => f.mtimeMs)) - Math.min(...b.files.map((f) => f.mtimeMs)));
  let forget = gone;
  let storeAt: number | null = createdAt;
  try {
    for (let round = 0; round < STALE_ROUNDS && (pending.length > 0 || forget.length > 0); round++) {
      const records = await options.loadRecords();
      const jobs: SessionJob[] = pending.map((s) => {
        const record = records.get(s.id);
        // No record yet: read the whole of it (marks of a record the store no longer has say nothing).
        const files = s.files.map((file) => ({ file, from: record ? startOf(file, marks.files.get(file.path)) : 0 }));
        return { id: s.id, files, basis: { settledUntil: record?.settledUntil ?? 0, costState: record?.costState } };
      });
      const onBytes = (n: number) => {
        summary.bytesRead += n;
        options.onProgress?.(summary.bytesRead, Math.max(total, summary.bytesRead));
      };
      const built = await threads.run(jobs, options.clock(), onBytes, options.onReadingDone);
      const result = await options.deliver({ sessions: built.map((b) => b.session), forget });
      storeAt = result.storeCreatedAt;
      forget = [];
      const stale: SessionFiles[] = [];
      built.forEach((b, i) => {
        summary.unreadableLines += b.unreadable;
        summary.oversizedLines += b.oversized;
        const outcome: ImportOutcome | undefined = result.outcomes[i];
        if (!outcome || outcome.status === 'stale') {
          stale.push(pending[i]!);
          return;
        }
        if (outcome.added > 0) summary.sessionsAdded++;
        summary.segmentsCovered += outcome.covered;
        addNet(summary.net, outcome.net);
        for (const d of outcome.days) days.add(d);
        for (const r of b.reads) marks.files.set(r.file.path, { session: r.file.session, size: r.file.size, mtimeMs: r.file.mtimeMs, readTo: r.readTo, openFrom: r.settledTo });
      });
      pending = stale;
    }
  } finally {
    // Threads not given work (the store could not be read, say) must not keep the process alive.
    threads.close();
  }
  for (const p of goneFiles) marks.files.delete(p);
  summary.days = [...days].sort((a, b) => a - b);
  const next: Marks = { storeCreatedAt: storeAt, files: marks.files };
  // Marks only save reading: if they cannot be written, the next import reads more, nothing else.
  await writeMarks(options.storePath, next).catch(() => undefined);
  return summary;
}
