// A reading thread of a large import (see readThreads.ts): started early (its modules load while
// the store is read), it waits for its share of the jobs, runs them and sends back the results,
// with the bytes read now and then for the progress bar.
import { parentPort } from 'node:worker_threads';
import { runJobs, type SessionJob } from './sessionJobs.js';

const PROGRESS_EVERY_BYTES = 8 * 1024 * 1024;

parentPort?.once('message', (work: { jobs: SessionJob[]; nowMs: number }) => {
  let unreported = 0;
  void runJobs(work.jobs, work.nowMs, (n) => {
    unreported += n;
    if (unreported < PROGRESS_EVERY_BYTES) return;
    parentPort?.postMessage({ bytes: unreported });
    unreported = 0;
  }).then((results) => parentPort?.postMessage({ bytes: unreported, results }));
});
