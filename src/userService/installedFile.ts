// Reading back the unit or plist cc-top wrote: bounded (it is a file anyone could have edited),
// and absent rather than an error when it does not exist.
import { readFileBounded } from '../files/safeWrite.js';

/** A service file cc-top writes is under 2 KiB; anything near this is not one. */
export const SERVICE_FILE_MAX_BYTES = 64 * 1024;

export async function readInstalledFile(path: string): Promise<string | undefined> {
  try {
    return await readFileBounded(path, SERVICE_FILE_MAX_BYTES);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${path}: ${(err as Error).message}`);
  }
}
