import { execFileSync } from 'node:child_process';
import { fullDisk } from '../../builders/fullDisk.js';
import { promises as fsp } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTooLargeError, readFileBounded, WriteError, writeFileVerified } from '../../../src/files/safeWrite.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cc-top-write-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fullDiskAfter = (room: number, reportSuccess: boolean) => fullDisk({ room, reportSuccess });

describe('writeFileVerified', () => {
  it('writes a new file with mode 0600 and leaves no temporary file', async () => {
    const path = join(dir, 'a', 'store.json');
    await writeFileVerified(path, '{"x":1}');
    expect(await readFile(path, 'utf8')).toBe('{"x":1}');
    expect((await fsp.stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'a'))).toEqual(['store.json']);
  });

  for (const reportSuccess of [false, true]) {
    it(`keeps the old file when the disk fills mid-write (${reportSuccess ? 'the layer claims success' : 'ENOSPC'})`, async () => {
      const path = join(dir, 'store.json');
      await writeFile(path, 'the good old content');
      const big = 'x'.repeat(100_000);
      const error = await writeFileVerified(path, big, { fs: fullDiskAfter(4096, reportSuccess) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WriteError);
      expect((error as WriteError).message).toMatch(/disk is full|reached the disk/);
      expect(await readFile(path, 'utf8')).toBe('the good old content');
      expect(await readdir(dir)).toEqual(['store.json']);
    });
  }

  it('refuses to write through a symlink, leaving its target alone', async () => {
    const victim = join(dir, 'bashrc');
    await writeFile(victim, 'export PATH=1\n');
    const path = join(dir, 'statusline.json');
    await symlink(victim, path);
    await expect(writeFileVerified(path, '{}')).rejects.toThrow(/symbolic link/);
    expect(await readFile(victim, 'utf8')).toBe('export PATH=1\n');
  });

  it('with followSymlink, writes the file the link points at and keeps the link', async () => {
    const real = join(dir, 'dotfiles-settings.json');
    await writeFile(real, '{}');
    const path = join(dir, 'settings.json');
    await symlink(real, path);
    await writeFileVerified(path, '{"env":{}}', { followSymlink: true });
    expect(await readFile(real, 'utf8')).toBe('{"env":{}}');
    expect((await fsp.lstat(path)).isSymbolicLink()).toBe(true);
  });

  it('refuses a dangling symlink even with followSymlink', async () => {
    const path = join(dir, 'settings.json');
    await symlink(join(dir, 'gone.json'), path);
    await expect(writeFileVerified(path, '{}', { followSymlink: true })).rejects.toThrow(/does not exist/);
    expect((await fsp.lstat(path)).isSymbolicLink()).toBe(true);
  });

  it('on a real, nearly full tmpfs: fails truthfully and keeps the old file', async (ctx) => {
    if (process.getuid?.() !== 0) {
      // Mounting needs root; the fake full disk above covers the same path everywhere.
      ctx.annotate('not root: the tmpfs variant needs mount; the faked short write covers it');
      return;
    }
    const mnt = join(dir, 'small');
    await fsp.mkdir(mnt);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]);
    try {
      const path = join(mnt, 'store.json');
      await writeFileVerified(path, 'y'.repeat(20_000));
      await expect(writeFileVerified(path, 'z'.repeat(200_000))).rejects.toThrow(/disk is full/);
      expect(await readFile(path, 'utf8')).toBe('y'.repeat(20_000));
      expect(await readdir(mnt)).toEqual(['store.json']);
    } finally {
      execFileSync('umount', [mnt]);
    }
  });
});

describe('readFileBounded', () => {
  it('reads a file within the bound and refuses a larger one', async () => {
    const path = join(dir, 'f');
    await writeFile(path, 'abc');
    expect(await readFileBounded(path, 3)).toBe('abc');
    await expect(readFileBounded(path, 2)).rejects.toBeInstanceOf(FileTooLargeError);
  });
});
