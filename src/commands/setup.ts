// `cc-top setup`: point Claude Code at cc-top by merging the telemetry variables into its user
// settings. Shows the change, asks (or --yes), backs up, writes atomically; --undo puts it back.
// Exit codes: 0 done (or nothing to do), 1 not applied (declined, not a terminal, bad file),
// 2 a usage error.
import { colorEnabled, createPaint, type Paint } from '../report/paint.js';
import { formatChanges } from '../setup/changeList.js';
import { parseSetupArgs, SETUP_USAGE, SetupUsageError, type SetupOptions } from '../setup/setupArgs.js';
import {
  backupFile,
  readSettings,
  readSetupRecord,
  removeSetupRecord,
  settingsPath,
  setupRecordPath,
  SettingsFileError,
  writeJsonFile,
  type LoadedSettings,
} from '../setup/settingsFile.js';
import { CC_TOP_STATUS_LINE, planSetup, planUndo, type Change, type JsonObject, type SetupRecord } from '../setup/settingsMerge.js';
import { shellExports, shellProfile } from '../setup/shellExports.js';
import { telemetryEnv } from '../setup/telemetryEnv.js';
import type { CommandIO } from './io.js';

export { settingsPath } from '../setup/settingsFile.js';
export { telemetryEnv } from '../setup/telemetryEnv.js';

export const APPLY_QUESTION = 'Apply? [y/N]';

type Ask = (question: string) => Promise<boolean>;

interface Context {
  io: CommandIO;
  options: SetupOptions;
  paint: Paint;
  ask: Ask | undefined;
  path: string;
}

function printRestartHint(io: CommandIO): void {
  io.stdout('Restart Claude Code (quit every session and start it again) so it reads the new settings.');
  io.stdout('Then start cc-top, and check the whole path with: cc-top doctor');
}

/** Show the change, then apply it only if --yes or the user says yes on a terminal. */
async function confirm(ctx: Context, heading: string, changes: Change[]): Promise<'apply' | 'dry-run' | 'declined' | 'no-terminal'> {
  const { io, options } = ctx;
  io.stdout(heading);
  for (const line of formatChanges(changes, ctx.paint)) io.stdout(line);
  if (options.dryRun) {
    io.stdout('Dry run: nothing written.');
    return 'dry-run';
  }
  if (options.yes) return 'apply';
  if (io.stdoutStream.isTTY && ctx.ask) {
    if (await ctx.ask(APPLY_QUESTION)) return 'apply';
    io.stdout('Nothing written.');
    return 'declined';
  }
  io.stderr('cc-top: not asking without a terminal, so nothing was written. Re-run with --yes to apply this change (or --dry-run to only show it).');
  return 'no-terminal';
}

/** Back up the old file (if any), then write the new one in its place with the same mode. */
async function writeSettings(ctx: Context, loaded: LoadedSettings, settings: JsonObject): Promise<void> {
  if (loaded.exists) ctx.io.stdout(`Backed up the old settings to ${await backupFile(ctx.path, ctx.io.clock())}`);
  await writeJsonFile(ctx.path, settings, loaded.mode);
  ctx.io.stdout(`Wrote ${ctx.path}`);
}

async function runApply(ctx: Context): Promise<number> {
  const { io, options, paint } = ctx;
  const loaded = await readSettings(ctx.path);
  const recordPath = setupRecordPath(ctx.path);
  const record = await readSetupRecord(recordPath);
  const plan = planSetup(
    loaded.settings,
    { env: telemetryEnv(options), ...(options.statusline ? { statusLine: CC_TOP_STATUS_LINE } : {}), force: options.force },
    record,
  );
  if (plan.keptStatusLine !== undefined) {
    io.stderr(
      paint.warn(
        `cc-top: kept your statusLine ${JSON.stringify(plan.keptStatusLine)}; pass --statusline --force to replace it with "${CC_TOP_STATUS_LINE.command}".`,
      ),
    );
  }
  if (plan.changes.length === 0) {
    io.stdout(`Already set up: ${ctx.path} has every setting cc-top needs. Nothing written.`);
    io.stdout('No data in cc-top? Check with: cc-top doctor');
    return 0;
  }
  const verdict = await confirm(ctx, `cc-top setup will change ${ctx.path}:`, plan.changes);
  if (verdict === 'dry-run') return 0;
  if (verdict !== 'apply') return 1;
  // The record goes first: should the settings write then fail, undo finds nothing of cc-top's
  // values in the file and leaves it alone, which is right.
  await writeJsonFile(recordPath, plan.record satisfies SetupRecord, undefined);
  await writeSettings(ctx, loaded, plan.settings);
  if (plan.changes.some((c) => c.path === 'statusLine')) {
    // Claude Code runs the command through the shell: an `npx cc-top` alone leaves nothing on PATH.
    io.stdout(`The status line runs "${CC_TOP_STATUS_LINE.command}": cc-top must be on your PATH (in your cc-top checkout: npm install && npm install -g .).`);
  }
  printRestartHint(io);
  return 0;
}

async function runUndo(ctx: Context): Promise<number> {
  const { io } = ctx;
  const recordPath = setupRecordPath(ctx.path);
  const record = await readSetupRecord(recordPath);
  if (!record) {
    io.stdout(`Nothing to undo: there is no record of cc-top setup changing ${ctx.path} (${recordPath} is absent).`);
    return 0;
  }
  const loaded = await readSettings(ctx.path);
  const plan = planUndo(loaded.settings, record);
  for (const path of plan.leftAlone) io.stdout(`Left ${path} as it is: it was changed after cc-top setup set it.`);
  if (plan.changes.length === 0) {
    io.stdout(`Nothing to undo in ${ctx.path}: none of the values cc-top setup set are there any more.`);
    if (!ctx.options.dryRun) await removeSetupRecord(recordPath);
    return 0;
  }
  const verdict = await confirm(ctx, `cc-top setup --undo will change ${ctx.path}:`, plan.changes);
  if (verdict === 'dry-run') return 0;
  if (verdict !== 'apply') return 1;
  await writeSettings(ctx, loaded, plan.settings);
  await removeSetupRecord(recordPath);
  io.stdout('Restart Claude Code so it stops sending telemetry to cc-top.');
  return 0;
}

function runShell(ctx: Context): number {
  const shell = ctx.options.shell!;
  // stdout holds only the lines, so `eval "$(cc-top setup --shell bash)"` works; advice goes to stderr.
  for (const line of shellExports(telemetryEnv(ctx.options), shell)) ctx.io.stdout(line);
  ctx.io.stderr(`cc-top: add these lines to ${shellProfile(shell)}, open a new terminal and start Claude Code from it; check with: cc-top doctor`);
  return 0;
}

export async function runSetup(argv: string[], io: CommandIO, ask?: Ask): Promise<number> {
  let options: SetupOptions;
  try {
    options = parseSetupArgs(argv);
  } catch (err) {
    if (!(err instanceof SetupUsageError)) throw err;
    io.stderr(`cc-top setup: ${err.message}\n`);
    io.stderr(SETUP_USAGE);
    return 2;
  }
  if (options.mode === 'help') {
    io.stdout(SETUP_USAGE);
    return 0;
  }
  const ctx: Context = { io, options, ask, path: settingsPath(io.env), paint: createPaint(colorEnabled(io.stdoutStream, io.env, options.noColor)) };
  try {
    if (options.mode === 'shell') return runShell(ctx);
    if (options.mode === 'undo') return await runUndo(ctx);
    return await runApply(ctx);
  } catch (err) {
    if (err instanceof SettingsFileError) {
      io.stderr(`cc-top setup: ${err.message}`);
      return 1;
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw err;
    io.stderr(
      `cc-top setup: could not write next to ${ctx.path}: ${(err as Error).message}` +
        (code === 'EACCES' || code === 'EPERM' ? '. Check the permissions of that directory and file.' : '') +
        ' Run with --shell bash|zsh|fish to set the variables in your shell instead.',
    );
    return 1;
  }
}
