// Budgets and alert settings: defaults, the config file (platform config dir, or $CC_TOP_CONFIG),
// and the --budget-* flags, which win over the file. A bad config file never stops cc-top: each bad
// key becomes a warning naming the file, the key and the fix, and that key keeps its default.
import envPaths from 'env-paths';
import { join, resolve } from 'node:path';
import { FileTooLargeError, readFileBounded } from '../files/safeWrite.js';
import { commandOnPath } from './commandOnPath.js';
import type { BudgetFlags } from './budgetFlags.js';

export { BudgetUsageError, parseUsd, type BudgetFlags } from './budgetFlags.js';
import { validateConfig } from './configSchema.js';
import type { InsightsConfig, NotifySettings, RuleSettings } from './configTypes.js';

export const CONFIG_ENV = 'CC_TOP_CONFIG';
/** Used for desktop notifications when found on PATH and the file names no other command. */
export const DEFAULT_NOTIFY_COMMAND = 'notify-send';
/** A config file holds a dozen settings; one far larger is not a config file. */
export const CONFIG_MAX_BYTES = 64 * 1024;

export type { BudgetSettings, InsightsConfig, NotifySettings, RuleSettings } from './configTypes.js';

export interface LoadedConfig {
  config: InsightsConfig;
  warnings: string[];
}

export const DEFAULT_RULES: Readonly<RuleSettings> = { errorRateThreshold: 0.2, cacheEfficiencyMin: 0.5, stalledSessionMinutes: 10 };
export const DEFAULT_NOTIFY: Readonly<NotifySettings> = { bell: true, desktop: true };

export function defaultConfig(): InsightsConfig {
  return { budgets: {}, notify: { ...DEFAULT_NOTIFY }, rules: { ...DEFAULT_RULES } };
}

/** $CC_TOP_CONFIG when set, else `config.json` in the platform config dir (as the store uses the data dir). */
export function configPath(env: NodeJS.ProcessEnv): string {
  const fromEnv = env[CONFIG_ENV];
  if (fromEnv) return resolve(fromEnv);
  return join(envPaths('cc-top', { suffix: '' }).config, 'config.json');
}

async function readConfigText(path: string): Promise<{ text?: string; warning?: string }> {
  try {
    return { text: await readFileBounded(path, CONFIG_MAX_BYTES) };
  } catch (err) {
    if (err instanceof FileTooLargeError) {
      return { warning: `${path}: is ${err.size} bytes, more than the ${CONFIG_MAX_BYTES / 1024} KiB a config file may be; using the defaults. Is it the right file?` };
    }
    const e = err as NodeJS.ErrnoException;
    // No file is the normal case: everything has a default.
    if (e.code === 'ENOENT') return {};
    return { warning: `${path}: could not be read (${e.code ?? e.message}); using the defaults. Check that it is a readable file.` };
  }
}

/**
 * The settings from the file at `path` (missing file: the defaults). Never throws. `env` supplies
 * PATH, to find the notification command.
 */
export async function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): Promise<LoadedConfig> {
  const { text, warning } = await readConfigText(path);
  const validated = text === undefined ? { config: defaultConfig(), command: undefined, warnings: warning ? [warning] : [] } : validateConfig(text, path, defaultConfig());
  const { config, command, warnings } = validated;
  if (command === undefined) {
    const found = await commandOnPath(DEFAULT_NOTIFY_COMMAND, env);
    if (found) config.notify.command = found;
  } else if (command !== null) {
    const found = await commandOnPath(command, env);
    if (found) config.notify.command = found;
    else
      warnings.push(
        `${path}: notify.command ${JSON.stringify(command)} was not found on PATH; desktop notifications use the terminal alone. Install it, give its full path, or set "command": null.`,
      );
  }
  return { config, warnings };
}

/** The config with the --budget-* flags applied: a flag wins over the file. */
export function mergeFlags(config: InsightsConfig, flags: BudgetFlags): InsightsConfig {
  const budgets = { ...config.budgets };
  if (flags.budgetDay !== undefined) budgets.dayUsd = flags.budgetDay;
  if (flags.budgetSession !== undefined) budgets.sessionUsd = flags.budgetSession;
  if (flags.budgetMonth !== undefined) budgets.monthUsd = flags.budgetMonth;
  return { ...config, budgets };
}

