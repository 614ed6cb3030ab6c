// The live cc-top's side of a handed-over import: it watches `imports/` beside its store, claims a
// batch file by renaming it (so a command that gave up waiting can take it back, and two
// claimants cannot both apply it), applies it through the store, writes the store, answers with
// a result file and removes the batch. No polling: the folder's change events wake it.
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileBounded } from '../files/safeWrite.js';
import { checkPrivateFolder } from '../files/privateFolder.js';
import { batchIdOf, importsDir, resultPath, writeImportFile } from './importFiles.js';
import { parseBatch, resultText, type BatchResult, type ImportBatch } from './batch.js';

/** A year of heavy use is a few MiB of batch; far past that it is not one cc-top wrote. */
export const MAX_BATCH_BYTES = 512 * 1024 * 1024;

export interface Inbox {
  close(): void;
}

export async function watchImports(storePath: string, apply: (batch: ImportBatch) => Promise<BatchResult>, onMessage: (message: string) => void): Promise<Inbox> {
  const dir = importsDir(storePath);
  const unsafe = await checkPrivateFolder(dir);
  if (unsafe) {
    onMessage(`imports from transcripts cannot be handed to this cc-top: ${unsafe}`);
    return { close() {} };
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let busy = false;
  let again = false;
  let closed = false;

  const take = async (id: string, name: string): Promise<void> => {
    const claimed = join(dir, `${name}.applying`);
    try {
      await rename(join(dir, name), claimed);
    } catch {
      return; // taken back by its command, or by another claimant
    }
    let answer: string;
    try {
      answer = resultText(await apply(parseBatch(await readFileBounded(claimed, MAX_BATCH_BYTES))));
    } catch (err) {
      answer = resultText({ error: (err as Error).message });
    }
    try {
      await writeImportFile(resultPath(storePath, id), answer);
    } catch (err) {
      onMessage(`cannot answer an import from transcripts: ${(err as Error).message}`);
    }
    await unlink(claimed).catch(() => undefined);
  };

  const check = async (): Promise<void> => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        for (const name of await readdir(dir).catch(() => [] as string[])) {
          const id = batchIdOf(storePath, name);
          if (id && !closed) await take(id, name);
        }
      } while (again && !closed);
    } finally {
      busy = false;
    }
  };

  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, () => void check());
    watcher.on('error', (err) => onMessage(`cannot watch ${dir} for imports: ${err.message}`));
  } catch (err) {
    onMessage(`cannot watch ${dir} for imports: ${(err as Error).message}`);
  }
  // An import dropped while no cc-top held the store is applied now (imports are idempotent).
  void check();
  return {
    close() {
      closed = true;
      watcher?.close();
    },
  };
}
