// Faults a monitor that runs all day meets: killed mid-write, stopped mid-traffic, started twice
// on one store, pointed at a store it cannot create.
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { encodeRequest, metricsRequest, postOtlp } from '../builders/otlpRequest.js';
import { CC_TOP_BIN, runOnce, startCcTop, type CcTop } from './harness/ccTop.js';
import { REPO_ROOT } from './harness/claudeCli.js';

const run = promisify(execFile);

async function tempStore(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'cc-top-faults-')), 'store.json');
}

/** One distinct delta point of input tokens per request, so every accepted request adds `units`. */
function tokenRequest(i: number, units: number): Buffer {
  const timeNs = `${Date.now()}${String(i % 1_000_000).padStart(6, '0')}`;
  return encodeRequest(
    'metrics',
    metricsRequest({ metrics: [{ name: 'claude_code.token.usage', points: [{ attrs: { 'session.id': `fault-${i % 7}`, type: 'input', model: 'm', seq: i }, timeNs, value: units }] }] }),
    'protobuf',
  );
}

/** Send requests until `stop()` is called; resolves with the units of those answered 200. */
function pump(ccTop: CcTop): { stop: () => Promise<number>; sent: () => number } {
  let acknowledged = 0;
  let running = true;
  let i = 0;
  const worker = async () => {
    while (running) {
      const n = i++;
      try {
        const res = await postOtlp(ccTop.httpEndpoint, 'metrics', tokenRequest(n, 10), { contentType: 'application/x-protobuf' });
        if (res.status === 200) acknowledged += 10;
      } catch {
        // The server went away mid-request: not acknowledged, not counted.
      }
    }
  };
  const workers = [worker(), worker(), worker()];
  return {
    sent: () => acknowledged,
    stop: async () => {
      running = false;
      await Promise.all(workers);
      return acknowledged;
    },
  };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('faults', { timeout: 120_000 }, () => {
  it('SIGTERM in the middle of traffic: everything acknowledged is in the store', async () => {
    const store = await tempStore();
    const ccTop = await startCcTop({ store });
    const traffic = pump(ccTop);
    await until(() => traffic.sent() >= 2_000);
    const stopped = ccTop.stop('SIGTERM');
    const acknowledged = await traffic.stop();
    expect((await stopped).code).toBe(0);
    expect((await runOnce(store)).totals.tokens.input).toBe(acknowledged);
  });

  it('SIGTERM the moment it says it listens: a clean stop, every time', async () => {
    // Regression: work added between the start line and the signal handlers let an early
    // SIGTERM kill the process outright (exit by signal, store not flushed).
    for (let i = 0; i < 5; i++) {
      const store = join(await mkdtemp(join(tmpdir(), 'cc-top-early-term-')), 'store.json');
      const ccTop = await startCcTop({ store });
      const stopped = await ccTop.stop('SIGTERM');
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(stopped.stdout).toContain('stopped (SIGTERM)');
    }
  });

  it('the same stop signal delivered twice at once (Ctrl-C under npm run): still a clean stop that writes the store', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const store = await tempStore();
      const ccTop = await startCcTop({ store });
      // Just sent: the store's debounced write has not happened yet, so only the stop writes it.
      expect((await postOtlp(ccTop.httpEndpoint, 'metrics', tokenRequest(1, 42), { contentType: 'application/x-protobuf' })).status).toBe(200);
      const stopped = await ccTop.stop(signal, 2);
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(stopped.stdout).toContain(`stopped (${signal}); store saved`);
      expect((await runOnce(store)).totals.tokens.input).toBe(42);
    }
  });

  it('kill -9 during writes: the store still parses and a restart continues from it', async () => {
    const store = await tempStore();
    const ccTop = await startCcTop({ store });
    const traffic = pump(ccTop);
    // Kill without warning once a debounced write has reached the disk under load.
    const onDisk = async () => ((JSON.parse(await readFile(store, 'utf8').catch(() => '{}')) as { totals?: { counters?: { tokIn?: number } } }).totals?.counters?.tokIn ?? 0) > 0;
    await until(async () => traffic.sent() >= 3_000 && (await onDisk()));
    await ccTop.stop('SIGKILL');
    const acknowledged = await traffic.stop();
    const parsed = JSON.parse(await readFile(store, 'utf8')) as { schemaVersion: number; totals: { counters: { tokIn?: number } } };
    expect(parsed.schemaVersion).toBe(2);
    const kept = parsed.totals.counters.tokIn ?? 0;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(acknowledged);

    // The killed process left its lock behind; a new cc-top takes it over and carries on.
    const again = await startCcTop({ store });
    const res = await postOtlp(again.httpEndpoint, 'metrics', tokenRequest(10_000_000, 7), { contentType: 'application/x-protobuf' });
    expect(res.status).toBe(200);
    expect((await again.stop()).code).toBe(0);
    expect((await runOnce(store)).totals.tokens.input).toBe(kept + 7);
  });

  it('a second cc-top on the same store refuses with a message naming the first, and exits 1', async () => {
    const store = await tempStore();
    const first = await startCcTop({ store });
    try {
      const second = await run(process.execPath, [CC_TOP_BIN, '--headless', '--store', store, '--grpc-port', '0', '--http-port', '0'], { cwd: REPO_ROOT }).catch(
        (e: { code: number; stderr: string }) => e,
      );
      expect((second as { code: number }).code).toBe(1);
      expect((second as { stderr: string }).stderr).toMatch(/the store .* is in use by another cc-top \(pid \d+, listening on 127\.0\.0\.1 grpc \d+ \/ http \d+\)/);
      expect((second as { stderr: string }).stderr).not.toMatch(/\n\s+at /);
    } finally {
      await first.stop();
    }
  });

  it('a store path it cannot create: exit 1 naming the path and the fix, no stack trace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cc-top-faults-'));
    await writeFile(join(dir, 'file'), 'not a folder');
    const store = join(dir, 'file', 'store.json');
    const result = await run(process.execPath, [CC_TOP_BIN, '--headless', '--store', store, '--grpc-port', '0', '--http-port', '0'], { cwd: REPO_ROOT }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((result as { code: number }).code).toBe(1);
    expect((result as { stderr: string }).stderr).toContain(`cannot create the store ${store}`);
    expect((result as { stderr: string }).stderr).toMatch(/pass --store PATH/);
    expect((result as { stderr: string }).stderr).not.toMatch(/\n\s+at /);
  });

  it('a disk that fills (or a folder that becomes read-only) while it runs: the stop says the last data is lost, exit 1, the last good store kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cc-top-faults-'));
    const asRoot = process.getuid?.() === 0;
    // As root, a real 256 KiB tmpfs that the test fills up; otherwise a folder made read-only
    // (root ignores permissions, a full disk stops everyone).
    const folder = join(dir, 'store');
    await mkdir(folder, { mode: 0o700 });
    if (asRoot) await run('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0700', 'tmpfs', folder]);
    try {
      const store = join(folder, 'store.json');
      const ccTop = await startCcTop({ store });
      expect((await postOtlp(ccTop.httpEndpoint, 'metrics', tokenRequest(1, 5), { contentType: 'application/x-protobuf' })).status).toBe(200);
      await until(async () => (await readFile(store, 'utf8').catch(() => '')).includes('"tokIn":5'));
      const good = await readFile(store, 'utf8');
      if (asRoot) await writeFile(join(folder, 'filler'), Buffer.alloc(256 * 1024)).catch(() => undefined);
      else await chmod(folder, 0o500);
      expect((await postOtlp(ccTop.httpEndpoint, 'metrics', tokenRequest(2, 7), { contentType: 'application/x-protobuf' })).status).toBe(200);
      const stopped = await ccTop.stop('SIGTERM');
      expect(stopped.code).toBe(1);
      expect(stopped.stderr).toMatch(/cannot write the store .*the data since the last successful write is lost/);
      expect(stopped.stdout).not.toMatch(/store saved/);
      // The last good store is what is there (what it held when the disk filled).
      const kept = JSON.parse(await readFile(store, 'utf8')) as { totals: { counters: { tokIn?: number } } };
      expect(kept.totals.counters.tokIn).toBe((JSON.parse(good) as typeof kept).totals.counters.tokIn);
    } finally {
      if (asRoot) await run('umount', [folder]).catch(() => undefined);
      else await chmod(folder, 0o700).catch(() => undefined);
    }
  });

  it('a stop with nothing received says there was nothing to save', async () => {
    const ccTop = await startCcTop({ store: await tempStore() });
    const stopped = await ccTop.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toMatch(/nothing new to save/);
  });
});
