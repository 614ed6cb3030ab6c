// `cc-top import`: history from Claude Code's transcripts (~/.claude/projects, every entry of
// CLAUDE_CONFIG_DIR, or --from DIR). Incremental: unchanged transcripts are skipped, grown ones
// read from where they were left. When a live cc-top (or the always-on service) holds the store,
// the import is handed to it; otherwise this command takes the store's lock for the moment it
// applies the import. A progress bar on a terminal, then one line: sessions, days, cost, exact
// versus estimated. Exit codes: 0 done, 1 a failure (the message says why and what to do), 2 usage.
//
// What only a real import needs (the store, the batch, pricing) is loaded when it is needed: a
// run that finds nothing new must take well under a second, Node's start included.
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { usd } from '../report/money.js';
import { acquireLock, readLock, StoreLockedError } from '../store/lock.js';
import type { ImportRecord, StoreState } from '../store/state.js';
import { resolveStorePath, STORE_ENV } from '../storePath.js';
import type { BatchResult, ImportBatch } from '../transcripts/batch.js';
import { pendingSessions, runImport, type ImportSummary } from '../transcripts/importRun.js';
import { claudeConfigDirs, transcriptRoots } from '../transcripts/roots.js';
import type { CommandIO } from './io.js';

export const IMPORT_USAGE = `Usage: cc-top import [--from DIR]... [--store PATH] [--json] [--no-color]

Adds Claude Code's history to the store from the transcripts it keeps (one file per session in
~/.claude/projects, or in each folder of CLAUDE_CONFIG_DIR), so cost, tokens and sessions from
before cc-top was set up show in every window, chart and report. Finished sessions are exact:
Claude Code writes its own cost at the end of each one. A session without that (still running, or
killed) is priced by cc-top and marked estimated (~). Sessions cc-top received as telemetry keep
their telemetry; nothing is counted twice. Run it again at any time: only what changed is read.

Options:
  --from DIR     read this Claude Code config folder (or its projects folder) instead; repeatable
  --store PATH   store file (default $${STORE_ENV}, else the user data dir's cc-top/store.json)
  --json         print the result as JSON
  --no-color     no colours (NO_COLOR is honoured too)
  -h, --help     show this help`;

/** How long a live cc-top has to take a handed-over import before this command takes it back. */
export const CLAIM_TIMEOUT_MS = 30_000;
const APPLY_TIMEOUT_MS = 10 * 60_000;

export class ImportError extends Error {}

interface ImportOptions {
  from: string[];
  storePath: string;
  json: boolean;
  noColor: boolean;
}

function parse(argv: string[], env: NodeJS.ProcessEnv): ImportOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { from: { type: 'string', multiple: true }, store: { type: 'string' }, json: { type: 'boolean' }, 'no-color': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new ImportError(`unexpected argument "${positionals[0]}" (folders go with --from DIR)`);
  for (const dir of values.from ?? []) if (dir.trim() === '') throw new ImportError('--from needs a folder, e.g. --from ~/.claude');
  return { from: values.from ?? [], storePath: resolveStorePath(values.store, env), json: values.json ?? false, noColor: values['no-color'] ?? false };
}

/** The store as last read, and which file that was: applying reuses it when the file is still that one. */
interface StoreRead {
  state: StoreState | null;
  file: string | undefined;
}

async function fileIdentity(path: string): Promise<string | undefined> {
  const s = await stat(path).catch(() => undefined);
  return s ? `${s.ino}:${s.size}:${s.mtimeMs}` : undefined;
}

/** The store's import records, read from its file (another cc-top may be writing it: it renames whole files). */
async function loadRecords(storePath: string, last: StoreRead): Promise<ReadonlyMap<string, ImportRecord>> {
  last.file = await fileIdentity(storePath);
  last.state = null;
  // No store yet (a first import): none, and the store's modules wait for the apply.
  if (last.file === undefined) return new Map();
  const { JsonFileAdapter } = await import('../store/persistence.js');
  last.state = await new JsonFileAdapter(storePath).read();
  return last.state?.imports ?? new Map();
}

/** What applying here needs, loaded once: started when reading is nearly done, so it loads while this thread waits for the others. */
let applyModules: ReturnType<typeof loadApplyModules> | undefined;
function loadApplyModules() {
  return Promise.all([
    import('../store/store.js'),
    import('../store/persistence.js'),
    import('../transcripts/batch.js'),
    import('../report/statusSummary.js'),
  ]);
}
const applyModulesOnce = () => (applyModules ??= loadApplyModules());

/** Apply here, holding the store's lock for that moment; the status line's summary is refreshed too. */
async function applyHere(storePath: string, batch: ImportBatch, io: CommandIO, last: StoreRead): Promise<BatchResult> {
  const lock = await acquireLock(storePath, { host: 'cc-top import', grpcPort: 0, httpPort: 0 });
  try {
    const [{ Store }, { JsonFileAdapter }, { applyBatch }, { statusSummaryWriter }] = await applyModulesOnce();
    const adapter = new JsonFileAdapter(storePath);
    // The store read a moment ago, if its file is still that one (parsing a big store twice costs).
    const reuse = last.state && last.file !== undefined && last.file === (await fileIdentity(storePath)) ? last.state : undefined;
    last.state = null;
    if (reuse) {
      const read = adapter.read.bind(adapter);
      adapter.read = () => {
        adapter.read = read;
        return Promise.resolve(reuse);
      };
    }
    const store = await Store.open({
      adapter,
      clock: io.clock,
      onMessage: (m) => io.stderr(`cc-top import: ${m}`),
      onWritten: statusSummaryWriter(storePath, io.clock),
    });
    let result: BatchResult | undefined;
    store.update((state, now) => {
      result = applyBatch(state, batch, now);
    });
    await store.close();
    if (store.writeError) throw new ImportError(store.writeError);
    return result!;
  } finally {
    await lock.release();
  }
}

/** What tests shorten. */
export interface ImportDeps {
  claimTimeoutMs?: number;
}

/** Deliver a batch to whoever holds the store: the live cc-top, or this process. */
async function deliver(storePath: string, batch: ImportBatch, io: CommandIO, deps: ImportDeps, last: StoreRead): Promise<BatchResult> {
  const claimTimeoutMs = deps.claimTimeoutMs ?? CLAIM_TIMEOUT_MS;
  for (let attempt = 0; attempt < 3; attempt++) {
    const owner = await readLock(storePath);
    if (!owner) {
      try {
        return await applyHere(storePath, batch, io, last);
      } catch (err) {
        if (err instanceof StoreLockedError) continue; // a cc-top started meanwhile: hand it over
        throw err;
      }
    }
    const { handOver } = await import('../transcripts/handOver.js');
    const outcome = await handOver(storePath, batch, {
      claimTimeoutMs,
      applyTimeoutMs: APPLY_TIMEOUT_MS,
      ownerAlive: async () => (await readLock(storePath))?.pid === owner.pid,
    });
    if (outcome.kind === 'applied') return outcome.result;
    if (outcome.kind === 'failed') throw new ImportError(`the cc-top holding the store (pid ${owner.pid}) could not apply the import: ${outcome.message}`);
    if (!outcome.ownerGone) {
      throw new ImportError(
        `the cc-top holding ${storePath} (pid ${owner.pid}) did not take the import within ${claimTimeoutMs / 1000} s: it may be an older cc-top. ` +
          'Restart it (or stop it), then run cc-top import again. Nothing was imported.',
      );
    }
  }
  throw new ImportError(`the store ${storePath} kept changing hands; run cc-top import again`);
}

const BAR_WIDTH = 30;

/** Where the progress bar is drawn: the stream when it is a terminal, nowhere when it is a pipe or a file. */
export function progressWriter(stream: { isTTY?: boolean; write(s: string): unknown }): ((s: string) => void) | undefined {
  return stream.isTTY ? (s) => void stream.write(s) : undefined;
}

/** A progress bar on stderr (a terminal only), redrawn at most 10 times a second. */
function progressBar(write: (s: string) => void, clock: () => number) {
  let last = 0;
  let shown = false;
  return {
    update(done: number, total: number) {
      const now = clock();
      if (now - last < 100) return;
      last = now;
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(fraction * BAR_WIDTH);
      write(`\r\x1b[2KReading transcripts ${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${Math.round(fraction * 100)}% ${(done / 1048576).toFixed(0)}/${(total / 1048576).toFixed(0)} MiB`);
      shown = true;
    },
    clear() {
      if (shown) write('\r\x1b[2K');
    },
  };
}

export async function runImportCommand(
  argv: string[],
  io: CommandIO,
  progressOut: ((s: string) => void) | undefined = progressWriter(process.stderr),
  deps: ImportDeps = {},
): Promise<number> {
  let options: ImportOptions | 'help';
  try {
    options = parse(argv, io.env);
  } catch (err) {
    io.stderr(`cc-top import: ${(err as Error).message}\n`);
    io.stderr(IMPORT_USAGE);
    return 2;
  }
  if (options === 'help') {
    io.stdout(IMPORT_USAGE);
    return 0;
  }
  const roots = transcriptRoots(io.env, options.from);
  const started = io.clock();
  const bar = progressOut && !options.json ? progressBar(progressOut, io.clock) : undefined;
  const storePath = options.storePath;
  const last: StoreRead = { state: null, file: undefined };
  let summary: ImportSummary;
  try {
    summary = await runImport({
      roots,
      storePath,
      clock: io.clock,
      env: io.env,
      loadRecords: () => loadRecords(storePath, last),
      deliver: (batch) => deliver(storePath, batch, io, deps, last),
      // Unless a live cc-top holds the store (it will apply the import), its modules are wanted next.
      onReadingDone: () =>
        void readLock(storePath).then(
          (owner) => (owner ? undefined : applyModulesOnce().catch(() => undefined)),
          () => undefined,
        ),
      ...(bar ? { onProgress: (done: number, total: number) => bar.update(done, total) } : {}),
    });
  } catch (err) {
    bar?.clear();
    // By name: the store's modules are loaded only when an import gets that far.
    const name = (err as Error).name;
    if (name === 'CorruptStoreError') io.stderr(`cc-top import: ${(err as Error).message}. Start cc-top once to move it aside, or pass --store PATH. Nothing was imported.`);
    else if (name === 'NewerStoreError' || err instanceof ImportError) io.stderr(`cc-top import: ${(err as Error).message}`);
    else io.stderr(`cc-top import: ${(err as Error).message}. Nothing was imported.`);
    return 1;
  }
  bar?.clear();
  if (options.from.length > 0 && summary.missingRoots.length > 0) {
    io.stderr(`cc-top import: no such folder: ${summary.missingRoots.join(', ')} (give --from a Claude Code config folder such as ~/.claude, or its projects folder)`);
    if (summary.missingRoots.length === roots.length) return 1;
  }
  const elapsed = io.clock() - started;
  if (options.json) io.stdout(JSON.stringify({ ...summary, costUsd: usd(summary.net.costNanos ?? 0), estimatedUsd: usd(summary.net.estCostNanos ?? 0), elapsedMs: elapsed, store: storePath }));
  else {
    // Loaded only for the line: a run with --json never needs these modules (~6 ms of loading).
    const [{ formatImportSummary }, { colorEnabled, createPaint }] = await Promise.all([import('./importSummary.js'), import('../report/paint.js')]);
    io.stdout(formatImportSummary(summary, createPaint(colorEnabled(io.stdoutStream, io.env, options.noColor)), elapsed));
  }
  return 0;
}

/**
 * After `cc-top setup`: Claude Code's history that cc-top has not imported yet is offered (asked on
 * a terminal, else named with the command to run). Quiet when there is none.
 */
export async function offerImport(io: CommandIO, ask: ((question: string) => Promise<boolean>) | undefined): Promise<void> {
  const storePath = resolveStorePath(undefined, io.env);
  let pending: number;
  try {
    pending = await pendingSessions(transcriptRoots(io.env, []), storePath);
  } catch {
    return;
  }
  if (pending === 0) return;
  const { plural } = await import('../report/format.js');
  const where = claudeConfigDirs(io.env)
    .map((d) => `${d}/projects`)
    .join(', ');
  const what = `Claude Code has ${plural(pending, 'session')} of history in ${where} that cc-top has not imported`;
  if (!ask || !io.stdoutStream.isTTY) {
    io.stdout(`${what}: run cc-top import to add it.`);
    return;
  }
  if (await ask(`${what}. Import it now? [y/N]`)) await runImportCommand([], io);
  else io.stdout('Not imported; run cc-top import whenever you like.');
}
