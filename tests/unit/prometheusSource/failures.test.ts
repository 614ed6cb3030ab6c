// A Prometheus that is down, refuses, is slow, answers garbage or holds no Claude Code metrics:
// `cc-top --once --prometheus URL` says so in one line naming the server (never its password) and
// the status, and exits 1.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import type { CommandIO } from '../../../src/commands/io.js';
import { freePort } from '../../e2e/harness/prometheus.js';

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), stdoutStream: {}, env, clock: Date.now };
  return { io: value, out, err };
}

let server: Server | undefined;
const held: ServerResponse[] = [];
afterEach(async () => {
  for (const res of held.splice(0)) res.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A server answering every request with `handler`; its URL. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

async function once(url: string, env: NodeJS.ProcessEnv = {}, ...args: string[]) {
  const run = io(env);
  const code = await main(['--once', '--json', '--prometheus', url, ...args], run.io);
  return { code, err: run.err.join('\n'), out: run.out.join('\n') };
}

describe('a Prometheus that cannot answer', () => {
  it('down: names the server and what happened', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const r = await once(url);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^cc-top: Prometheus at ${url} cannot be reached \\(ECONNREFUSED\\)`));
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.out).toBe('');
  });

  it('401: names the status and how to pass credentials, and never prints the password', async () => {
    const url = await serve((req, res) => {
      res.writeHead(req.headers.authorization === 'Bearer right' ? 200 : 401, { 'content-type': 'text/plain' });
      res.end('Unauthorized');
    });
    const r = await once(url.replace('http://', 'http://me:s3cret@'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Prometheus at http:\/\/127\.0\.0\.1:\d+ answered 401 Unauthorized: it needs credentials. Pass --prometheus-header/);
    expect(r.err).not.toContain('s3cret');
  });

  it('sends user:password from the URL as Basic credentials', async () => {
    const url = await serve((req, res) => {
      const ok = req.headers.authorization === `Basic ${Buffer.from('me:s3cr t').toString('base64')}`;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', data: [] }));
    });
    const r = await once(url.replace('http://', 'http://me:s3cr%20t@'));
    // Let in: the next thing said is that it holds no Claude Code metrics.
    expect(r.err).toMatch(/holds no Claude Code metrics/);
    expect(r.err).not.toContain('s3cr');
  });

  it('403 and 500: the status, and whose side failed', async () => {
    let status = 403;
    const url = await serve((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'error', errorType: 'internal', error: 'boom' }));
    });
    expect((await once(url)).err).toMatch(/answered 403 Forbidden \(internal: boom\): the credentials given may not read it/);
    status = 500;
    const r = await once(url);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/could not run a query \(500 internal: boom\)|answered 500/);
  });

  it('slow: gives up after the timeout and says so', async () => {
    const url = await serve((_req, res) => void held.push(res));
    const r = await once(url, { CC_TOP_PROMETHEUS_TIMEOUT_MS: '300' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Prometheus at http:\/\/127\.0\.0\.1:\d+ did not answer within 0\.3 s/);
  });

  it('garbage: an answer that is not the Prometheus API is named as such', async () => {
    let body = '<html>Grafana login</html>';
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(body);
    });
    expect((await once(url)).err).toMatch(/answered something that is not the Prometheus HTTP API \(not JSON: "<html>Grafana login<\/html>"\)/);
    body = JSON.stringify({ status: 'success', data: [1, 2] });
    const r = await once(url);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not the Prometheus HTTP API \(data\[0\]: Invalid type: Expected string but received 1\)/);
  });

  it('no Claude Code metrics: one line says which names were looked for', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', data: ['up', 'node_cpu_seconds_total'] }));
    });
    const r = await once(url);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/holds no Claude Code metrics: looked for claude_code_cost_usage_total, claude_code_cost_usage_USD_total, .*claude_code_token_usage_tokens_total/);
    expect(r.err.split('\n')).toHaveLength(1);
  });

  it('sends --prometheus-header on every request', async () => {
    const seen: (string | undefined)[] = [];
    const url = await serve((req, res) => {
      seen.push(req.headers['x-scope-orgid'] as string | undefined);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', data: [] }));
    });
    await once(url, {}, '--prometheus-header', 'X-Scope-OrgID=team-7');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((h) => h === 'team-7')).toBe(true);
  });

  it('rejects a URL or a header that is not one, as a usage error', async () => {
    expect((await once('localhost:9090')).code).toBe(2);
    const r = await once('http://127.0.0.1:1', {}, '--prometheus-header', 'no-equals-sign');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--prometheus-header takes KEY=VALUE/);
  });
});
