// `npm run bench -- --only hostile`, the store's part: what hostile clients cost the aggregation.
// - flood: 3 clients send requests of 5,000 new session ids each while a real Claude Code export
//   is sent every 100 ms; its latency must stay low (past the session cap, each new id is O(1)).
// - bloat: 80 requests made of the longest names and attribute keys the wire allows; the store
//   file must stay within its budget.
import { mkdtemp, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REQUEST_TYPE } from '../dist/otlp/schema.js';
import { claudePayloads, freshBodies, startProcess } from './processes.js';

const FLOOD_CLIENTS = 3;
const IDS_PER_REQUEST = 5_000;
const FLOOD_SECONDS = 8;
/** Enough for the flood's whole time on this machine (about 40,000 ids a second are taken). */
const FLOOD_BODIES = 160;
const LATENCY_TARGET_MS = 200;
const BLOAT_REQUESTS = 80;
const STORE_TARGET_MIB = 16;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

async function post(port, body, contentType = 'application/json', headers = {}) {
  const res = await fetch(`http://127.0.0.1:${port}/v1/metrics`, { method: 'POST', headers: { 'Content-Type': contentType, ...headers }, body });
  await res.arrayBuffer();
  return res.status;
}

/** One request carrying `count` points, each of a session id never seen before. */
function floodRequest(start, count, nowNs) {
  const points = Array.from({ length: count }, (_, i) => ({
    attributes: [
      { key: 'session.id', value: { stringValue: `flood-${start + i}` } },
      { key: 'model', value: { stringValue: 'claude-sonnet-4-5' } },
    ],
    startTimeUnixNano: String(nowNs - 1_000_000_000n),
    timeUnixNano: String(nowNs),
    asDouble: 0.001,
  }));
  return {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'claude-code' } }] },
        scopeMetrics: [{ scope: { name: 'com.anthropic.claude_code' }, metrics: [{ name: 'claude_code.cost.usage', sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: points } }] }],
      },
    ],
  };
}

const FLOOD_ENCODINGS = {
  protobuf: { contentType: 'application/x-protobuf', encode: (req) => Buffer.from(REQUEST_TYPE.metrics.encode(REQUEST_TYPE.metrics.fromObject(req)).finish()) },
  JSON: { contentType: 'application/json', encode: (req) => JSON.stringify(req) },
};

/**
 * A request of the longest names a client can send: metric name, attribute keys and values. Sent
 * gzipped, as an attacker would: it must fit the receiver's limits (8 MiB on the wire, 32 MiB
 * inflated) to reach the store at all, and names this long compress to almost nothing.
 */
function bloatBody(i, nowNs) {
  const long = (c) => c.repeat(40_000);
  const attributes = Array.from({ length: 128 }, (_, k) => ({ key: `${long(String.fromCharCode(97 + (k % 26)))}${i}-${k}`, value: { stringValue: long('v') } }));
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'claude-code' } }, ...attributes.slice(0, 64)] },
        scopeMetrics: [
          {
            scope: { name: 'com.anthropic.claude_code' },
            metrics: [
              { name: `${long('m')}${i}`, sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [{ attributes, timeUnixNano: String(nowNs), asDouble: 1 }] } },
              {
                name: 'claude_code.cost.usage',
                sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [{ attributes: [{ key: 'session.id', value: { stringValue: `${long('s')}${i}` } }, ...attributes], timeUnixNano: String(nowNs), asDouble: 0.01 }] },
              },
            ],
          },
        ],
      },
    ],
  });
}

async function freshCcTop(root) {
  const store = join(await mkdtemp(join(os.tmpdir(), 'cc-top-bench-hostile-')), 'store.json');
  const ccTop = await startProcess(join(root, 'bin', 'cc-top.js'), ['--headless', '--store', store, '--grpc-port', '0', '--http-port', '0'], /http:\/\/[^:]+:(\d+)/);
  return { ccTop, store, port: Number(ccTop.match[1]) };
}

export async function benchHostileStore(root, row) {
  // Flood of new session ids, with a real export measured meanwhile: protobuf as the probe
  // sent it (the target), and JSON, which costs the receiver several times more to decode.
  for (const [encoding, { contentType, encode }] of Object.entries(FLOOD_ENCODINGS)) {
    const { ccTop, port } = await freshCcTop(root);
    const payloads = claudePayloads(200);
    const fresh = freshBodies(payloads);
    // Bodies made before the clock starts: building one in this process while timing the real
    // export would count the bench's own work as cc-top's latency.
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const bodies = Array.from({ length: FLOOD_BODIES }, (_, i) => encode(floodRequest(i * IDS_PER_REQUEST, IDS_PER_REQUEST, nowNs)));
    let flooding = true;
    let next = 0;
    const flooder = async () => {
      while (flooding && next < bodies.length * IDS_PER_REQUEST) {
        const body = bodies[next / IDS_PER_REQUEST];
        next += IDS_PER_REQUEST;
        await post(port, body, contentType).catch(() => undefined);
      }
    };
    const flooders = Array.from({ length: FLOOD_CLIENTS }, flooder);
    const latencies = [];
    const until = Date.now() + FLOOD_SECONDS * 1000;
    while (Date.now() < until) {
      const t = performance.now();
      const status = await post(port, fresh.protobuf(), 'application/x-protobuf');
      latencies.push(performance.now() - t);
      if (status !== 200) throw new Error(`a real export was refused during the flood: HTTP ${status}`);
      await sleep(100);
    }
    flooding = false;
    await Promise.all(flooders);
    const p95 = percentile(latencies, 95);
    const target = encoding === 'protobuf';
    row(
      `hostile: real export during a flood of new session ids (${FLOOD_CLIENTS} clients, ${IDS_PER_REQUEST}/request, ${encoding})`,
      `p95 ${p95.toFixed(0)} ms (${next.toLocaleString('en-US')} ids)`,
      target ? `p95 <= ${LATENCY_TARGET_MS} ms` : '',
      target ? p95 <= LATENCY_TARGET_MS : undefined,
    );
    await ccTop.stop();
  }
  // Bloat: the longest names the wire allows.
  {
    const { ccTop, port, store } = await freshCcTop(root);
    for (let i = 0; i < BLOAT_REQUESTS; i++) {
      const status = await post(port, gzipSync(bloatBody(i, BigInt(Date.now()) * 1_000_000n)), 'application/json', { 'Content-Encoding': 'gzip' });
      if (status !== 200) throw new Error(`bloat request ${i} was refused (HTTP ${status}): it no longer reaches the store, so the line would measure nothing`);
    }
    await ccTop.stop();
    const size = (await stat(store)).size / 2 ** 20;
    row(`hostile: store size after ${BLOAT_REQUESTS} bloat requests`, `${size.toFixed(2)} MiB`, `<= ${STORE_TARGET_MIB} MiB`, size <= STORE_TARGET_MIB);
  }
}
