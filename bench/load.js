// Closed-loop load: `concurrency` requests in flight for `seconds`, counting completions.
// `nextBody()` gives each request its body (see freshBodies: new data every time).
import http from 'node:http';
import * as grpc from '@grpc/grpc-js';

export async function httpLoad({ port, path, contentType, nextBody, concurrency, seconds }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let done = 0;
  let failed = 0;
  const deadline = Date.now() + seconds * 1000;
  const one = (body) =>
    new Promise((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'Content-Type': contentType, 'Content-Length': body.length } }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) done++;
          else failed++;
          resolve();
        });
      });
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end(body);
    });
  const worker = async () => {
    while (Date.now() < deadline) await one(nextBody());
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (Date.now() - started) / 1000;
  agent.destroy();
  return { perSecond: done / elapsed, done, failed };
}

export async function grpcLoad({ port, path, nextBody, concurrency, seconds }) {
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const pass = (b) => b;
  let done = 0;
  let failed = 0;
  const deadline = Date.now() + seconds * 1000;
  const one = (body) =>
    new Promise((resolve) =>
      client.makeUnaryRequest(path, pass, pass, body, (err) => {
        if (err) failed++;
        else done++;
        resolve();
      }),
    );
  const worker = async () => {
    while (Date.now() < deadline) await one(nextBody());
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (Date.now() - started) / 1000;
  client.close();
  return { perSecond: done / elapsed, done, failed };
}
