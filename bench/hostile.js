// `npm run bench -- --only hostile`: what hostile clients can make cc-top hold. Each attack runs
// against a fresh cc-top (the binary, as a user runs it), whose peak resident memory (VmHWM) is
// read when the attack has been held for a while; a real export is sent meanwhile and must get in.
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { startProcess } from './processes.js';

const MIB = 1024 * 1024;
const STALLED_BODIES = 300;
/** The largest body cc-top accepts (MAX_WIRE_BYTES); each attacker sends all of it but one byte. */
const BODY = 8 * MIB;
const RSS_TARGET_MIB = 400;
/** How long the stalled bodies are held before the peak is read: past cc-top's 2 s stall threshold. */
const HOLD_MS = 4_000;
const METRICS_PATH = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';

function peakRssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** HTTP: headers declaring 8 MiB, then all but the last byte, then nothing. */
function stalledHttp(port, chunk) {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {});
  socket.resume();
  socket.write(`POST /v1/metrics HTTP/1.1\r\nHost: cc-top\r\nContent-Type: application/x-protobuf\r\nContent-Length: ${BODY}\r\n\r\n`);
  socket.write(chunk);
  return () => socket.destroy();
}

/** gRPC: one call per connection whose message declares 8 MiB and sends all but its last byte. */
function stalledGrpc(port, chunk) {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  session.on('error', () => {});
  const stream = session.request({ ':method': 'POST', ':path': METRICS_PATH, 'content-type': 'application/grpc', te: 'trailers' });
  stream.on('error', () => {});
  stream.resume();
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(BODY - 5, 1);
  stream.write(prefix);
  stream.write(chunk);
  return () => session.destroy();
}

function httpExport(port) {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/v1/metrics', method: 'POST', agent: false, headers: { 'Content-Type': 'application/x-protobuf', 'Content-Length': 0 } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

function grpcExport(port) {
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const pass = (b) => b;
  return new Promise((resolve) =>
    client.makeUnaryRequest(METRICS_PATH, pass, pass, Buffer.alloc(0), { deadline: Date.now() + 10_000 }, (err) => {
      client.close();
      resolve(!err);
    }),
  );
}

async function attack(root, transport) {
  const store = join(await mkdtemp(join(os.tmpdir(), 'cc-top-bench-')), 'store.json');
  const ccTop = await startProcess(join(root, 'bin', 'cc-top.js'), ['--headless', '--store', store, '--grpc-port', '0', '--http-port', '0'], /grpc:\/\/[^:]+:(\d+) and http:\/\/[^:]+:(\d+)/);
  const port = Number(transport === 'grpc' ? ccTop.match[1] : ccTop.match[2]);
  const chunk = Buffer.alloc(BODY - 1 - (transport === 'grpc' ? 5 : 0), 0x0a);
  const stop = Array.from({ length: STALLED_BODIES }, () => (transport === 'grpc' ? stalledGrpc : stalledHttp)(port, chunk));
  await sleep(HOLD_MS / 2);
  const started = performance.now();
  const exported = await (transport === 'grpc' ? grpcExport : httpExport)(port);
  const exportMs = performance.now() - started;
  await sleep(HOLD_MS / 2);
  const peak = peakRssMiB(ccTop.pid);
  stop.forEach((s) => s());
  await ccTop.stop();
  return { peak, exported, exportMs };
}

export async function benchHostile(root, row) {
  for (const transport of ['http', 'grpc']) {
    const { peak, exported, exportMs } = await attack(root, transport);
    row(
      `hostile: peak RSS, ${STALLED_BODIES} stalled 8 MiB bodies (${transport === 'grpc' ? 'gRPC' : 'HTTP'})`,
      `${Math.round(peak)} MiB; real export ${exported ? `ok in ${Math.round(exportMs)} ms` : 'FAILED'}`,
      `<= ${RSS_TARGET_MIB} MiB, export ok`,
      peak <= RSS_TARGET_MIB && exported,
    );
  }
}
