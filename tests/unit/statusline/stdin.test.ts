// The status line's stdin is read within a size and a time bound: a writer that never closes the
// pipe, or floods it, must not hang the status bar or take the machine's memory. The process tests
// drive the built binary (npm test builds first) and wait for its exit, never for a fixed time.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readStdinBounded, STDIN_MAX_BYTES } from '../../../src/statusline/stdin.js';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/cc-top.js');
const STATUS = JSON.stringify({ session_id: 's1', model: { display_name: 'Opus 4.5' }, cost: { total_cost_usd: 1.5 } });

describe('readStdinBounded', () => {
  it('returns the whole input once the writer closes it', async () => {
    const stream = new PassThrough();
    const text = readStdinBounded(stream);
    stream.write(STATUS.slice(0, 10));
    stream.end(STATUS.slice(10));
    expect(await text).toBe(STATUS);
  });

  it('gives up on a writer that never closes, and lets the stream go', async () => {
    const stream = new PassThrough();
    const text = readStdinBounded(stream, { timeoutMs: 20 });
    stream.write(STATUS);
    expect(await text).toBe('');
    expect(stream.destroyed).toBe(true);
  });

  it('gives up past the size bound without keeping what came', async () => {
    const stream = new PassThrough();
    const text = readStdinBounded(stream, { maxBytes: 64 });
    stream.write('x'.repeat(40));
    stream.write('x'.repeat(40));
    expect(await text).toBe('');
    expect(stream.destroyed).toBe(true);
  });

  it('reads nothing from a terminal, and nothing from a stream that fails', async () => {
    expect(await readStdinBounded(Object.assign(new PassThrough(), { isTTY: true }))).toBe('');
    const failing = new PassThrough();
    const text = readStdinBounded(failing);
    failing.destroy(new Error('EIO'));
    expect(await text).toBe('');
  });
});

describe('cc-top statusline as Claude Code runs it', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cc-top-stdin-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Starts the status line with a stdin pipe the test controls; `exited` settles when it exits on its own. */
  function start() {
    const child = spawn(process.execPath, [BIN, 'statusline', '--store', join(dir, 'store.json')], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // The child stops reading early on purpose: writes after that fail with EPIPE.
    child.stdin.on('error', () => undefined);
    const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => child.on('close', (code) => done({ code, stdout, stderr })));
    return { child, exited };
  }

  it('answers a complete input with its line', async () => {
    const { child, exited } = start();
    child.stdin.end(STATUS);
    const r = await exited;
    expect(r).toEqual({ code: 0, stdout: 'Opus 4.5 · $1.50 session\n', stderr: '' });
  });

  it('answers, without input, when the pipe is never closed', async () => {
    const { child, exited } = start();
    child.stdin.write(STATUS); // a whole object, but the writer keeps the pipe open
    const r = await exited;
    expect(r).toEqual({ code: 0, stdout: 'cc-top: no status data yet\n', stderr: '' });
    child.stdin.destroy();
  });

  it('answers, without input, when stdin floods past the bound and never ends', async () => {
    const { child, exited } = start();
    let exitedYet = false;
    void exited.then(() => (exitedYet = true));
    const chunk = Buffer.alloc(64 * 1024, ' ');
    child.stdin.write(STATUS.slice(0, -1) + ',"pad":"');
    // Keep writing for as long as the status line is running: it has to stop reading on its own.
    while (!exitedYet) {
      if (!child.stdin.write(chunk)) await new Promise<void>((drained) => {
        const go = () => drained();
        child.stdin.once('drain', go);
        child.stdin.once('close', go);
        void exited.then(go);
      });
    }
    const r = await exited;
    // The read stopped at a bound (size, else time), not because the writer did.
    expect(r).toEqual({ code: 0, stdout: 'cc-top: no status data yet\n', stderr: '' });
    child.stdin.destroy();
  });

  it('treats a valid but oversize input as no input', async () => {
    const { child, exited } = start();
    child.stdin.end(`${STATUS.slice(0, -1)},"pad":"${' '.repeat(STDIN_MAX_BYTES)}"}`);
    const r = await exited;
    expect(r).toEqual({ code: 0, stdout: 'cc-top: no status data yet\n', stderr: '' });
  });

  it('answers garbage with its line, not an error', async () => {
    const { child, exited } = start();
    child.stdin.end(Buffer.from([0x00, 0xff, 0x1b, 0x5b, 0x32, 0x4a, 0x7b, 0x22, 0xc3]));
    const r = await exited;
    expect(r).toEqual({ code: 0, stdout: 'cc-top: no status data yet\n', stderr: '' });
  });
});
