// Every file cc-top writes (store, status summary, side file, settings, config, backups) goes
// through writeFileVerified: a new file is written beside the old one, every byte accounted for,
// flushed to disk and its size checked before it replaces the old one by rename. A full disk, a
// short write or a planted symlink leaves the old file as it was and throws a WriteError that says
// so; nothing reports success that did not happen.
import { constants, promises as fsp } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** The few file-system calls the writer makes, injectable so tests can fake a full disk. */
export interface WriteFs {
  lstat: typeof fsp.lstat;
  realpath: typeof fsp.realpath;
  open: typeof fsp.open;
  rename: typeof fsp.rename;
  unlink: typeof fsp.unlink;
  mkdir: typeof fsp.mkdir;
}

export const NODE_FS: WriteFs = {
  lstat: fsp.lstat,
  realpath: fsp.realpath,
  open: fsp.open,
  rename: fsp.rename,
  unlink: fsp.unlink,
  mkdir: fsp.mkdir,
};

export interface WriteOptions {
  /** File mode of a new file (default 0600: cc-top's files are private). */
  mode?: number;
  /**
   * Write to the file a symlink points at (the user's own settings.json may be a dotfile link)
   * instead of refusing. A dangling link is refused either way.
   */
  followSymlink?: boolean;
  /** Flush to disk before the rename (default true). */
  fsync?: boolean;
  /** Create the folder (mode 0700) when missing (default true). */
  createDir?: boolean;
  fs?: WriteFs;
}

export class WriteError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly code?: string,
  ) {
    super(`cannot write ${path}: ${reason}`);
    this.name = 'WriteError';
  }
}

function codeOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

function describe(err: unknown): string {
  const code = codeOf(err);
  if (code === 'ENOSPC') return 'the disk is full (ENOSPC); the previous file is kept';
  if (code === 'EDQUOT') return 'the disk quota is exceeded (EDQUOT); the previous file is kept';
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code}); the previous file is kept`;
  if (code === 'EROFS') return 'the file system is read-only (EROFS)';
  return `${(err as Error)?.message ?? String(err)}; the previous file is kept`;
}

/** Where to write: the path itself, or (with followSymlink) the file its link points at. */
async function targetOf(path: string, fs: WriteFs, followSymlink: boolean): Promise<string> {
  let stat;
  try {
    stat = await fs.lstat(path);
  } catch (err) {
    if (codeOf(err) === 'ENOENT') return path;
    throw err;
  }
  if (!stat.isSymbolicLink()) return path;
  if (!followSymlink) throw new WriteError(path, 'it is a symbolic link, and cc-top never writes through one (remove the link, or choose another path)');
  try {
    return await fs.realpath(path);
  } catch {
    throw new WriteError(path, 'it is a symbolic link to a file that does not exist; fix or remove the link first');
  }
}

export async function writeFileVerified(path: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  const fs = options.fs ?? NODE_FS;
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const target = await targetOf(path, fs, options.followSymlink ?? false);
  const dir = dirname(target);
  if (options.createDir ?? true) await fs.mkdir(dir, { recursive: true, mode: 0o700 }).catch((err: unknown) => {
    throw new WriteError(path, describe(err), codeOf(err));
  });
  const temp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle;
  try {
    // O_EXCL | O_NOFOLLOW: the temporary name is new, and never a link someone planted.
    handle = await fs.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, options.mode ?? 0o600);
  } catch (err) {
    throw new WriteError(path, describe(err), codeOf(err));
  }
  let renamed = false;
  try {
    let offset = 0;
    while (offset < bytes.byteLength) {
      const { bytesWritten } = await handle.write(bytes, offset, bytes.byteLength - offset);
      // A write that makes no progress would loop forever: the disk is as good as full.
      if (bytesWritten <= 0) throw Object.assign(new Error('a write made no progress'), { code: 'ENOSPC' });
      offset += bytesWritten;
    }
    if (options.fsync ?? true) await handle.sync();
    const { size } = await handle.stat();
    if (size !== bytes.byteLength) throw Object.assign(new Error(`only ${size} of ${bytes.byteLength} bytes reached the disk`), { code: 'ENOSPC' });
    await handle.close();
    handle = undefined;
    await fs.rename(temp, target);
    renamed = true;
  } catch (err) {
    throw err instanceof WriteError ? err : new WriteError(path, describe(err), codeOf(err));
  } finally {
    if (handle) await handle.close().catch(() => undefined);
    if (!renamed) await fs.unlink(temp).catch(() => undefined);
  }
}

/** Read a file of at most `maxBytes` (untrusted input is bounded where it enters). */
export async function readFileBounded(path: string, maxBytes: number): Promise<string> {
  // O_NONBLOCK: a FIFO planted under the name must not block the reader forever.
  const handle = await fsp.open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error(`${path} is a folder`), { code: 'EISDIR' });
    if (!info.isFile()) throw Object.assign(new Error(`${path} is not a regular file (a FIFO or a device)`), { code: 'EINVAL' });
    const { size } = info;
    if (size > maxBytes) throw new FileTooLargeError(path, size, maxBytes);
    const buffer = Buffer.alloc(Math.min(size, maxBytes) + 1);
    let read = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, read, buffer.byteLength - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
      if (read > maxBytes) throw new FileTooLargeError(path, read, maxBytes);
      if (read === buffer.byteLength) break;
    }
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    await handle.close();
  }
}

export class FileTooLargeError extends Error {
  constructor(
    readonly path: string,
    readonly size: number,
    readonly maxBytes: number,
  ) {
    super(`${path} is ${size} bytes, over the ${maxBytes}-byte limit cc-top reads`);
    this.name = 'FileTooLargeError';
  }
}
