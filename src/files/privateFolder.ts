// Whether a folder is private enough to write cc-top's files in. In a folder other users can
// write, they can plant a symbolic link or a file of their own under the name cc-top is about to
// use; their choice of content or target then becomes ours. Such a folder is refused, not fixed.
import { stat } from 'node:fs/promises';

/** Group and other write bits. */
const SHARED_WRITE_BITS = 0o022;

/**
 * Why `dir` is no place for cc-top's files (another user owns it, or others can write it), or
 * undefined when it is private or does not exist yet (cc-top then creates it, mode 0700).
 * `uid` is the user cc-top runs as (a parameter for tests). Never throws.
 */
export async function checkPrivateFolder(dir: string, uid: number | undefined = process.getuid?.()): Promise<string | undefined> {
  // Windows has neither owner ids nor mode bits that mean this; its ACLs default to private.
  if (process.platform === 'win32') return undefined;
  let info;
  try {
    info = await stat(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return `its folder ${dir} cannot be checked (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
  if (!info.isDirectory()) return `${dir} is not a folder`;
  if (uid !== undefined && info.uid !== uid) return `its folder ${dir} belongs to another user (uid ${info.uid}); use a folder of your own`;
  if ((info.mode & SHARED_WRITE_BITS) !== 0) {
    const mode = (info.mode & 0o7777).toString(8).padStart(4, '0');
    return `its folder ${dir} can be written by other users (mode ${mode}); run chmod go-w on it or use a private folder`;
  }
  return undefined;
}
