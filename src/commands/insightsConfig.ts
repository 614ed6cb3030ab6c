// Budgets and alert rules for a command: the config file (with its warnings) and the flags on top.
import { configPath, loadConfig, mergeFlags, type BudgetFlags, type InsightsConfig } from '../insights/config.js';
import type { CommandIO } from './io.js';

export async function loadInsights(flags: BudgetFlags, io: CommandIO): Promise<{ config: InsightsConfig; warnings: string[] }> {
  const { config, warnings } = await loadConfig(configPath(io.env), io.env);
  return { config: mergeFlags(config, flags), warnings };
}
