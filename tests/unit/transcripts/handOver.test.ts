// `cc-top import` while a live cc-top holds the store: the import is handed to it (a batch file
// in imports/, applied through its Store, answered, cleaned up), so neither side's data is lost
// or counted twice; a holder that never takes it gets it taken back, with a clear message.
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImportCommand } from '../../../src/commands/import.js';
import type { CommandIO } from '../../../src/commands/io.js';
import { selectSummary } from '../../../src/report/summary.js';
import { startService, type Service } from '../../../src/service.js';
import { acquireLock, type StoreLock } from '../../../src/store/lock.js';
import { JsonFileAdapter } from '../../../src/store/persistence.js';
import { costSample } from '../../builders/samples.js';
import { assistantLine, costStateLine, sessionPath, totalsOf, writeLines } from '../../builders/transcripts.js';

const S1 = '11111111-1111-4111-8111-111111111111';
const LIVE = '33333333-3333-4333-8333-333333333333';

let dir: string;
let storePath: string;
let service: Service | undefined;
let lock: StoreLock | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cc-top-handover-'));
  storePath = join(dir, 'data', 'store.json');
});

afterEach(async () => {
  await service?.stop();
  await lock?.release();
  service = undefined;
  lock = undefined;
});

async function importNow(claimTimeoutMs?: number): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), stdoutStream: {}, env: { ...process.env, NO_COLOR: '1' }, clock: Date.now };
  const code = await runImportCommand(['--from', join(dir, 'claude'), '--store', storePath], io, undefined, claimTimeoutMs ? { claimTimeoutMs } : {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('import while a live cc-top holds the store', () => {
  it('is applied by the live cc-top, next to the telemetry it receives, each counted once', async () => {
    service = await startService({ host: '127.0.0.1', grpcPort: 0, httpPort: 0, storePath, keepPrompts: false, onMessage: () => undefined });
    const now = Date.now();
    service.store.ingestMetrics({ samples: [costSample(0.5, { sessionId: LIVE, timeMs: now - 60_000 })], unknown: [], rejected: [], foreign: 0, originals: new Map() });
    await writeLines(sessionPath(join(dir, 'claude', 'projects'), S1), [
      assistantLine(S1, { time: now - 3_600_000, messageId: 'm1', requestId: 'r1' }),
      costStateLine(S1, { 'claude-sonnet-4-5': totalsOf(1, 0.02) }),
    ]);
    const r = await importNow();
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^cc-top import: 1 session over 1 day .*: \$0\.0200; \$0\.0200 exact/);
    // In the live store at once, and on disk (the live cc-top wrote it before answering).
    expect(selectSummary(service.store.state, 'all', Date.now()).totals.costUsd).toBe(0.52);
    expect(selectSummary((await new JsonFileAdapter(storePath).read())!, 'all', Date.now()).totals.costUsd).toBe(0.52);
    // Nothing left behind but the marks.
    expect(await readdir(join(dir, 'data', 'imports'))).toEqual(['store.json.marks.json']);
    // Again: nothing new, nothing counted twice.
    expect((await importNow()).out).toMatch(/nothing new; 1 session up to date/);
    expect(selectSummary(service.store.state, 'all', Date.now()).totals.costUsd).toBe(0.52);
  });

  it('is taken back when the holder never takes it, and says what to do', async () => {
    lock = await acquireLock(storePath, { host: '127.0.0.1', grpcPort: 1, httpPort: 2 });
    await writeLines(sessionPath(join(dir, 'claude', 'projects'), S1), [assistantLine(S1, { time: Date.now() - 60_000, messageId: 'm1', requestId: 'r1' })]);
    const r = await importNow(300);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/did not take the import within 0.3 s: it may be an older cc-top\. Restart it \(or stop it\), then run cc-top import again\. Nothing was imported\./);
    expect((await readdir(join(dir, 'data', 'imports'))).filter((n) => n.includes('.batch.'))).toEqual([]);
  });
});
