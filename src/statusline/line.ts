// The one line `cc-top statusline` prints: model · session cost · today · 5h · 7d · cache.
// Pure: figures, paint and the time in, text out.
import { formatPercent, formatUsd } from '../report/format.js';
import type { Paint } from '../report/paint.js';
import type { RateLimitWindow } from './input.js';

/** Plan usage at or above these percentages is shown in the warn / error colour. */
export const USAGE_WARN_PERCENT = 80;
export const USAGE_ERROR_PERCENT = 95;

export interface StatuslineView {
  model: string | null;
  sessionCostUsd: number | null;
  todayCostUsd: number | null;
  fiveHour: RateLimitWindow | null;
  sevenDay: RateLimitWindow | null;
  cacheEfficiency: number | null;
}

export function usageRole(percent: number): 'warn' | 'error' | null {
  if (percent >= USAGE_ERROR_PERCENT) return 'error';
  if (percent >= USAGE_WARN_PERCENT) return 'warn';
  return null;
}

/** Time until a reset, in the two largest units: `3d4h`, `2h13m`, `42m`, `<1m`, `now`. */
export function formatCountdown(seconds: number): string {
  if (seconds <= 0) return 'now';
  if (seconds < 60) return '<1m';
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  if (d > 0) return `${d}d${h}h`;
  if (h > 0) return `${h}h${m}m`;
  return `${m}m`;
}

/** A model name from stdin is shown verbatim, minus anything that could break the one line. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}

function usage(label: string, limit: RateLimitWindow, paint: Paint, nowMs: number): string {
  const text = `${label} ${Math.round(limit.usedPercentage)}%`;
  const role = usageRole(limit.usedPercentage);
  const shown = role ? paint[role](text) : text;
  if (limit.resetsAt === null) return shown;
  return `${shown} ${paint.muted(`↻${formatCountdown(limit.resetsAt - nowMs / 1_000)}`)}`;
}

export function formatStatusline(view: StatuslineView, paint: Paint, nowMs: number): string {
  const parts: string[] = [];
  if (view.model) parts.push(paint.accent(oneLine(view.model)));
  if (view.sessionCostUsd !== null) parts.push(`${paint.bold(formatUsd(view.sessionCostUsd))} ${paint.muted('session')}`);
  if (view.todayCostUsd !== null) parts.push(`${formatUsd(view.todayCostUsd)} ${paint.muted('today')}`);
  if (view.fiveHour) parts.push(usage('5h', view.fiveHour, paint, nowMs));
  if (view.sevenDay) parts.push(usage('7d', view.sevenDay, paint, nowMs));
  if (view.cacheEfficiency !== null) parts.push(`${paint.muted('cache')} ${formatPercent(view.cacheEfficiency, 0)}`);
  if (parts.length === 0) return paint.muted('cc-top: no status data yet');
  return parts.join(paint.muted(' · '));
}
