// Processes and payloads for the bench: child processes with their resident memory, and real
// Claude Code payloads made distinct per request (session id and timestamps), as real traffic is.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeJson } from '../dist/otlp/decode.js';
import { REQUEST_TYPE } from '../dist/otlp/schema.js';

const FIXTURES = fileURLToPath(new URL('../tests/fixtures/', import.meta.url));

/** Start a process and wait for `ready` on its stdout; returns the match, pid and controls. */
export function startProcess(command, args, ready, { timeoutMs = 30_000 } = {}) {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} not ready in ${timeoutMs} ms:\n${out}\n${err}`)), timeoutMs);
    child.stdout.on('data', (d) => {
      out += d;
      const match = ready.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        pid: child.pid,
        match,
        readyMs: Number(process.hrtime.bigint() - started) / 1e6,
        rssMiB: () => rssMiB(child.pid),
        stop: async (signal = 'SIGTERM') => {
          child.kill(signal);
          await exited;
        },
      });
    });
    void exited.then((code) => reject(new Error(`${args.join(' ')} exited ${code}:\n${out}\n${err}`)));
  });
}

export function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

function decodedSample(signal) {
  const r = decodeJson(signal, readFileSync(`${FIXTURES}${signal}-edit-commit.json`));
  if (!r.ok) throw new Error(r.error.message);
  return r.request;
}

function setAttr(attributes, key, value) {
  const a = attributes?.find((x) => x.key === key);
  if (a) a.value = typeof value === 'number' ? { intValue: String(value) } : { stringValue: value };
}

/** `count` metrics requests from the real sample, each a distinct session and time. */
export function claudePayloads(count, { sessions = count } = {}) {
  const base = decodedSample('metrics');
  const t0 = BigInt(Date.now()) * 1_000_000n;
  const protobuf = [];
  const json = [];
  const times = [];
  let points = 0;
  for (let i = 0; i < count; i++) {
    const req = structuredClone(base);
    for (const rm of req.resourceMetrics) {
      for (const sm of rm.scopeMetrics) {
        for (const m of sm.metrics) {
          for (const p of m.sum.dataPoints) {
            setAttr(p.attributes, 'session.id', `bench-session-${i % sessions}`);
            p.startTimeUnixNano = String(t0 + BigInt(i) * 1000n);
            p.timeUnixNano = String(t0 + BigInt(i) * 1000n + 500n);
            if (i === 0) points++;
          }
        }
      }
    }
    times.push([t0 + BigInt(i) * 1000n, t0 + BigInt(i) * 1000n + 500n]);
    json.push(Buffer.from(JSON.stringify(req)));
    protobuf.push(Buffer.from(REQUEST_TYPE.metrics.encode(REQUEST_TYPE.metrics.fromObject(req)).finish()));
  }
  return { protobuf, json, points, times };
}

/** Each round through the bodies moves their points this far on (1 s), so no two requests match. */
const ROUND_STEP_NS = 1_000_000_000n;

/**
 * Sources of request bodies that never repeat: the n-th round through the bodies moves every
 * point's start and time on by n seconds, as an exporter's next interval would. Without it the
 * bench would measure mostly retries (duplicates are dropped early), not new data. Timestamps
 * are patched in a copy: fixed64 in protobuf, same-width decimal text in JSON. The encodings
 * share one counter, so a run in one never repeats the points another run sent.
 */
export function freshBodies(payloads) {
  let n = 0;
  const source = (encoding) => {
    const bodies = payloads[encoding];
    const spots = bodies.map((body, i) =>
      payloads.times[i].flatMap((value) => {
        const needle = encoding === 'json' ? Buffer.from(`"${value}"`) : bigUint64LE(value);
        const found = [];
        for (let at = body.indexOf(needle); at !== -1; at = body.indexOf(needle, at + 1)) found.push(at);
        if (!found.length) throw new Error(`bench: timestamp ${value} not found in a ${encoding} body`);
        return found.map((at) => ({ at: encoding === 'json' ? at + 1 : at, value }));
      }),
    );
    return () => {
      const i = n % bodies.length;
      const round = BigInt(Math.floor(n / bodies.length));
      n++;
      const body = Buffer.from(bodies[i]);
      for (const { at, value } of spots[i]) {
        const moved = value + round * ROUND_STEP_NS;
        if (encoding === 'json') body.write(String(moved), at, 'latin1');
        else body.writeBigUInt64LE(moved, at);
      }
      return body;
    };
  };
  return { protobuf: source('protobuf'), json: source('json') };
}

function bigUint64LE(value) {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(value);
  return b;
}

/** A logs request from the real sample for one session (16 events), encoded as protobuf. */
export function claudeLogsPayload(session, i) {
  const req = structuredClone(decodedSample('logs'));
  const t0 = Date.now();
  for (const rl of req.resourceLogs) {
    for (const sl of rl.scopeLogs) {
      sl.logRecords.forEach((r, j) => {
        setAttr(r.attributes, 'session.id', session);
        setAttr(r.attributes, 'event.timestamp', new Date(t0 + j).toISOString());
        setAttr(r.attributes, 'event.sequence', i * 100 + j);
        r.timeUnixNano = `${t0 + j}000000`;
      });
    }
  }
  return Buffer.from(REQUEST_TYPE.logs.encode(REQUEST_TYPE.logs.fromObject(req)).finish());
}
