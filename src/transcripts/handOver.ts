// `cc-top import`'s side of handing an import to the live cc-top that holds the store: drop the
// batch (a verified write, renamed into place whole), wait for the answer, clean up. If the live
// cc-top never claims it (an older cc-top, or one stopping), the batch is taken back, so it can
// never be applied behind the user's back later.
import { randomBytes } from 'node:crypto';
import { access, unlink } from 'node:fs/promises';
import { readFileBounded } from '../files/safeWrite.js';
import { batchPath, resultPath, writeImportFile } from './importFiles.js';
import { batchText, parseResult, type BatchResult, type ImportBatch } from './batch.js';
import { MAX_BATCH_BYTES } from './inbox.js';

export interface HandOverOptions {
  /** How long the live cc-top has to claim the batch. */
  claimTimeoutMs: number;
  /** How long applying may take once claimed. */
  applyTimeoutMs: number;
  /** Whether the cc-top holding the store is still running. */
  ownerAlive: () => Promise<boolean>;
  pollMs?: number;
}

export type HandOverOutcome = { kind: 'applied'; result: BatchResult } | { kind: 'not-taken'; ownerGone: boolean } | { kind: 'failed'; message: string };

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

export async function handOver(storePath: string, batch: ImportBatch, options: HandOverOptions): Promise<HandOverOutcome> {
  const id = randomBytes(8).toString('hex');
  const offered = batchPath(storePath, id);
  const answer = resultPath(storePath, id);
  await writeImportFile(offered, batchText(batch));
  const started = Date.now();
  let claimedAt: number | undefined;
  const poll = options.pollMs ?? 50;
  for (;;) {
    if (await exists(answer)) {
      const result = parseResult(await readFileBounded(answer, MAX_BATCH_BYTES));
      await unlink(answer).catch(() => undefined);
      return result.error !== undefined ? { kind: 'failed', message: result.error } : { kind: 'applied', result };
    }
    const waiting = claimedAt === undefined && (await exists(offered));
    if (!waiting && claimedAt === undefined) claimedAt = Date.now();
    const ownerGone = waiting && !(await options.ownerAlive());
    if (waiting && (ownerGone || Date.now() - started > options.claimTimeoutMs)) {
      // Take it back: only if it is still unclaimed (unlink fails once it was renamed).
      const withdrawn = await unlink(offered).then(
        () => true,
        () => false,
      );
      if (withdrawn) return { kind: 'not-taken', ownerGone };
    }
    if (claimedAt !== undefined && Date.now() - claimedAt > options.applyTimeoutMs) {
      return { kind: 'failed', message: `the live cc-top took the import but did not answer within ${Math.round(options.applyTimeoutMs / 1000)} s` };
    }
    await new Promise((r) => setTimeout(r, poll));
  }
}
