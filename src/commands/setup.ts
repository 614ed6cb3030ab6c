// `cc-top setup`: point Claude Code at cc-top by merging the telemetry variables into its user
// settings. Shows the change, asks (or --yes), backs up, edits the file in place (its formatting,
// comments and numbers kept) with verified writes; --undo puts it back. One setup runs at a time.
// Exit codes: 0 done (or nothing to do), 1 not applied (declined, not a terminal, bad file, a
// write that failed), 2 a usage error.
import { WriteError, type WriteFs } from '../files/safeWrite.js';
import { colorEnabled, createPaint, type Paint } from '../report/paint.js';
import { formatChanges } from '../setup/changeList.js';
import { strayPerSignalOverrides } from '../setup/perSignalOverrides.js';
import { parseSetupArgs, SETUP_USAGE, SetupUsageError, type SetupOptions } from '../setup/setupArgs.js';
import {
  backupSettings,
  readSettings,
  readSetupRecord,
  removeSetupRecord,
  settingsPath,
  setupLockPath,
  setupRecordPath,
  SettingsFileError,
  writeSettingsText,
  writeSetupRecord,
  type LoadedSettings,
} from '../setup/settingsFile.js';
import { CC_TOP_STATUS_LINE, planSetup, planUndo, type Change, type JsonObject } from '../setup/settingsMerge.js';
import { editSettingsText, SettingsEditError } from '../setup/settingsText.js';
import { acquireSetupLock, SetupLockedError } from '../setup/setupLock.js';
import { shellExports, shellProfile } from '../setup/shellExports.js';
import { showJson } from '../setup/terminalSafe.js';
import { telemetryEnv } from '../setup/telemetryEnv.js';
import type { CommandIO } from './io.js';
import { configPath } from '../insights/config.js';
import { existingEndpoint } from '../setup/existingEndpoint.js';
import { ConfigFileError, readConfigText, showForwardEntry, withForward, writeConfigText, type ConfigText, type ForwardEntry } from '../setup/forwardConfigFile.js';
import type { EnvRemoval } from '../setup/settingsMerge.js';
import { offerImport } from './import.js';

export { settingsPath } from '../setup/settingsFile.js';
export { telemetryEnv } from '../setup/telemetryEnv.js';

export const APPLY_QUESTION = 'Apply? [y/N]';
export const KEEP_FORWARD_QUESTION = 'Keep sending it there too? cc-top then forwards everything it receives [Y/n]';
/** Another setup usually finishes in milliseconds; one waiting at its question holds the lock longer. */
export const LOCK_WAIT_MS = 10_000;

/** Ask a yes/no question on the terminal; `defaultYes` for a question whose Enter means yes. */
type Ask = (question: string, defaultYes?: boolean) => Promise<boolean>;

/** What tests replace: the file system under every write, and the wait for another setup. */
export interface SetupDeps {
  fs?: WriteFs;
  lockWaitMs?: number;
  /** Called when another setup holds the lock and this one starts to wait for it. */
  onLockWait?: () => void;
}

interface Context {
  io: CommandIO;
  options: SetupOptions;
  paint: Paint;
  ask: Ask | undefined;
  path: string;
  deps: SetupDeps;
}

function printRestartHint(io: CommandIO): void {
  io.stdout('Restart Claude Code (quit every session and start it again) so it reads the new settings.');
  io.stdout('Then start cc-top, and check the whole path with: cc-top doctor');
}

/** Claude Code skips a settings.json it cannot read as strict JSON: setup's change would do nothing. */
function warnNotLoaded(ctx: Context, loaded: LoadedSettings): void {
  if (!loaded.claudeCodeWillNotLoad) return;
  ctx.io.stderr(
    ctx.paint.warn(
      `cc-top: Claude Code will not load ${ctx.path}: ${loaded.claudeCodeWillNotLoad}. ` +
        'Remove every comment and trailing comma from it, or none of its settings (cc-top\'s included) take effect.',
    ),
  );
}

/** Show the change, then apply it only if --yes or the user says yes on a terminal. */
async function confirm(ctx: Context, heading: string, changes: Change[], more: string[] = []): Promise<'apply' | 'dry-run' | 'declined' | 'no-terminal'> {
  const { io, options } = ctx;
  io.stdout(heading);
  for (const line of formatChanges(changes, ctx.paint)) io.stdout(line);
  for (const line of more) io.stdout(line);
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

/**
 * Read, plan, ask and write under the setup lock, so a second setup plans from the first one's
 * result instead of writing over it. A dry run only reads: it needs no lock.
 */
async function withSetupLock<T>(ctx: Context, work: () => Promise<T>): Promise<T> {
  if (ctx.options.dryRun) return work();
  let waiting = false;
  const lock = await acquireSetupLock(setupLockPath(ctx.path), {
    waitMs: ctx.deps.lockWaitMs ?? LOCK_WAIT_MS,
    clock: ctx.io.clock,
    onWait: (owner) => {
      if (waiting) return;
      waiting = true;
      ctx.io.stderr(`cc-top: waiting for another cc-top setup${owner ? ` (process ${owner.pid})` : ''} to finish...`);
      ctx.deps.onLockWait?.();
    },
  });
  try {
    return await work();
  } finally {
    await lock.release();
  }
}

/** Back up the old file (if any), then write the edited text in its place with the same mode. */
async function writeSettings(ctx: Context, loaded: LoadedSettings, text: string): Promise<void> {
  if (loaded.exists) {
    const raw = (loaded.parsed.bom ? '\uFEFF' : '') + loaded.parsed.text;
    ctx.io.stdout(`Backed up the old settings to ${await backupSettings(ctx.path, raw, loaded.mode, ctx.io.clock(), ctx.deps.fs)}`);
  }
  await writeSettingsText(ctx.path, text, loaded.mode, ctx.deps.fs);
  ctx.io.stdout(`Wrote ${ctx.path}`);
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

interface ForwardPlan {
  config: ConfigText;
  entry: ForwardEntry;
  /** The header variables, moved to the forward: they would go to cc-top now. */
  removeEnv: EnvRemoval[];
}

/**
 * When Claude Code sends its telemetry to another OTLP endpoint now, offer to keep it as cc-top's
 * forward, so whoever runs that endpoint (a company Collector) is not cut off. Undefined: nothing
 * to keep, already kept, or the user said no.
 */
async function planForward(ctx: Context, settingsEnv: JsonObject): Promise<ForwardPlan | undefined> {
  const { io, options, paint } = ctx;
  const found = existingEndpoint(settingsEnv, [options.grpcPort, options.httpPort]);
  if (!found) return undefined;
  if ('problem' in found) {
    io.stderr(paint.warn(`cc-top: Claude Code sends its telemetry elsewhere now, but ${found.problem}; after this change it goes to cc-top only. To keep that copy, run cc-top with --forward URL (or "forward" in its config.json).`));
    return undefined;
  }
  const { upstream } = found;
  const config = await readConfigText(configPath(io.env));
  if (config.forwardUrl === upstream.url) {
    io.stdout(`Claude Code sends its telemetry to ${upstream.url} now; cc-top already forwards there (${config.path}).`);
    return undefined;
  }
  io.stdout(`Claude Code sends its telemetry to ${upstream.url} (${upstream.protocol}) now; after this change it goes to cc-top instead.`);
  const replacing = config.forwardUrl ? ` (in place of its forward to ${config.forwardUrl})` : '';
  let keep = options.keepForward;
  if (keep && !options.yes && !options.dryRun && io.stdoutStream.isTTY && ctx.ask) keep = await ctx.ask(KEEP_FORWARD_QUESTION, true);
  if (!keep) {
    io.stdout(`${upstream.url} will no longer get Claude Code's telemetry from this machine${options.keepForward ? '' : ' (--no-forward)'}.`);
    return undefined;
  }
  io.stdout(`cc-top will forward everything it receives to ${upstream.url}${replacing}, saved as "forward" in ${config.path}.`);
  if (upstream.tlsKeys.length > 0) {
    io.stderr(paint.warn(`cc-top: ${upstream.tlsKeys.join(', ')} ${upstream.tlsKeys.length === 1 ? 'is' : 'are'} not carried over: for a company CA, start cc-top with NODE_EXTRA_CA_CERTS=<that file>; client certificates are not supported. cc-top doctor shows whether the upstream takes requests.`));
  }
  const entry: ForwardEntry = { url: upstream.url, ...(upstream.headers.length ? { headers: Object.fromEntries(upstream.headers) } : {}) };
  const removeEnv = upstream.headerKeys.map((key) => ({ key, note: `moved to cc-top's forward: cc-top sends these headers to ${upstream.url}` }));
  return { config, entry, removeEnv };
}

async function runApply(ctx: Context): Promise<number> {
  const { io, options, paint } = ctx;
  const recordPath = setupRecordPath(ctx.path);
  return withSetupLock(ctx, async () => {
    const loaded = await readSettings(ctx.path);
    const record = await readSetupRecord(recordPath);
    const env = telemetryEnv(options);
    const current = isObject(loaded.settings['env']) ? loaded.settings['env'] : {};
    const forward = await planForward(ctx, current);
    const plan = planSetup(
      loaded.settings,
      {
        env,
        removeEnv: [...strayPerSignalOverrides(current, options.protocol, env['OTEL_EXPORTER_OTLP_ENDPOINT']!), ...(forward?.removeEnv ?? [])],
        ...(options.statusline ? { statusLine: CC_TOP_STATUS_LINE } : {}),
        force: options.force,
      },
      record,
    );
    if (plan.keptStatusLine !== undefined) {
      io.stderr(
        paint.warn(
          `cc-top: kept your statusLine ${showJson(plan.keptStatusLine)}; pass --statusline --force to replace it with "${CC_TOP_STATUS_LINE.command}".`,
        ),
      );
    }
    warnNotLoaded(ctx, loaded);
    if (plan.changes.length === 0 && !forward) {
      io.stdout(`Already set up: ${ctx.path} has every setting cc-top needs. Nothing written.`);
      io.stdout('No data in cc-top? Check with: cc-top doctor');
      return 0;
    }
    const more = forward ? [`and ${forward.config.path}:`, paint.ok(`  + ${showForwardEntry(forward.entry)}`)] : [];
    const verdict = await confirm(ctx, `cc-top setup will change ${ctx.path}:`, plan.changes, more);
    if (verdict === 'dry-run') return 0;
    if (verdict !== 'apply') return 1;
    // The edit is made (and checked) before anything is written.
    const text = editSettingsText(loaded.parsed, plan.settings);
    // The forward first: should it fail, Claude Code still sends where it did, and nobody is cut off.
    if (forward) {
      await writeConfigText(forward.config.path, withForward(forward.config, forward.entry), ctx.deps.fs);
      io.stdout(`Wrote ${forward.config.path} (private: it holds the endpoint's headers)`);
      plan.record.forward = { file: forward.config.path, url: forward.entry.url };
    }
    // The record goes first: should the settings write then fail, undo finds nothing of cc-top's
    // values in the file and leaves it alone, which is right.
    await writeSetupRecord(recordPath, plan.record, ctx.deps.fs);
    await writeSettings(ctx, loaded, text);
    if (plan.changes.some((c) => c.path === 'statusLine')) {
      // Claude Code runs the command through the shell: an `npx cc-top` alone leaves nothing on PATH.
      io.stdout(`The status line runs "${CC_TOP_STATUS_LINE.command}": cc-top must be on your PATH (in your cc-top checkout: npm install && npm install -g .).`);
    }
    printRestartHint(io);
    if (forward) io.stdout(`cc-top forwards to ${forward.entry.url} from its next start: restart a running cc-top (or run cc-top service install again).`);
    return 0;
  });
}

/** Take out the forward setup wrote, when config.json still holds it; a line saying what happens. */
async function planForwardUndo(ctx: Context, record: NonNullable<Awaited<ReturnType<typeof readSetupRecord>>>): Promise<{ config: ConfigText; line: string } | undefined> {
  if (!record.forward) return undefined;
  const config = await readConfigText(record.forward.file);
  if (config.forwardUrl !== record.forward.url) {
    ctx.io.stdout(`Left "forward" in ${record.forward.file} as it is: it was changed after cc-top setup set it.`);
    return undefined;
  }
  return { config, line: ctx.paint.error(`  - ${record.forward.file}: "forward" to ${record.forward.url} (Claude Code sends there itself again)`) };
}

async function runUndo(ctx: Context): Promise<number> {
  const { io } = ctx;
  const recordPath = setupRecordPath(ctx.path);
  return withSetupLock(ctx, async () => {
    const record = await readSetupRecord(recordPath);
    if (!record) {
      io.stdout(`Nothing to undo: there is no record of cc-top setup changing ${ctx.path} (${recordPath} is absent).`);
      return 0;
    }
    const loaded = await readSettings(ctx.path);
    const plan = planUndo(loaded.settings, record);
    for (const path of plan.leftAlone) io.stdout(`Left ${path} as it is: it was changed after cc-top setup set it.`);
    const forward = await planForwardUndo(ctx, record);
    if (plan.changes.length === 0 && !forward) {
      io.stdout(`Nothing to undo in ${ctx.path}: none of the values cc-top setup set are there any more.`);
      if (!ctx.options.dryRun) await removeSetupRecord(recordPath);
      return 0;
    }
    const verdict = await confirm(ctx, `cc-top setup --undo will change ${ctx.path}:`, plan.changes, forward ? [forward.line] : []);
    if (verdict === 'dry-run') return 0;
    if (verdict !== 'apply') return 1;
    // Settings first: Claude Code sends to the endpoint itself again before cc-top stops forwarding there.
    if (plan.changes.length > 0) await writeSettings(ctx, loaded, editSettingsText(loaded.parsed, plan.settings));
    if (forward) {
      await writeConfigText(forward.config.path, withForward(forward.config, undefined), ctx.deps.fs);
      io.stdout(`Took "forward" out of ${forward.config.path}`);
    }
    await removeSetupRecord(recordPath);
    io.stdout('Restart Claude Code so it stops sending telemetry to cc-top.');
    return 0;
  });
}

function runShell(ctx: Context): number {
  const shell = ctx.options.shell!;
  // stdout holds only the lines, so `eval "$(cc-top setup --shell bash)"` works; advice goes to stderr.
  for (const line of shellExports(telemetryEnv(ctx.options), shell)) ctx.io.stdout(line);
  ctx.io.stderr(`cc-top: add these lines to ${shellProfile(shell)}, open a new terminal and start Claude Code from it; check with: cc-top doctor`);
  return 0;
}

export async function runSetup(argv: string[], io: CommandIO, ask?: Ask, deps: SetupDeps = {}): Promise<number> {
  let options: SetupOptions;
  try {
    options = parseSetupArgs(argv);
  } catch (err) {
    if (!(err instanceof SetupUsageError)) throw err;
    io.stderr(`cc-top setup: ${err.message}`);
    io.stderr('Run `cc-top setup --help` for the options.');
    return 2;
  }
  if (options.mode === 'help') {
    io.stdout(SETUP_USAGE);
    return 0;
  }
  const ctx: Context = { io, options, ask, deps, path: settingsPath(io.env), paint: createPaint(colorEnabled(io.stdoutStream, io.env, options.noColor)) };
  try {
    if (options.mode === 'shell') return runShell(ctx);
    if (options.mode === 'undo') return await runUndo(ctx);
    const code = await runApply(ctx);
    // History from before cc-top, once the settings are done (outside the settings lock).
    if (code === 0 && !options.dryRun) await offerImport(io, options.yes ? undefined : ask);
    return code;
  } catch (err) {
    if (err instanceof ConfigFileError) {
      io.stderr(
        options.mode === 'undo'
          ? `cc-top setup: ${err.message}, so the "forward" setup wrote there cannot be taken out. Nothing was written. Fix that file, then run cc-top setup --undo again.`
          : `cc-top setup: ${err.message}, so the endpoint Claude Code sends to now cannot be kept as cc-top's forward. Nothing was written. Fix that file, or pass --no-forward to drop that endpoint.`,
      );
      return 1;
    }
    if (err instanceof SettingsFileError || err instanceof SetupLockedError) {
      io.stderr(`cc-top setup: ${err.message}`);
      return 1;
    }
    if (err instanceof WriteError) {
      // The settings file is the last thing written, so a failed write always left it as it was.
      io.stderr(`cc-top setup: ${err.message}. ${ctx.path} was not changed. Fix that, then run cc-top setup again (or use --shell bash|zsh|fish to set the variables in your shell instead).`);
      return 1;
    }
    if (err instanceof SettingsEditError) {
      io.stderr(`cc-top setup: ${err.message} in ${ctx.path}, so nothing was written. Edit the file by hand with the changes above (or use --shell).`);
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
