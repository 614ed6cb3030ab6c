// cc-top's own config.json, and whether Claude Code sends the prompt text --keep-prompts keeps.
import { loadConfig, configPath } from '../insights/config.js';
import { ok, warn, type Check } from './check.js';

/** config.json read as cc-top reads it: each warning (a bad key, notify-send missing) said once, here. */
export async function configCheck(env: NodeJS.ProcessEnv): Promise<Check> {
  const path = configPath(env);
  const { warnings } = await loadConfig(path, env);
  if (warnings.length === 0) return ok('config', 'cc-top config', `${path}: budgets and alerts as set (or the defaults)`);
  return warn('config', 'cc-top config', warnings.join('; '), `edit ${path} (see README "Live cost, budgets and alerts")`);
}

/**
 * Prompt text reaches cc-top only when Claude Code sends it (OTEL_LOG_USER_PROMPTS=1); cc-top keeps
 * it only with --keep-prompts. Said so a user who passed --keep-prompts knows why no text shows.
 */
export function promptTextCheck(settingsEnv: Record<string, unknown> | undefined, shellEnv: NodeJS.ProcessEnv): Check {
  const value = String(settingsEnv?.['OTEL_LOG_USER_PROMPTS'] ?? shellEnv['OTEL_LOG_USER_PROMPTS'] ?? '');
  if (value === '1' || value.toLowerCase() === 'true') return ok('prompts', 'Prompt text', 'Claude Code sends prompt text (OTEL_LOG_USER_PROMPTS=1); cc-top keeps it only with --keep-prompts');
  return ok('prompts', 'Prompt text', 'not sent by Claude Code (OTEL_LOG_USER_PROMPTS is not 1): cc-top shows prompt lengths only, even with --keep-prompts');
}
