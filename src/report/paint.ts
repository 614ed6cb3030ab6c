// Semantic colour roles for plain-text output (--once, doctor, statusline). The TUI maps the same
// roles to Ink colours in src/ui/theme.ts. With colour off every role is the identity.
import { Chalk } from 'chalk';

export type Role = 'accent' | 'muted' | 'ok' | 'warn' | 'error' | 'bold';
export type Paint = Record<Role, (text: string) => string>;

/** Colour is on for a TTY unless NO_COLOR is set (any value, per no-color.org) or --no-color. */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, flagNoColor = false): boolean {
  if (flagNoColor) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return Boolean(stream.isTTY);
}

export function createPaint(enabled: boolean): Paint {
  const chalk = new Chalk({ level: enabled ? 1 : 0 });
  return {
    accent: (t) => chalk.cyan(t),
    muted: (t) => chalk.gray(t),
    ok: (t) => chalk.green(t),
    warn: (t) => chalk.yellow(t),
    error: (t) => chalk.red(t),
    bold: (t) => chalk.bold(t),
  };
}

export interface CostThresholds {
  /** At or above: warn colour. */
  warnUsd: number;
  /** At or above: error colour. */
  errorUsd: number;
}

export const DEFAULT_COST_THRESHOLDS: CostThresholds = { warnUsd: 10, errorUsd: 50 };

export function costRole(usd: number, thresholds: CostThresholds = DEFAULT_COST_THRESHOLDS): 'ok' | 'warn' | 'error' {
  if (usd >= thresholds.errorUsd) return 'error';
  if (usd >= thresholds.warnUsd) return 'warn';
  return 'ok';
}
