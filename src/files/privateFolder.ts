// A folder cc-top keeps private files in (the store, its side files) must not be writable by
// anyone else: whoever can write there can plant a symlink or swap a file between our check and
// our rename. Such a folder is refused, with the reason and the fix.
import { stat } from 'node:fs/promises';

/** Why `dir` is not safe to keep cc-top's files in, or undefined when it is (or does not exist yet). */
export async function checkPrivateFolder(dir: string): Promise<string | undefined> {
  let info;
  try {
    info = await stat(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (!info.isDirectory()) return `${dir} is not a folder`;
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid && info.uid !== 0) return `the folder ${dir} belongs to another user (uid ${info.uid}); keep the store in a folder of your own (--store PATH)`;
  if ((info.mode & 0o022) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(3, '0');
    return `the folder ${dir} is writable by other users (mode ${mode}); run chmod go-w ${JSON.stringify(dir)} or keep the store elsewhere (--store PATH)`;
  }
  return undefined;
}
