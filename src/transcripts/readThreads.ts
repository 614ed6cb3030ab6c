// A large import reads on several threads when the machine has idle cores (see threadsFor):
// parsing answers, not the disk, is what takes the time. Projects are handed out as threads ask
// for them (a counter shared by all), the largest first, so the threads end together however the
// bytes are spread over projects; each project stays on one thread (see sessionJobs.ts). Small
// imports, and a run from the TypeScript sources (tests), read on this thread.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { JobResult, SessionJob } from './sessionJobs.js';

/** Below this much to read, starting threads costs more than it saves. */
export const THREADS_MIN_BYTES = 64 * 1024 * 1024;
const MAX_THREADS = 4;
/** `CC_TOP_IMPORT_THREADS=N`: read on N threads whatever the size (0: never), to measure or test. */
export const THREADS_ENV = 'CC_TOP_IMPORT_THREADS';

const WORKER = new URL('./readWorker.js', import.meta.url);

/** This process's threads that are running or want to (state R in /proc/self/task/<id>/stat). */
function ownRunning(): number {
  let n = 0;
  for (const task of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'latin1');
      // The state follows the thread's name, which is in parentheses and may hold anything.
      if (stat[stat.lastIndexOf(')') + 2] === 'R') n++;
    } catch {
      // The thread has ended.
    }
  }
  return n;
}

/**
 * Threads of other processes that want a core right now. Linux counts runnable threads in
 * /proc/loadavg ("runnable/all"), this process's own (its compiler and collector threads, a
 * reading thread starting) among them; elsewhere the one-minute load average stands in. Not the
 * load average on Linux: it is a minute's memory, and a busy minute that has just ended (a build,
 * another import) would keep an idle machine to one thread.
 */
export function othersRunning(): number {
  try {
    const runnable = /\s(\d+)\/\d+\s/.exec(readFileSync('/proc/loadavg', 'latin1'))?.[1];
    if (runnable !== undefined) return Math.max(0, Number(runnable) - ownRunning());
  } catch {
    // Not Linux: below.
  }
  return loadavg()[0] ?? 0;
}

/**
 * Threads for an import of `bytes`: as many as there are idle cores (cores less the threads of
 * other work running now), at most MAX_THREADS, and none (this thread alone) below two. A second
 * reading thread pays only on a core nothing else wants: on a busy machine it took ~0.4 s more CPU
 * for no shorter import (the compiler and collector threads of a lone reader use the spare core
 * instead).
 */
export function threadsFor(bytes: number, env: NodeJS.ProcessEnv, cores: number = availableParallelism(), busy: number = othersRunning()): number {
  const forced = env[THREADS_ENV];
  if (forced !== undefined && /^\d{1,2}$/.test(forced)) return Number(forced);
  if (bytes < THREADS_MIN_BYTES) return 0;
  const idle = Math.round(cores - busy);
  return idle < 2 ? 0 : Math.min(MAX_THREADS, idle);
}

/** What a reading thread is given: every job, the projects, and the counter that hands them out. */
export interface ThreadWork {
  jobs: readonly SessionJob[];
  projects: number[][];
  /** Int32 [0]: the next project to take. */
  counter: SharedArrayBuffer;
  nowMs: number;
}

/** What a reading thread sends: bytes read since it last said (progress), and at the end its results. */
export interface ThreadMessage {
  bytes: number;
  results?: [number, JobResult][];
}

/** A thread's young generation: an import makes many short-lived strings, and fewer collections of them pay. */
const YOUNG_GENERATION_MB = 48;

export interface ReadingThreads {
  /**
   * The jobs' results in order, read on this thread and the worker threads together. `onOwnDone`
   * is called when this thread has read its share (it may then wait for the others' results).
   */
  run(jobs: readonly SessionJob[], nowMs: number, onBytes?: (n: number) => void, onOwnDone?: () => void): Promise<JobResult[]>;
  /** Stop threads that were not given work. */
  close(): void;
}

/** A worker's share: the projects it took, read while this thread reads its own. */
function workerResults(worker: Worker, work: ThreadWork, early: Error | undefined, onBytes: ((n: number) => void) | undefined): Promise<[number, JobResult][]> {
  return new Promise((resolve, reject) => {
    if (early) return reject(early);
    let results: [number, JobResult][] | undefined;
    worker.on('message', (m: ThreadMessage) => {
      if (m.bytes) onBytes?.(m.bytes);
      if (!m.results) return;
      results = m.results;
      void worker.terminate();
      resolve(results);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (results ? resolve(results) : reject(new Error(`a reading thread stopped (exit code ${code})`))));
    worker.postMessage(work);
  });
}

/**
 * Start `threads - 1` worker threads now (this thread is the other reader), to be given their
 * work later: their start-up (loading the parser and the price list) overlaps what this thread
 * does before the reading. Fewer than two threads, or a run from the TypeScript sources, read on
 * this thread alone.
 */
export function startThreads(threads: number): ReadingThreads {
  const workers = threads >= 2 && existsSync(fileURLToPath(WORKER)) ? Array.from({ length: threads - 1 }, () => new Worker(WORKER, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } })) : [];
  // An error before the work is handed over is met when the work is (a thread that cannot start
  // fails the import with its reason).
  const failed = new Map<Worker, Error>();
  for (const w of workers) w.on('error', (err) => failed.set(w, err));
  let used = false;
  return {
    async run(jobs, nowMs, onBytes, onOwnDone) {
      // Loaded here, not with this module: the workers start while this thread loads it.
      const { byProject, runClaimed, runJobs } = await import('./sessionJobs.js');
      if (used || workers.length === 0 || jobs.length < 2) {
        this.close();
        const all = await runJobs(jobs, nowMs, onBytes);
        onOwnDone?.();
        return all;
      }
      used = true;
      const work: ThreadWork = { jobs, projects: byProject(jobs), counter: new SharedArrayBuffer(4), nowMs };
      const next = new Int32Array(work.counter);
      const theirs = Promise.all(workers.map((w) => workerResults(w, work, failed.get(w), onBytes)));
      theirs.catch(() => undefined);
      const mine = await runClaimed(jobs, work.projects, () => Atomics.add(next, 0, 1), nowMs, onBytes);
      onOwnDone?.();
      const results = new Array<JobResult>(jobs.length);
      for (const share of [mine, ...(await theirs)]) for (const [i, r] of share) results[i] = r;
      return results;
    },
    close() {
      for (const w of workers) void w.terminate();
      workers.length = 0;
    },
  };
}
