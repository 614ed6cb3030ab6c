// A large import reads on several threads: parsing answers, not the disk, is what takes the time,
// and the machine's other cores are idle meanwhile. Sessions of one project folder stay on one
// thread (an old resumed session's copy lives beside its original, and is counted once). Small
// imports, and a run from the TypeScript sources (tests), read on this thread.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runJobs, type JobResult, type SessionJob } from './sessionJobs.js';

/** Below this much to read, starting threads costs more than it saves. */
export const THREADS_MIN_BYTES = 64 * 1024 * 1024;
const MAX_THREADS = 4;
/** `CC_TOP_IMPORT_THREADS=N`: read on N threads whatever the size (0: never), to measure or test. */
export const THREADS_ENV = 'CC_TOP_IMPORT_THREADS';

const WORKER = new URL('./readWorker.js', import.meta.url);

export function threadsFor(bytes: number, env: NodeJS.ProcessEnv): number {
  const forced = env[THREADS_ENV];
  if (forced !== undefined && /^\d{1,2}$/.test(forced)) return Number(forced);
  return bytes < THREADS_MIN_BYTES ? 0 : Math.min(MAX_THREADS, availableParallelism());
}

const projectOf = (job: SessionJob): string => {
  const f = job.files[0]?.file;
  if (!f) return '';
  // `<root>/<slug>/<id>.jsonl`, or `<root>/<slug>/<id>/subagents/<agent>.jsonl`.
  return f.main ? dirname(f.path) : dirname(dirname(dirname(f.path)));
};

/** Job indexes per thread: whole projects, the largest first to the thread with least to read. */
function shares(jobs: readonly SessionJob[], threads: number): number[][] {
  const projects = new Map<string, { bytes: number; jobs: number[] }>();
  jobs.forEach((job, i) => {
    const key = projectOf(job);
    const p = projects.get(key) ?? { bytes: 0, jobs: [] };
    p.bytes += job.files.reduce((n, f) => n + f.file.size - f.from, 0);
    p.jobs.push(i);
    projects.set(key, p);
  });
  const out = Array.from({ length: threads }, () => ({ bytes: 0, jobs: [] as number[] }));
  for (const p of [...projects.values()].sort((a, b) => b.bytes - a.bytes)) {
    const lightest = out.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    lightest.bytes += p.bytes;
    lightest.jobs.push(...p.jobs);
  }
  return out.map((s) => s.jobs.sort((a, b) => a - b)).filter((s) => s.length > 0);
}

/** A thread's young generation: an import makes many short-lived strings, and fewer collections of them pay. */
const YOUNG_GENERATION_MB = 48;

export interface ReadingThreads {
  /** The jobs' results in order: the first share read on this thread, the others on the worker threads meanwhile. */
  run(jobs: readonly SessionJob[], nowMs: number, onBytes?: (n: number) => void): Promise<JobResult[]>;
  /** Stop threads that were not given work. */
  close(): void;
}

/**
 * Start `threads - 1` worker threads now (this thread is the other reader), to be given their
 * jobs later: their start-up overlaps what comes before the reading. Fewer than two threads, or a
 * run from the TypeScript sources, read on this thread alone.
 */
export function startThreads(threads: number): ReadingThreads {
  const workers = threads >= 2 && existsSync(fileURLToPath(WORKER)) ? Array.from({ length: threads - 1 }, () => new Worker(WORKER, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } })) : [];
  // An error before the work is handed over is met when the work is (a thread that cannot start
  // fails the import with its reason).
  const failed = new Map<Worker, Error>();
  for (const w of workers) w.on('error', (err) => failed.set(w, err));
  let used = false;
  return {
    async run(jobs, nowMs, onBytes) {
      if (used || workers.length === 0 || jobs.length < 2) {
        this.close();
        return runJobs(jobs, nowMs, onBytes);
      }
      used = true;
      const results = new Array<JobResult>(jobs.length);
      const [own = [], ...others] = shares(jobs, workers.length + 1);
      const done = Promise.all(
        workers.map(
          (worker, w) =>
            new Promise<void>((resolve, reject) => {
              const share = others[w] ?? [];
              const early = failed.get(worker);
              if (early) return reject(early);
              worker.on('message', (m: { bytes: number; results?: JobResult[] }) => {
                if (m.bytes) onBytes?.(m.bytes);
                if (!m.results) return;
                m.results.forEach((r, k) => (results[share[k]!] = r));
                void worker.terminate();
                resolve();
              });
              worker.on('error', reject);
              worker.on('exit', (code) => (code === 0 || results[share[0] ?? -1] !== undefined ? resolve() : reject(new Error(`a reading thread stopped (exit code ${code})`))));
              worker.postMessage({ jobs: share.map((i) => jobs[i]), nowMs });
            }),
        ),
      );
      done.catch(() => undefined);
      (await runJobs(
        own.map((i) => jobs[i]!),
        nowMs,
        onBytes,
      )).forEach((r, k) => (results[own[k]!] = r));
      await done;
      return results;
    },
    close() {
      for (const w of workers) void w.terminate();
      workers.length = 0;
    },
  };
}
