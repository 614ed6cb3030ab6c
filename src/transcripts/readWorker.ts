// A reading thread of a large import (see readThreads.ts): started early (its modules load while
// the main thread scans and reads the store), it waits for its work, takes projects from the
// shared counter until none is left, and sends back the results, with the bytes read now and then
// for the progress bar.
import { parentPort } from 'node:worker_threads';
import type { ThreadMessage, ThreadWork } from './readThreads.js';
import { runClaimed } from './sessionJobs.js';

const PROGRESS_EVERY_BYTES = 8 * 1024 * 1024;

parentPort?.once('message', (work: ThreadWork) => {
  const next = new Int32Array(work.counter);
  let unreported = 0;
  const send = (m: ThreadMessage) => parentPort?.postMessage(m);
  void runClaimed(
    work.jobs,
    work.projects,
    () => Atomics.add(next, 0, 1),
    work.nowMs,
    (n) => {
      unreported += n;
      if (unreported < PROGRESS_EVERY_BYTES) return;
      send({ bytes: unreported });
      unreported = 0;
    },
  ).then((results) => {
    send({ bytes: unreported, results });
  });
});
