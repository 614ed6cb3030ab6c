// Ingest with forwarding on: the same load into a cc-top that forwards everything to a live
// upstream (the bare receiver, standing for a Collector on another machine), against the same
// cc-top without forwarding. Forwarding must cost cc-top's answers at most a fifth of their
// throughput, and deliver every request it was given.
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { httpLoad } from './load.js';
import { claudePayloads, freshBodies, startProcess } from './processes.js';

const READY = /grpc:\/\/[^:]+:(\d+) and http:\/\/[^:]+:(\d+)/;

async function forwardStatus(store) {
  try {
    return JSON.parse(await readFile(join(dirname(store), 'forward.json'), 'utf8'));
  } catch {
    return null;
  }
}

export async function benchForward(root, row, { seconds, concurrency }) {
  const bin = join(root, 'bin', 'cc-top.js');
  const fresh = freshBodies(claudePayloads(400));
  const upstream = await startProcess(process.execPath, [join(root, 'bench', 'bareReceiver.js')], /"httpPort":(\d+),"grpcPort":(\d+)/);
  const start = async (extra) => {
    const store = join(await mkdtemp(join(os.tmpdir(), 'cc-top-bench-forward-')), 'store.json');
    const proc = await startProcess(bin, ['--headless', '--store', store, '--grpc-port', '0', '--http-port', '0', ...extra], READY);
    return { proc, store, port: Number(proc.match[2]) };
  };
  const plain = await start([]);
  const forwarding = await start(['--forward', `http://127.0.0.1:${upstream.match[1]}`]);
  const load = (port) => httpLoad({ port, path: '/v1/metrics', contentType: 'application/x-protobuf', nextBody: fresh.protobuf, concurrency, seconds });

  // Warm both up, then alternate, best of two each: the machine's noise hits both alike.
  await load(plain.port);
  let answered = (await load(forwarding.port)).done;
  const without = [];
  const withForward = [];
  for (let round = 0; round < 2; round++) {
    without.push((await load(plain.port)).perSecond);
    const r = await load(forwarding.port);
    withForward.push(r.perSecond);
    answered += r.done;
  }
  const best = (xs) => Math.max(...xs);
  const ratio = best(withForward) / best(without);
  row(
    `ingest HTTP/protobuf, --forward to a live upstream (without: ${Math.round(best(without))} req/s)`,
    `${Math.round(best(withForward))} req/s; ratio ${ratio.toFixed(2)}`,
    'ratio >= 0.8',
    ratio >= 0.8,
  );

  // Every request the forwarding cc-top answered reached the upstream (stopping drains the queue).
  await forwarding.proc.stop();
  const status = await forwardStatus(forwarding.store);
  row(
    '  delivered to the upstream',
    status ? `${status.sent} of ${answered} answered, ${status.dropped} dropped` : 'no forward.json',
    'all, 0 dropped',
    status !== null && status.sent === answered && status.dropped === 0,
  );
  await plain.proc.stop();
  await upstream.stop();
}
