// What the status line's side file adds to a report: Claude Code's plan usage (5 h and 7 d
// windows, with their reset times) and the project each session works in.
import type { RateLimitWindow, SideFile } from '../store/sideFile.js';
import { formatCountdown } from './format.js';
import type { Paint } from './paint.js';
import type { SessionSummary, Summary } from './summary.js';
import { ownValue } from '../telemetry/wireKeys.js';

/** Plan usage at or above these percentages is shown in the warn / error colour. */
export const USAGE_WARN_PERCENT = 80;
export const USAGE_ERROR_PERCENT = 95;

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
  const parts = [plan.fiveHour ? formatUsageWindow('5h', plan.fiveHour.usedPercentage, plan.fiveHour.resetsInSec, paint) : null, plan.sevenDay ? formatUsageWindow('7d', plan.sevenDay.usedPercentage, plan.sevenDay.resetsInSec, paint) : null].filter((x): x is string => x !== null);
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

function planWindow(w: RateLimitWindow | null, nowMs: number): PlanWindow | null {
  if (!w) return null;
  return {
    usedPercentage: w.usedPercentage,
    resetsAt: w.resetsAt === null ? null : new Date(w.resetsAt * 1000).toISOString(),
    resetsInSec: w.resetsAt === null ? null : Math.max(0, Math.round(w.resetsAt - nowMs / 1000)),
  };
}

export function selectPlanUsage(side: SideFile | null, nowMs: number): PlanUsage | null {
  const limits = side?.rateLimits;
  if (!limits || (!limits.fiveHour && !limits.sevenDay)) return null;
  return { seenAt: new Date(limits.seenAt).toISOString(), fiveHour: planWindow(limits.fiveHour, nowMs), sevenDay: planWindow(limits.sevenDay, nowMs) };
}

/** The repository name from telemetry, else the project folder the status line saw. */
export function projectOf(session: Pick<SessionSummary, 'id' | 'labels'>, side: SideFile | null): string | null {
  return session.labels['vcs.repository.name'] ?? (side ? ownValue(side.sessions, session.id)?.projectDir : undefined) ?? null;
}

export interface SummaryWithPlan extends Summary {
  planUsage: PlanUsage | null;
  sessions: (SessionSummary & { project: string | null })[];
}

export function withSideFile(summary: Summary, side: SideFile | null, nowMs: number): SummaryWithPlan {
  return { ...summary, planUsage: selectPlanUsage(side, nowMs), sessions: summary.sessions.map((s) => ({ ...s, project: projectOf(s, side) })) };
}
