// doctor's line for /metrics: off, served and scraped, or not reachable; from the running cc-top's
// lock file, the way `cc-top doctor` finds it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../../src/commands/doctor.js';
import type { CommandIO } from '../../../src/commands/io.js';
import { metricsCheck } from '../../../src/doctor/metricsCheck.js';
import { startService, type Service } from '../../../src/service.js';
import { readLock } from '../../../src/store/lock.js';

let dir: string;
let service: Service | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cc-top-doctor-metrics-'));
});
afterEach(async () => {
  await service?.stop();
  service = undefined;
  await rm(dir, { recursive: true, force: true });
});

const storePath = () => join(dir, 'store.json');
const start = async (metrics?: { port: number; dropLabels: string[] }) =>
  (service = await startService({ host: '127.0.0.1', grpcPort: 0, httpPort: 0, storePath: storePath(), keepPrompts: false, onMessage: () => {}, metrics }));

describe('doctor: Prometheus /metrics', () => {
  it('says where it is served and that a scrape works', async () => {
    const s = await start({ port: 0, dropLabels: [] });
    const check = await metricsCheck(await readLock(storePath()));
    expect(check).toMatchObject({ id: 'metrics', status: 'ok', detail: `served at ${s.metrics!.url} (4 series)` });
    // The whole doctor shows it too.
    const out: string[] = [];
    const io: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => out.push(l), stdoutStream: { isTTY: false }, env: { HOME: dir }, clock: Date.now };
    await runDoctor(['--store', storePath()], io, { sleep: async () => {} });
    expect(out.join('\n')).toMatch(new RegExp(`✓ Prometheus /metrics\\s+served at ${s.metrics!.url.replace(/[.]/g, '\\.')}`));
  });

  it('says it is off when cc-top runs without --metrics-port, and when no cc-top runs', async () => {
    await start();
    expect(await metricsCheck(await readLock(storePath()))).toMatchObject({ status: 'ok', detail: expect.stringContaining('started without --metrics-port') });
    expect(await metricsCheck(undefined)).toMatchObject({ status: 'ok', detail: 'not served: no cc-top is receiving into this store' });
  });

  it('fails, with the fix, when the port it was told is not answering', async () => {
    const s = await start({ port: 0, dropLabels: [] });
    const owner = (await readLock(storePath()))!;
    await s.metrics!.close();
    const check = await metricsCheck(owner);
    expect(check).toMatchObject({ status: 'fail', detail: `${s.metrics!.url} is not reachable (ECONNREFUSED)` });
    expect(check.fix).toContain('--metrics-port');
  });
});
