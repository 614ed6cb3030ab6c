// Semantic colour roles for plain-text output (--once, doctor, statusline). The TUI maps the same
// roles to Ink colours in src/ui/theme.ts. With colour off every role is the identity.

export type Role = 'accent' | 'muted' | 'ok' | 'warn' | 'error' | 'bold';
export type Paint = Record<Role, (text: string) => string>;

/** Colour is on for a TTY unless NO_COLOR is set (any value, per no-color.org) or --no-color. */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, flagNoColor = false): boolean {
  if (flagNoColor) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return Boolean(stream.isTTY);
}

/**
 * The six basic SGR styles, written out: the status line runs on every refresh of Claude Code's
 * status bar, and loading a colour library cost a third of Node's own start-up.
 */
const SGR: Record<Role, [open: number, close: number]> = { accent: [36, 39], muted: [90, 39], ok: [32, 39], warn: [33, 39], error: [31, 39], bold: [1, 22] };

export function createPaint(enabled: boolean): Paint {
  const style = (role: Role) => {
    const [open, close] = SGR[role];
    return enabled ? (t: string) => `\x1b[${open}m${t}\x1b[${close}m` : (t: string) => t;
  };
  return { accent: style('accent'), muted: style('muted'), ok: style('ok'), warn: style('warn'), error: style('error'), bold: style('bold') };
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
