import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StoreFileSource } from '../../../src/store/fileSource.js';
import { JsonFileAdapter } from '../../../src/store/persistence.js';
import { emptyState } from '../../../src/store/state.js';
import { T0 } from '../../builders/samples.js';

let dir: string;
let source: StoreFileSource | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cc-top-filesource-'));
});
afterEach(async () => {
  source?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('StoreFileSource (viewer mode)', () => {
  it('starts empty without a file, then follows each version the writer renames into place', async () => {
    const path = join(dir, 'store.json');
    const errors: string[] = [];
    source = await StoreFileSource.open(path, () => T0, (m) => errors.push(m));
    expect(source.state.sessionsSeen).toBe(0);
    let notified = 0;
    source.subscribe(() => notified++);
    const writer = new JsonFileAdapter(path);
    for (const sessions of [1, 2]) {
      await writer.write({ ...emptyState(T0), sessionsSeen: sessions });
      await vi.waitFor(() => expect(source!.state.sessionsSeen).toBe(sessions), { timeout: 10_000, interval: 20 });
    }
    expect(notified).toBeGreaterThanOrEqual(2);
    expect(source.version).toBe(notified);
    expect(errors).toEqual([]);
  });

  it('keeps the last good state and says why when the file turns unreadable', async () => {
    const path = join(dir, 'store.json');
    await new JsonFileAdapter(path).write({ ...emptyState(T0), sessionsSeen: 3 });
    const errors: string[] = [];
    source = await StoreFileSource.open(path, () => T0, (m) => errors.push(m));
    expect(source.state.sessionsSeen).toBe(3);
    await writeFile(path, '{ not json');
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0), { timeout: 10_000, interval: 20 });
    expect(errors[0]).toContain('cannot read the store');
    expect(source.state.sessionsSeen).toBe(3);
  });
});
