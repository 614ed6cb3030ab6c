// `cc-top doctor` on forwarding: what config.json asks, what the running cc-top reports, and
// whether the upstream takes a request from here with the configured headers.
import http from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runDoctor } from '../../../src/commands/doctor.js';
import type { CommandIO } from '../../../src/commands/io.js';
import { parseForwardTarget } from '../../../src/forward/target.js';
import { startService, type Service } from '../../../src/service.js';

const WAIT = { timeout: 15_000, interval: 50 };

let dir: string;
const services: Service[] = [];
const servers: http.Server[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cc-top-doctor-forward-'));
});
afterEach(async () => {
  for (const s of services.splice(0)) await s.stop();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  await rm(dir, { recursive: true, force: true });
});

async function service(name: string, forward?: string): Promise<Service> {
  const s = await startService({
    host: '127.0.0.1',
    grpcPort: 0,
    httpPort: 0,
    storePath: join(dir, name, 'store.json'),
    keepPrompts: false,
    ...(forward ? { forward: { target: parseForwardTarget({ url: forward }), queueBytes: 1 << 20, backoff: { initialMs: 20, maxMs: 100 } } } : {}),
    onMessage: () => undefined,
  });
  services.push(s);
  return s;
}

/** An HTTP server answering every request with `status`, recording the headers it got. */
async function answering(status: number, seen: http.IncomingHttpHeaders[] = []): Promise<string> {
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 16, message: 'who are you?' })));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

async function doctor(store: string, config?: unknown) {
  const configFile = join(dir, 'config.json');
  if (config !== undefined) await writeFile(configFile, JSON.stringify(config));
  const out: string[] = [];
  const io: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => out.push(l), stdoutStream: { isTTY: false }, env: { HOME: dir, CC_TOP_CONFIG: configFile }, clock: Date.now };
  await runDoctor(['--store', store, '--json'], io, { managedSettingsDir: join(dir, 'no-managed'), sleep: async () => undefined });
  const report = JSON.parse(out.join('\n')) as { checks: { id: string; status: string; detail: string; fix?: string }[] };
  return report.checks.find((c) => c.id === 'forward');
}

const post = (s: Service) => fetch(`http://127.0.0.1:${s.receiver.http.port}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"resourceLogs":[]}' });

describe('doctor on forwarding', () => {
  it('has nothing to say when nothing forwards', async () => {
    const local = await service('local');
    expect(await doctor(join(dir, 'local', 'store.json'))).toBeUndefined();
    expect(local.forwarder).toBeUndefined();
  });

  it('reports a working forward, and that the upstream takes requests from here', async () => {
    const upstream = await service('up');
    const url = `http://127.0.0.1:${upstream.receiver.http.port}`;
    const local = await service('local', url);
    expect((await post(local)).status).toBe(200);
    await vi.waitFor(() => expect(local.forwarder!.status().sent).toBe(1), WAIT);
    await vi.waitFor(async () => expect(await doctor(join(dir, 'local', 'store.json'), { forward: { url } })).toMatchObject({ status: 'ok', detail: expect.stringMatching(new RegExp(`${url} \\(http/protobuf\\): delivering · 1 sent .*; ${url} takes requests from here`)) }), WAIT);
  });

  it('warns while the upstream is down, with the error and how long requests wait', async () => {
    const down = await answering(503);
    await new Promise((r) => servers.pop()!.close(r));
    const local = await service('local', down);
    expect((await post(local)).status).toBe(200);
    await vi.waitFor(async () => {
      const check = await doctor(join(dir, 'local', 'store.json'));
      expect(check).toMatchObject({ status: 'warn', detail: expect.stringContaining('retrying') });
      expect(check!.detail).toContain('last error: connection refused');
      expect(check!.fix).toContain('until then requests wait (up to 1.0 MiB, then the oldest are dropped)');
    }, WAIT);
  });

  it('fails when the upstream refuses the configured credentials, and sends them', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const url = await answering(401, seen);
    const check = await doctor(join(dir, 'nothing', 'store.json'), { forward: { url, headers: { authorization: 'Bearer old' } } });
    expect(check).toMatchObject({ status: 'fail', detail: expect.stringContaining(`did not take a request from here: HTTP 401: who are you?; check the --forward-header credentials`) });
    expect(seen[0]).toMatchObject({ authorization: 'Bearer old', 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
  });

  it('fails on a forward URL in config.json it cannot use, naming the file', async () => {
    const check = await doctor(join(dir, 'nothing', 'store.json'), { forward: { url: 'collector:4318/v1/metrics' } });
    expect(check).toMatchObject({ status: 'fail', detail: expect.stringContaining(join(dir, 'config.json')) });
  });

  it('warns when config.json forwards but the running cc-top does not (started before it was set)', async () => {
    const upstream = await service('up');
    await service('local');
    const check = await doctor(join(dir, 'local', 'store.json'), { forward: { url: `http://127.0.0.1:${upstream.receiver.http.port}` } });
    expect(check).toMatchObject({ status: 'warn', detail: expect.stringContaining('but the running cc-top does not'), fix: expect.stringContaining('restart cc-top') });
  });
});
