// Many requests at once, on kept-alive and new connections: each gets exactly its own answer,
// also when the receiver closes right after answering.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LARGE_REQUEST_BYTES } from '../../src/otlp/largeRequestLane.js';
import type { ExportConsumer, RequestBySignal } from '../../src/otlp/types.js';
import { startLiveReceiver, type LiveReceiver } from './liveReceiver.js';

/** Rejects as many points as the request's metric name says ("boom" throws). */
const consumer: ExportConsumer = (signal, request) => {
  const name = (request as RequestBySignal['metrics']).resourceMetrics?.[0]?.scopeMetrics?.[0]?.metrics?.[0]?.name ?? '0';
  if (name === 'boom') throw new Error('boom');
  return { rejected: Number(name) };
};

const body = (name: string) => JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name }] }] }] });

function post(agent: http.Agent, url: string, payload: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/v1/metrics`, { method: 'POST', agent, headers: { 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('answers to concurrent requests', () => {
  let live: LiveReceiver;
  beforeAll(async () => {
    live = await startLiveReceiver({ consumer });
  });
  afterAll(async () => {
    await live.close();
  });

  it('gives each of many concurrent requests its own answer, on kept-alive and new connections', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    try {
      const counts = Array.from({ length: 60 }, (_, i) => (i * 7) % 13);
      const replies = await Promise.all(counts.map((n) => post(agent, live.httpUrl, body(String(n)))));
      replies.forEach((reply, i) => {
        expect(reply.status).toBe(200);
        const n = counts[i]!;
        expect(JSON.parse(reply.body)).toEqual(n === 0 ? {} : { partialSuccess: { rejectedDataPoints: String(n) } });
      });
    } finally {
      agent.destroy();
    }
  });

  it('a request that fails among others gets its error and the others their answers', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    try {
      const names = ['3', 'boom', '5', '0', 'boom', '2'];
      const replies = await Promise.all(names.map((n) => post(agent, live.httpUrl, body(n))));
      expect(replies.map((r) => r.status)).toEqual([200, 500, 200, 200, 500, 200]);
      expect(JSON.parse(replies[1]!.body).message).toMatch(/boom/);
      expect(JSON.parse(replies[2]!.body)).toEqual({ partialSuccess: { rejectedDataPoints: '5' } });
    } finally {
      agent.destroy();
    }
  });

  it('answers a request already handled when the receiver closes in the same turn', async () => {
    let closing: Promise<void> | undefined;
    const closer = await startLiveReceiver({
      consumer: () => {
        // Close in the turn that handles this request, before its answer can reach the client.
        queueMicrotask(() => void (closing = closer.close()));
        return { rejected: 4 };
      },
    });
    const agent = new http.Agent({ keepAlive: true });
    try {
      const reply = await post(agent, closer.httpUrl, body('0'));
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body)).toEqual({ partialSuccess: { rejectedDataPoints: '4' } });
    } finally {
      agent.destroy();
      await closing;
    }
  });

  it('takes large requests one at a time, and answers a small one while a large one is being applied', async () => {
    const entered: string[] = [];
    let releaseA!: () => void;
    const gateA = new Promise<void>((resolve) => (releaseA = resolve));
    let aEntered!: () => void;
    const aIn = new Promise<void>((resolve) => (aEntered = resolve));
    const lane = await startLiveReceiver({
      consumer: async (_signal, request) => {
        const name = (request as RequestBySignal['metrics']).resourceMetrics?.[0]?.scopeMetrics?.[0]?.metrics?.[0]?.name ?? '';
        entered.push(name);
        if (name === 'A') {
          aEntered();
          await gateA;
        }
        return { rejected: 0 };
      },
    });
    // Past LARGE_REQUEST_BYTES: a long attribute on the resource.
    const large = (name: string) =>
      JSON.stringify({ resourceMetrics: [{ resource: { attributes: [{ key: 'pad', value: { stringValue: 'x'.repeat(LARGE_REQUEST_BYTES) } }] }, scopeMetrics: [{ metrics: [{ name }] }] }] });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    try {
      const a = post(agent, lane.httpUrl, large('A'));
      await aIn;
      const b = post(agent, lane.httpUrl, large('B'));
      const c = await post(agent, lane.httpUrl, body('C'));
      expect(c.status).toBe(200);
      // B waits for A's turn to end; C, small, did not.
      expect(entered).toEqual(['A', 'C']);
      releaseA();
      expect((await a).status).toBe(200);
      expect((await b).status).toBe(200);
      expect(entered).toEqual(['A', 'C', 'B']);
    } finally {
      agent.destroy();
      await lane.close();
    }
  });

  it('finishes and answers a request still being applied when the receiver closes', async () => {
    let entered!: () => void;
    const inConsumer = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let applied = 0;
    const slow = await startLiveReceiver({
      // A large request is applied in slices over several turns: this one takes until the gate opens.
      consumer: async () => {
        entered();
        await gate;
        applied++;
        return { rejected: 2 };
      },
    });
    const agent = new http.Agent({ keepAlive: true });
    try {
      const reply = post(agent, slow.httpUrl, body('0'));
      await inConsumer;
      const closing = slow.close();
      release();
      await closing;
      // Counted and answered: a client told nothing would send it again.
      expect(applied).toBe(1);
      const answer = await reply;
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ partialSuccess: { rejectedDataPoints: '2' } });
    } finally {
      agent.destroy();
    }
  });
});
