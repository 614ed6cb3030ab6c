// `cc-top doctor` in each state a user meets, against a real running cc-top service.
import { createServer, type Server } from 'node:net';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../../src/commands/doctor.js';
import type { CommandIO } from '../../../src/commands/io.js';
import { startService, type Service } from '../../../src/service.js';
import { telemetryEnv, type OtlpProtocol } from '../../../src/setup/telemetryEnv.js';
import { freePort } from '../../builders/freePort.js';

let home: string;
let storePath: string;
let service: Service | undefined;
let blocker: Server | undefined;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'cc-top-doctor-'));
  storePath = join(home, 'data', 'store.json');
});
afterEach(async () => {
  await service?.stop();
  service = undefined;
  await new Promise((r) => (blocker ? blocker.close(r) : r(undefined)));
  blocker = undefined;
  await rm(home, { recursive: true, force: true });
});

function fakeIO(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const io: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => out.push(l), stdoutStream: { isTTY: false }, env: { HOME: home, ...env }, clock: Date.now };
  return { io, text: () => out.join('\n') };
}

async function start() {
  service = await startService({ host: '127.0.0.1', grpcPort: 0, httpPort: 0, storePath, keepPrompts: false, onMessage: () => {} });
  return { grpcPort: service.receiver.grpc.port, httpPort: service.receiver.http.port };
}

async function writeSettings(env: Record<string, string>) {
  await mkdir(join(home, '.claude'), { recursive: true });
  await writeFile(join(home, '.claude', 'settings.json'), JSON.stringify({ theme: 'dark', env }, null, 2));
}

async function sendClaudeData(httpPort: number) {
  for (const [signal, file] of [['metrics', 'metrics-edit-commit.pb'], ['logs', 'logs-edit-commit.pb']]) {
    const body = await readFile(new URL(`../../fixtures/${file}`, import.meta.url));
    const res = await fetch(`http://127.0.0.1:${httpPort}/v1/${signal}`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
    expect(res.status).toBe(200);
  }
}

const noWait = { sleep: () => new Promise<void>((r) => setTimeout(r, 50)) };

describe('cc-top doctor', () => {
  it.each(['http/protobuf', 'http/json', 'grpc'] as OtlpProtocol[])('all good over %s: every check passes, the probe arrives, exit 0', async (protocol) => {
    const ports = await start();
    await writeSettings(telemetryEnv({ protocol, host: '127.0.0.1', ...ports }));
    await sendClaudeData(ports.httpPort);
    await service!.store.flush();
    const { io, text } = fakeIO();
    const code = await runDoctor(['--store', storePath], io, noWait);
    expect(text()).not.toContain('✗');
    expect(text()).toContain(`held by cc-top (pid ${process.pid}) with this store`);
    expect(text()).toMatch(new RegExp(`End-to-end probe\\s+${protocol.replace('/', '\\/')} to http://127\\.0\\.0\\.1:\\d+.* arrived in this store`));
    expect(text()).toContain('latest sessions:');
    expect(code).toBe(0);
    // The probe counted in no figure.
    expect(service!.store.state.probes).toHaveLength(1);
    expect(service!.store.state.sessionsSeen).toBe(1);
  });

  it('no settings: fails naming cc-top setup, probe not sent', async () => {
    await start();
    const { io, text } = fakeIO();
    expect(await runDoctor(['--store', storePath], io, noWait)).toBe(1);
    expect(text()).toMatch(/✗ Claude Code settings .*does not exist.* has no "env" block/);
    expect(text()).toContain('run `cc-top setup`');
    expect(text()).toMatch(/✗ End-to-end probe\s+not sent/);
  });

  it('cc-top not running: ports free, the probe finds nobody', async () => {
    const [grpcPort, httpPort] = [await freePort(), await freePort()];
    await writeSettings(telemetryEnv({ protocol: 'http/protobuf', host: '127.0.0.1', grpcPort, httpPort }));
    const { io, text } = fakeIO();
    expect(await runDoctor(['--store', storePath, '--grpc-port', String(grpcPort), '--http-port', String(httpPort)], io, noWait)).toBe(1);
    expect(text()).toMatch(new RegExp(`! HTTP port ${httpPort}\\s+free: no cc-top is running on it`));
    expect(text()).toContain(`✗ End-to-end probe      not delivered: http://127.0.0.1:${httpPort}/v1/logs: connection refused`);
  });

  it('a port held by something else', async () => {
    blocker = createServer(() => {});
    await new Promise<void>((r) => blocker!.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const { io, text } = fakeIO();
    expect(await runDoctor(['--store', storePath, '--http-port', String(port)], io, noWait)).toBe(1);
    expect(text()).toMatch(new RegExp(`✗ HTTP port ${port}\\s+in use by another process`));
    expect(text()).toContain(`--http-port N`);
  });

  it('settings pointing at the wrong port, and a shell variable sending logs elsewhere', async () => {
    const ports = await start();
    await writeSettings(telemetryEnv({ protocol: 'http/protobuf', host: '127.0.0.1', grpcPort: ports.grpcPort, httpPort: ports.grpcPort }));
    const { io, text } = fakeIO({ OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://collector.internal:4318/v1/logs' });
    expect(await runDoctor(['--store', storePath], io, noWait)).toBe(1);
    expect(text()).toContain(`is port ${ports.grpcPort}, but cc-top's HTTP port is ${ports.httpPort} (the protocol and the port do not match)`);
    expect(text()).toMatch(/! This shell\s+OTEL_EXPORTER_OTLP_LOGS_ENDPOINT=http:\/\/collector\.internal:4318\/v1\/logs sends logs elsewhere/);
  });

  it('a corrupt store is reported with its fix; --json carries every check', async () => {
    await mkdir(join(home, 'data'), { recursive: true });
    await writeFile(storePath, '{"version": 1, "tot');
    const { io, text } = fakeIO();
    expect(await runDoctor(['--store', storePath, '--json'], io, noWait)).toBe(1);
    const report = JSON.parse(text()) as { ok: boolean; checks: { id: string; status: string; fix?: string }[] };
    expect(report.ok).toBe(false);
    expect(report.checks.map((c) => c.id)).toEqual(['node', 'port-grpc', 'port-http', 'metrics', 'settings', 'interval', 'shell', 'prompts', 'config', 'store', 'data', 'service', 'probe']);
    expect(report.checks.find((c) => c.id === 'store')).toMatchObject({ status: 'fail', fix: expect.stringContaining('moves the file aside') });
    for (const c of report.checks.filter((c) => c.status !== 'ok')) expect(c.fix).toBeTruthy();
  });

  it('usage errors exit 2', async () => {
    const { io, text } = fakeIO();
    expect(await runDoctor(['--http-port', 'x'], io)).toBe(2);
    expect(text()).toContain('--http-port must be a port number');
  });
});

describe('doctor on cc-top\'s own config and prompt text', () => {
  it('lists a config.json warning once, with the file to edit, and says whether prompt text can arrive', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { configCheck, promptTextCheck } = await import('../../../src/doctor/configChecks.js');
    const dir = await mkdtemp(join(tmpdir(), 'cc-top-doctor-config-'));
    try {
      const path = join(dir, 'config.json');
      await writeFile(path, JSON.stringify({ budgets: { dayUsd: -1 } }));
      const check = await configCheck({ CC_TOP_CONFIG: path, PATH: '' });
      expect(check.status).toBe('warn');
      expect(check.detail).toMatch(/budgets\.dayUsd/);
      expect(check.fix).toContain(path);
      expect(promptTextCheck({ OTEL_LOG_USER_PROMPTS: '1' }, {}).detail).toMatch(/sends prompt text/);
      expect(promptTextCheck(undefined, {}).detail).toMatch(/OTEL_LOG_USER_PROMPTS is not 1.*even with --keep-prompts/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
