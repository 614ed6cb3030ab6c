// OTLP/HTTP to the upstream: POST <base>/v1/<signal>, protobuf, gzip, over kept-alive
// connections; the answer read (bounded) into a SendOutcome.
import http from 'node:http';
import https from 'node:https';
import { gzip } from 'node:zlib';
import type { Signal } from '../otlp/types.js';
import { httpOutcome, parseRetryAfter, type SendOutcome } from './retryPolicy.js';
import type { Sender } from './sender.js';
import { describeNetworkError } from './networkError.js';
import type { ForwardTarget } from './target.js';
import { errorMessageOf, partialSuccessOf } from './upstreamAnswer.js';

/** An answer body longer than this is not read further (an error page, not an OTLP answer). */
const ANSWER_MAX_BYTES = 64 * 1024;

function gzipped(body: Buffer): Promise<Buffer> {
  // zlib runs in the thread pool, off the thread that answers Claude Code.
  return new Promise((resolve, reject) => gzip(body, { level: 1 }, (err, out) => (err ? reject(err) : resolve(out))));
}

export function createHttpSender(target: ForwardTarget, timeoutMs: number, clock: () => number = Date.now): Sender {
  const transport = target.tls ? https : http;
  const agent = new transport.Agent({ keepAlive: true, maxSockets: 4 });
  const requests = new Set<http.ClientRequest>();
  let closed = false;

  const post = (signal: Signal, body: Buffer): Promise<SendOutcome> =>
    new Promise((resolve) => {
      const url = new URL(`${target.address}/v1/${signal}`);
      const req = transport.request(url, {
        method: 'POST',
        agent,
        headers: {
          ...Object.fromEntries(target.headers),
          'content-type': 'application/x-protobuf',
          'content-encoding': 'gzip',
          'content-length': body.byteLength,
          'user-agent': 'cc-top (OTLP forwarding)',
        },
      });
      requests.add(req);
      let settled = false;
      const settle = (outcome: SendOutcome) => {
        if (settled) return;
        settled = true;
        requests.delete(req);
        resolve(outcome);
      };
      req.setTimeout(timeoutMs, () => {
        settle({ kind: 'retry', error: `no answer within ${timeoutMs / 1000} s` });
        req.destroy();
      });
      req.on('error', (err) => settle({ kind: 'retry', error: closed ? 'cc-top stopped before the upstream answered' : describeNetworkError(err) }));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size >= ANSWER_MAX_BYTES) return;
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on('error', (err) => settle({ kind: 'retry', error: describeNetworkError(err) }));
        res.on('end', () => {
          const answer = Buffer.concat(chunks);
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            const warning = partialSuccessOf(signal, answer);
            return settle(warning ? { kind: 'ok', warning } : { kind: 'ok' });
          }
          const retryAfter = parseRetryAfter(res.headers['retry-after'], clock());
          settle(httpOutcome(status, errorMessageOf(answer, res.headers['content-type']), retryAfter));
        });
      });
      req.end(body);
    });

  return {
    async send(signal, body) {
      if (closed) return { kind: 'retry', error: 'cc-top stopped before sending' };
      return post(signal, await gzipped(body));
    },
    close() {
      closed = true;
      for (const req of requests) req.destroy();
      agent.destroy();
    },
  };
}
