// `cc-top --once [--json]`: read the store (safely, while a live cc-top writes it) and print.
import { CorruptStoreError, JsonFileAdapter, NewerStoreError } from '../store/persistence.js';
import { emptyState, type StoreState } from '../store/state.js';
import { readSideFile, sideFilePath } from '../store/sideFile.js';
import type { CommandIO } from './io.js';
import { forwardStatusPath, readForwardStatus } from '../forward/status.js';
import { describeForward, forwardJson } from '../forward/statusText.js';
import { EXIT_BUDGET_EXCEEDED, printOnce, type OnceOptions } from './printOnce.js';

export type { OnceOptions };
export { EXIT_BUDGET_EXCEEDED };

/** Read the store without taking it over: the writer renames complete files into place. */
export async function readStoreState(storePath: string, nowMs: number): Promise<{ state: StoreState; exists: boolean }> {
  const state = await new JsonFileAdapter(storePath).read();
  return state ? { state, exists: true } : { state: emptyState(nowMs), exists: false };
}

export async function runOnce(options: OnceOptions, io: CommandIO): Promise<number> {
  // A team's figures come from Prometheus instead of the store (loaded only then).
  if (options.prometheus) return (await import('./teamOnce.js')).runTeamOnce(options, options.prometheus, io);
  const now = io.clock();
  let loaded: { state: StoreState; exists: boolean };
  try {
    loaded = await readStoreState(options.storePath, now);
  } catch (err) {
    if (err instanceof CorruptStoreError) {
      io.stderr(`cc-top: ${err.message}. Start cc-top once to move it aside, or pass --store PATH.`);
      return 1;
    }
    if (err instanceof NewerStoreError) {
      io.stderr(`cc-top: ${err.message}`);
      return 1;
    }
    io.stderr(`cc-top: cannot read the store ${options.storePath}: ${(err as Error).message}`);
    return 1;
  }
  if (!loaded.exists) {
    io.stderr(`cc-top: no store at ${options.storePath} yet: start cc-top (or cc-top --headless) and point Claude Code at it.`);
  }
  // The status line's side file adds plan usage and projects; without it those are null.
  const side = await readSideFile(sideFilePath(options.storePath));
  // What the receiving process forwards (null when it does not), from the file it keeps beside the store.
  const forward = await readForwardStatus(forwardStatusPath(options.storePath));
  return printOnce(loaded.state, options, io, {
    now,
    side,
    extraJson: { forward: forwardJson(forward), store: options.storePath },
    ...(forward ? { rows: [{ label: 'Forward', text: describeForward(forward) }] } : {}),
  });
}
