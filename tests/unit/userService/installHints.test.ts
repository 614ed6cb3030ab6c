// Every hint that tells the user how to get or update cc-top names a command that works: nothing
// is published to npm, so `npm install -g cc-top` and `cc-top@latest` would answer 404.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandIO } from '../../../src/commands/io.js';
import { runSetup } from '../../../src/commands/setup.js';
import { storeCheck } from '../../../src/doctor/storeChecks.js';
import { JsonFileAdapter, NewerStoreError } from '../../../src/store/persistence.js';
import { SCHEMA_VERSION } from '../../../src/store/state.js';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'cc-top-hints-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const UPDATE = 'git pull && npm install';

describe('install and update hints', () => {
  it('setup --statusline says how to put cc-top on PATH from the checkout', async () => {
    const out: string[] = [];
    const io: CommandIO = { stdout: (l) => out.push(l), stderr: (l) => out.push(l), stdoutStream: { isTTY: false }, env: { HOME: home, NO_COLOR: '1' }, clock: Date.now };
    expect(await runSetup(['--yes', '--statusline'], io)).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('cc-top must be on your PATH (in your cc-top checkout: npm install && npm install -g .)');
    expect(text).not.toContain('npm install -g cc-top');
  });

  it('a store from a newer cc-top: the store error and doctor both say to update the checkout', async () => {
    const path = join(home, 'store.json');
    await writeFile(path, JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1 }));
    const error = await new JsonFileAdapter(path).read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NewerStoreError);
    expect((error as Error).message).toContain(`Update your cc-top checkout (${UPDATE})`);
    expect((error as Error).message).not.toContain('@latest');
    const { check } = await storeCheck(path);
    expect(check).toMatchObject({ status: 'fail', fix: `update your cc-top checkout: ${UPDATE}` });
  });
});
