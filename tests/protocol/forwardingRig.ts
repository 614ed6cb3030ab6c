// Two real cc-top services in this process (store, lock, receiver, forwarding: the whole
// startService path) on free loopback ports with temporary stores, and what a forwarding test
// needs around them: comparable figures, Claude Code-like requests, a free port, and a gate that
// makes an upstream fail on demand.
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseForwardTarget } from '../../src/forward/target.js';
import { selectSummary } from '../../src/report/summary.js';
import { startService, type Service } from '../../src/service.js';
import { encodeRequest, logsRequest, metricsRequest } from '../builders/otlpRequest.js';
import { freePort } from '../builders/freePort.js';
export { freePort };

export interface Node {
  service: Service;
  storePath: string;
  httpUrl: string;
  grpcUrl: string;
  /** grpc://host:port, for --forward. */
  grpcTarget: string;
  stop(): Promise<void>;
}

const dirs: string[] = [];

export async function startNode(options: { forward?: string; queueBytes?: number; httpPort?: number; grpcPort?: number; messages?: string[]; metricsPort?: number } = {}): Promise<Node> {
  const dir = await mkdtemp(join(tmpdir(), 'cc-top-forward-'));
  dirs.push(dir);
  const storePath = join(dir, 'store.json');
  const service = await startService({
    host: '127.0.0.1',
    grpcPort: options.grpcPort ?? 0,
    httpPort: options.httpPort ?? 0,
    storePath,
    keepPrompts: false,
    ...(options.metricsPort !== undefined ? { metrics: { port: options.metricsPort, dropLabels: [] } } : {}),
    ...(options.forward
      ? { forward: { target: parseForwardTarget({ url: options.forward }), queueBytes: options.queueBytes ?? 64 * 1024 * 1024, backoff: { initialMs: 50, maxMs: 400 } } }
      : {}),
    onMessage: (m) => options.messages?.push(m),
  });
  return {
    service,
    storePath,
    httpUrl: `http://127.0.0.1:${service.receiver.http.port}`,
    grpcUrl: `http://127.0.0.1:${service.receiver.grpc.port}`,
    grpcTarget: `grpc://127.0.0.1:${service.receiver.grpc.port}`,
    stop: () => service.stop(),
  };
}

export async function removeNodeDirs(): Promise<void> {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** The figures a user compares: totals, by model, and each session's. */
export function figures(node: Node) {
  const s = selectSummary(node.service.store.state, 'all', Date.now());
  return {
    totals: s.totals,
    byModel: s.byModel,
    sessions: s.sessions.map((x) => ({ id: x.id, costUsd: x.costUsd, tokens: x.tokens, apiRequests: x.apiRequests, prompts: x.prompts, commits: x.commits })).sort((a, b) => a.id.localeCompare(b.id)),
  };
}

const T0 = Date.now() - 60_000;
const ns = (ms: number) => `${ms}000000`;

/** One Claude Code-like metrics export: cost and tokens of one request of `session`. */
export function metricsBody(session: string, i: number, encoding: 'protobuf' | 'json' = 'protobuf'): Buffer {
  const attrs = { 'session.id': session, model: 'claude-sonnet-4-5', 'user.id': 'u1' };
  const timeNs = ns(T0 + i);
  return encodeRequest(
    'metrics',
    metricsRequest({
      metrics: [
        { name: 'claude_code.cost.usage', points: [{ attrs, timeNs, value: 0.016875 + i * 1e-6 }] },
        { name: 'claude_code.token.usage', points: [{ attrs: { ...attrs, type: 'input' }, timeNs, value: 1200 + i }, { attrs: { ...attrs, type: 'output' }, timeNs, value: 80 }] },
      ],
    }),
    encoding,
  );
}

/** One Claude Code-like events export: an api_request of `session`. */
export function logsBody(session: string, i: number, encoding: 'protobuf' | 'json' = 'protobuf'): Buffer {
  return encodeRequest(
    'logs',
    logsRequest({
      records: [
        {
          eventName: 'api_request',
          timeNs: ns(T0 + i),
          attrs: { 'session.id': session, 'event.sequence': i, model: 'claude-sonnet-4-5', input_tokens: 1200, output_tokens: 80, cost_usd: 0.016875, duration_ms: 900 },
        },
      ],
    }),
    encoding,
  );
}

export async function post(url: string, signal: 'metrics' | 'logs', body: Buffer, encoding: 'protobuf' | 'json' = 'protobuf'): Promise<number> {
  const res = await fetch(`${url}/v1/${signal}`, { method: 'POST', headers: { 'Content-Type': encoding === 'json' ? 'application/json' : 'application/x-protobuf' }, body });
  await res.arrayBuffer();
  return res.status;
}

export interface Gate {
  url: string;
  /** Requests the gate has seen (forwarded or refused). */
  seen: number;
  /** Requests it holds unanswered right now. */
  held: number;
  /** How the next requests are answered. */
  mode: 'pass' | 'hold' | { status: number; retryAfter?: string };
  /** Answer every held request (passing it on). */
  release(): void;
  close(): Promise<void>;
}

/** An OTLP/HTTP proxy in front of `upstream` that can answer errors or hold requests instead. */
export async function startGate(upstream: string): Promise<Gate> {
  const held: (() => void)[] = [];
  const pass = (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) => {
    const out = http.request(`${upstream}${req.url}`, { method: 'POST', headers: { 'content-type': req.headers['content-type'], 'content-encoding': req.headers['content-encoding'] ?? 'identity' } }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/x-protobuf' });
        res.end(Buffer.concat(chunks));
      });
    });
    out.on('error', () => res.writeHead(502).end());
    out.end(body);
  };
  const gate: Gate = {
    url: '',
    seen: 0,
    held: 0,
    mode: 'pass',
    release() {
      for (const go of held.splice(0)) go();
      gate.held = 0;
    },
    close: () =>
      new Promise((resolve) => {
        gate.release();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      gate.seen++;
      const body = Buffer.concat(chunks);
      const mode = gate.mode;
      if (mode === 'pass') return pass(req, body, res);
      if (mode === 'hold') {
        gate.held++;
        held.push(() => pass(req, body, res));
        return;
      }
      res.writeHead(mode.status, { 'content-type': 'application/json', ...(mode.retryAfter ? { 'retry-after': mode.retryAfter } : {}) });
      res.end(JSON.stringify({ code: 14, message: `gate says ${mode.status}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gate.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return gate;
}
