// forward.json, the forwarding process's status beside the store: written whole, read as
// untrusted, and shown by `--once` (text and JSON) as the forwarder reported it.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandIO } from '../../../src/commands/io.js';
import { runOnce } from '../../../src/commands/once.js';
import { ForwardStatusWriter, forwardStatusPath, readForwardStatus, type ForwardStatus } from '../../../src/forward/status.js';
import { describeForward } from '../../../src/forward/statusText.js';
import { createIngest } from '../../../src/ingest.js';
import { decodeProtobuf } from '../../../src/otlp/decode.js';
import { JsonFileAdapter } from '../../../src/store/persistence.js';
import { Store } from '../../../src/store/store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cc-top-forward-status-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const AT = Date.UTC(2026, 10, 25, 12);
const STATUS: ForwardStatus = {
  url: 'https://otel.example.com',
  protocol: 'http/protobuf',
  state: 'retrying',
  queued: 12,
  queuedBytes: 3 * 1024 * 1024,
  capBytes: 64 * 1024 * 1024,
  sent: 340,
  dropped: 3,
  droppedBy: { overflow: 0, refused: 3, shutdown: 0 },
  retries: 7,
  lastError: 'HTTP 503: busy',
  lastErrorAt: AT - 1000,
  lastSentAt: AT - 60_000,
  at: AT,
};

describe('forward.json', () => {
  it('holds the latest status written, whole', async () => {
    const path = forwardStatusPath(join(dir, 'store.json'));
    expect(path).toBe(join(dir, 'forward.json'));
    const writer = new ForwardStatusWriter(path);
    for (let sent = 0; sent <= 340; sent += 20) writer.write({ ...STATUS, sent });
    await writer.flush();
    expect(await readForwardStatus(path)).toEqual(STATUS);
  });

  it('is untrusted: text made safe again, a file that is not a status reads as none', async () => {
    const path = join(dir, 'forward.json');
    await writeFile(path, JSON.stringify({ version: 1, ...STATUS, lastError: 'bad\x1b[2Jthing' }));
    expect((await readForwardStatus(path))!.lastError).toBe('bad\\x1b[2Jthing');
    await writeFile(path, JSON.stringify({ version: 1, ...STATUS, sent: -1 }));
    expect(await readForwardStatus(path)).toBeNull();
    await writeFile(path, '{');
    expect(await readForwardStatus(path)).toBeNull();
    expect(await readForwardStatus(join(dir, 'absent.json'))).toBeNull();
  });

  it('is what --once shows, in text and in JSON', async () => {
    const storePath = join(dir, 'store.json');
    // A store with Claude Code's data in it (the text report shows nothing else without).
    const store = await Store.open({ adapter: new JsonFileAdapter(storePath) });
    const decoded = decodeProtobuf('metrics', await readFile(new URL('../../fixtures/metrics-edit-commit.pb', import.meta.url)));
    if (!decoded.ok) throw decoded.error;
    createIngest(store, { keepPrompts: false })('metrics', decoded.request);
    await store.close();
    const writer = new ForwardStatusWriter(forwardStatusPath(storePath));
    writer.write(STATUS);
    await writer.flush();
    const out: string[] = [];
    const io: CommandIO = { stdout: (l) => out.push(l), stderr: () => undefined, stdoutStream: { isTTY: false }, env: { NO_COLOR: '1' }, clock: () => AT };
    await runOnce({ storePath, window: 'all', json: true, noColor: true }, io);
    expect(JSON.parse(out.join('\n')).forward).toEqual({
      url: 'https://otel.example.com',
      protocol: 'http/protobuf',
      state: 'retrying',
      queued: 12,
      queuedBytes: 3 * 1024 * 1024,
      capBytes: 64 * 1024 * 1024,
      sent: 340,
      dropped: 3,
      droppedBy: { overflow: 0, refused: 3, shutdown: 0 },
      retries: 7,
      lastError: 'HTTP 503: busy',
      lastErrorAt: new Date(AT - 1000).toISOString(),
      lastSentAt: new Date(AT - 60_000).toISOString(),
      updatedAt: new Date(AT).toISOString(),
    });
    out.length = 0;
    await runOnce({ storePath, window: 'all', json: false, noColor: true }, io);
    expect(out.join('\n')).toContain(`Forward   ${describeForward(STATUS)}`);
    expect(describeForward(STATUS)).toBe(
      'https://otel.example.com (http/protobuf): the upstream fails, retrying · 340 sent · 12 queued (3.0 MiB of 64 MiB) · 3 dropped (0 over the cap, 3 refused, 0 at stop) · last error: HTTP 503: busy',
    );
  });

  it('is null in --once --json when nothing forwards', async () => {
    const out: string[] = [];
    const io: CommandIO = { stdout: (l) => out.push(l), stderr: () => undefined, stdoutStream: { isTTY: false }, env: {}, clock: () => AT };
    await runOnce({ storePath: join(dir, 'store.json'), window: 'all', json: true, noColor: true }, io);
    expect(JSON.parse(out.join('\n')).forward).toBeNull();
  });
});
