import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkPrivateFolder } from '../../../src/files/privateFolder.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cc-top-private-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('checkPrivateFolder', () => {
  it('accepts a folder only its owner can write, and one that does not exist yet', async () => {
    await chmod(dir, 0o700);
    expect(await checkPrivateFolder(dir)).toBeUndefined();
    await chmod(dir, 0o755);
    expect(await checkPrivateFolder(dir)).toBeUndefined();
    expect(await checkPrivateFolder(join(dir, 'not-yet'))).toBeUndefined();
  });

  it.each([
    ['0777', 0o777],
    ['1777', 0o1777],
    ['0770', 0o770],
    ['0702', 0o702],
  ])('refuses a folder others can write (mode %s), naming the mode and the fix', async (shown, mode) => {
    await chmod(dir, mode);
    expect(await checkPrivateFolder(dir)).toBe(`its folder ${dir} can be written by other users (mode ${shown}); run chmod go-w on it or use a private folder`);
  });

  it('refuses a folder that belongs to another user', async () => {
    const { uid } = await stat(dir);
    expect(await checkPrivateFolder(dir, uid + 1)).toBe(`its folder ${dir} belongs to another user (uid ${uid}); use a folder of your own`);
    expect(await checkPrivateFolder(dir, uid)).toBeUndefined();
  });

  it('refuses a file where a folder should be', async () => {
    const file = join(dir, 'file');
    await writeFile(file, '');
    expect(await checkPrivateFolder(file)).toBe(`${file} is not a folder`);
  });
});
