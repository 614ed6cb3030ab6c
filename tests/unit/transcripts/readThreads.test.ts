// A large import reads on worker threads: the store it leaves is the same as reading on one
// thread. Runs the built command (threads run the compiled worker; `npm test` builds first).
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { othersRunning, THREADS_ENV, THREADS_MIN_BYTES, threadsFor } from '../../../src/transcripts/readThreads.js';
import { assistantLine, costStateLine, sessionPath, subagentPath, totalsOf, writeLines } from '../../builders/transcripts.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'cc-top.js');

async function importWith(threads: string, config: string): Promise<{ summary: unknown; result: { sessionsAdded: number } }> {
  const store = join(await mkdtemp(join(tmpdir(), 'cc-top-threads-store-')), 'store.json');
  const env = { ...process.env, CC_TOP_IMPORT_THREADS: threads };
  const { stdout } = await run(process.execPath, [BIN, 'import', '--from', config, '--store', store, '--json'], { env });
  const once = await run(process.execPath, [BIN, '--once', '--json', '--window', 'all', '--store', store], { env });
  const summary = JSON.parse(once.stdout) as { generatedAt?: string; window?: unknown; burn?: unknown; store?: string };
  // What depends on the moment the report ran, not on the import.
  delete summary.generatedAt;
  delete summary.window;
  delete summary.burn;
  delete summary.store;
  return { summary, result: JSON.parse(stdout) as { sessionsAdded: number } };
}

describe('reading on threads', () => {
  it('leaves the same store as reading on one thread', { timeout: 60_000 }, async () => {
    expect(existsSync(join(ROOT, 'dist', 'transcripts', 'readWorker.js')), 'dist/ is missing: run npm run build (npm test does)').toBe(true);
    const config = await mkdtemp(join(tmpdir(), 'cc-top-threads-'));
    const root = join(config, 'projects');
    const now = Date.now();
    for (let p = 0; p < 4; p++) {
      for (let k = 0; k < 3; k++) {
        const id = `${p}${k}000000-0000-4000-8000-000000000000`;
        const slug = `-home-dev-p${p}`;
        const lines = [0, 1, 2].map((n) => assistantLine(id, { time: now - (p * 3 + k + 1) * 3_600_000 + n * 60_000, messageId: `m${id}${n}`, requestId: `r${n}`, cwd: `/home/dev/p${p}` }));
        if (k !== 2) lines.push(costStateLine(id, { 'claude-sonnet-4-5': totalsOf(3, 0.02) }, { added: 3, removed: 1 }));
        await writeLines(sessionPath(root, id, slug), lines);
        if (k === 0) await writeLines(subagentPath(root, id, 'a', slug), [assistantLine(id, { time: now - (p * 3 + 1) * 3_600_000 + 90_000, messageId: `s${id}`, requestId: 'rs', sidechain: true })]);
      }
    }
    const one = await importWith('0', config);
    const threads = await importWith('3', config);
    expect(one.result.sessionsAdded).toBe(12);
    expect(threads.summary).toEqual(one.summary);
  });

  // A first import starts its threads before it knows how much there is to read: when there is
  // little or nothing, they are let go, and the command ends as soon as it is done.
  it('lets threads started early go when there is little or nothing to read', { timeout: 60_000 }, async () => {
    const empty = await mkdtemp(join(tmpdir(), 'cc-top-threads-empty-'));
    const small = await mkdtemp(join(tmpdir(), 'cc-top-threads-small-'));
    const id = '50000000-0000-4000-8000-000000000000';
    await writeLines(sessionPath(join(small, 'projects'), id, '-home-dev-p'), [assistantLine(id, { time: Date.now() - 3_600_000, messageId: 'm', requestId: 'r' })]);
    const { CC_TOP_IMPORT_THREADS: _forced, ...unforced } = process.env;
    for (const [config, env] of [
      [empty, { ...process.env, CC_TOP_IMPORT_THREADS: '3' }],
      [small, unforced],
    ] as const) {
      const store = join(await mkdtemp(join(tmpdir(), 'cc-top-threads-store-')), 'store.json');
      // A thread left waiting for work would keep the process alive until this timeout kills it.
      const { stdout } = await run(process.execPath, [BIN, 'import', '--from', config, '--store', store, '--json'], { env, timeout: 20_000 });
      expect((JSON.parse(stdout) as { sessionsAdded: number }).sessionsAdded).toBe(config === small ? 1 : 0);
    }
  });
});

describe('threadsFor', () => {
  const big = THREADS_MIN_BYTES * 16;
  it('reads on as many threads as there are cores nothing else is using, up to four', () => {
    expect(threadsFor(big, {}, 2, 0.1)).toBe(2);
    expect(threadsFor(big, {}, 8, 0.5)).toBe(4);
    expect(threadsFor(big, {}, 8, 5)).toBe(3);
  });

  it('reads on this thread alone when fewer than two cores are idle, or there is little to read', () => {
    expect(threadsFor(big, {}, 2, 1)).toBe(0);
    expect(threadsFor(big, {}, 2, 3.5)).toBe(0);
    expect(threadsFor(big, {}, 1, 0)).toBe(0);
    expect(threadsFor(THREADS_MIN_BYTES - 1, {}, 8, 0)).toBe(0);
  });

  // Linux counts the threads that want a core now; this one is not another's work.
  it.runIf(process.platform === 'linux')('sees another process busy on a core', async () => {
    const busy = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
    try {
      let seen = 0;
      for (let i = 0; i < 200 && seen < 1; i++) {
        seen = othersRunning();
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(seen).toBeGreaterThanOrEqual(1);
    } finally {
      busy.kill();
    }
  });

  it(`takes ${THREADS_ENV} whatever the load and the size`, () => {
    expect(threadsFor(1, { [THREADS_ENV]: '3' }, 2, 4)).toBe(3);
    expect(threadsFor(big, { [THREADS_ENV]: '0' }, 8, 0)).toBe(0);
  });
});
