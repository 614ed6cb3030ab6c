// The one line `cc-top statusline` prints: model · session cost · today · 5h · 7d · cache.
// Pure: figures, paint and the time in, text out.
import { formatPercent, formatUsd } from '../report/format.js';
import { formatUsageWindow } from '../report/planUsage.js';
import type { Paint } from '../report/paint.js';
import type { RateLimitWindow } from './input.js';

export interface StatuslineView {
  model: string | null;
  sessionCostUsd: number | null;
  todayCostUsd: number | null;
  /** `~` before a cost part of which is provisional or estimated, as on every other surface. */
  sessionApproximate?: boolean;
  todayApproximate?: boolean;
  fiveHour: RateLimitWindow | null;
  sevenDay: RateLimitWindow | null;
  cacheEfficiency: number | null;
}

function usage(label: string, limit: RateLimitWindow, paint: Paint, nowMs: number): string {
  return formatUsageWindow(label, limit.usedPercentage, limit.resetsAt === null ? null : limit.resetsAt - nowMs / 1_000, paint);
}

export function formatStatusline(view: StatuslineView, paint: Paint, nowMs: number): string {
  const parts: string[] = [];
  if (view.model) parts.push(paint.accent(view.model.trim()));
  const mark = (approximate: boolean | undefined) => (approximate ? '~' : '');
  if (view.sessionCostUsd !== null) parts.push(`${paint.bold(`${mark(view.sessionApproximate)}${formatUsd(view.sessionCostUsd)}`)} ${paint.muted('session')}`);
  if (view.todayCostUsd !== null) parts.push(`${mark(view.todayApproximate)}${formatUsd(view.todayCostUsd)} ${paint.muted('today')}`);
  if (view.fiveHour) parts.push(usage('5h', view.fiveHour, paint, nowMs));
  if (view.sevenDay) parts.push(usage('7d', view.sevenDay, paint, nowMs));
  if (view.cacheEfficiency !== null) parts.push(`${paint.muted('cache')} ${formatPercent(view.cacheEfficiency, 0)}`);
  if (parts.length === 0) return paint.muted('cc-top: no status data yet');
  return parts.join(paint.muted(' · '));
}
