// Claude Code's plan usage (5 h and 7 d windows, with their reset times), as the status line
// reports it: how it is shown and what a report carries.
import { formatCountdown } from './format.js';
import type { Paint } from './paint.js';

/** Plan usage at or above these percentages is shown in the warn / error colour. */
export const USAGE_WARN_PERCENT = 80;
export const USAGE_ERROR_PERCENT = 95;

/** One rate-limit window as the status line saw it. */
export interface RateLimitWindow {
  /** 0..100 (may exceed 100 when over the limit). */
  usedPercentage: number;
  /** When the window resets, epoch seconds; null when not given. */
  resetsAt: number | null;
}

/** What the status line last saw (its side file's `rateLimits`). */
export interface PlanLimits {
  /** Epoch ms. */
  seenAt: number;
  fiveHour: RateLimitWindow | null;
  sevenDay: RateLimitWindow | null;
}

export function usageRole(percent: number): 'warn' | 'error' | null {
  if (percent >= USAGE_ERROR_PERCENT) return 'error';
  if (percent >= USAGE_WARN_PERCENT) return 'warn';
  return null;
}

/** `5h 42% ↻2h13m`: a window's usage, coloured by threshold, and the time to its reset. */
export function formatUsageWindow(label: string, usedPercentage: number, resetsInSec: number | null, paint: Paint): string {
  const text = `${label} ${Math.round(usedPercentage)}%`;
  const role = usageRole(usedPercentage);
  const shown = role ? paint[role](text) : text;
  return resetsInSec === null ? shown : `${shown} ${paint.muted(`↻${formatCountdown(resetsInSec)}`)}`;
}

/** Both windows on one line, or null when the status line has not reported them. */
export function formatPlanUsage(plan: PlanUsage | null, paint: Paint): string | null {
  if (!plan) return null;
  const parts = [
    plan.fiveHour ? formatUsageWindow('5h', plan.fiveHour.usedPercentage, plan.fiveHour.resetsInSec, paint) : null,
    plan.sevenDay ? formatUsageWindow('7d', plan.sevenDay.usedPercentage, plan.sevenDay.resetsInSec, paint) : null,
  ].filter((x): x is string => x !== null);
  return parts.length ? parts.join(paint.muted(' · ')) : null;
}

export interface PlanWindow {
  usedPercentage: number;
  /** ISO time of the reset, when known. */
  resetsAt: string | null;
  /** Seconds from now to the reset (0 once passed), when known. */
  resetsInSec: number | null;
}

export interface PlanUsage {
  /** When the status line last reported these (ISO). */
  seenAt: string;
  fiveHour: PlanWindow | null;
  sevenDay: PlanWindow | null;
}

/** Epoch seconds of a reset that a Date can hold; anything else reads as unknown. */
function resetSeconds(value: number | null): number | null {
  return value !== null && Number.isFinite(value) && value > 0 && value < 8.64e12 ? value : null;
}

function planWindow(w: RateLimitWindow | null, nowMs: number): PlanWindow | null {
  if (!w || !Number.isFinite(w.usedPercentage)) return null;
  const resetsAt = resetSeconds(w.resetsAt);
  return {
    usedPercentage: w.usedPercentage,
    resetsAt: resetsAt === null ? null : new Date(resetsAt * 1000).toISOString(),
    resetsInSec: resetsAt === null ? null : Math.max(0, Math.round(resetsAt - nowMs / 1000)),
  };
}

export function selectPlanUsage(limits: PlanLimits | null | undefined, nowMs: number): PlanUsage | null {
  if (!limits || (!limits.fiveHour && !limits.sevenDay) || !Number.isFinite(limits.seenAt)) return null;
  return { seenAt: new Date(limits.seenAt).toISOString(), fiveHour: planWindow(limits.fiveHour, nowMs), sevenDay: planWindow(limits.sevenDay, nowMs) };
}
