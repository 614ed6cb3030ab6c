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
    json.push(Buffer.from(JSON.stringify(req)));
    protobuf.push(Buffer.from(REQUEST_TYPE.metrics.encode(REQUEST_TYPE.metrics.fromObject(req)).finish()));
  }
  return { protobuf, json, points };
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
