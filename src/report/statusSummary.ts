// The status line's figures, kept up to date by the process that receives the telemetry in a small
// file beside the store (`status.json`): Claude Code runs `cc-top statusline` on every refresh, and
// reading the whole store each time cost several times Node's own start-up. The figures are the
// live ones every other surface shows (see live.ts).
import { writeFileVerified } from '../files/safeWrite.js';
import type { StoreState } from '../store/state.js';
import { dayStart } from '../store/rollups.js';
import { makeSlice, sessionLifetime, sliceFigures } from './figures.js';
import { STATUS_SUMMARY_SESSIONS, statusSummaryPath, type StatusSummary } from './statusSummaryFile.js';
import { resolveWindow } from './window.js';

const DAY_MS = 86_400_000;

export function computeStatusSummary(state: StoreState, nowMs: number): StatusSummary {
  const slice = makeSlice(state, resolveWindow('today', nowMs));
  const today = sliceFigures(slice);
  const live = today.live;
  const sessions: [string, number][] = [];
  const approximate: string[] = [];
  for (const s of [...state.sessions.values()].reverse()) {
    if (sessions.length >= STATUS_SUMMARY_SESSIONS || s.lastSeen < nowMs - DAY_MS) break;
    const { live: sessionLive, metrics } = sessionLifetime(s, slice.rule);
    sessions.push([s.id, sessionLive.costNanos ?? 0]);
    if ((sessionLive.costNanos ?? 0) > (metrics.costNanos ?? 0) || (sessionLive.estCostNanos ?? 0) > 0) approximate.push(s.id);
  }
  return {
    version: 1,
    at: nowMs,
    day: dayStart(nowMs),
    todayNanos: live.costNanos ?? 0,
    todayProvisionalNanos: Math.max(0, (live.costNanos ?? 0) - (today.metrics.costNanos ?? 0)),
    todayEstimatedNanos: live.estCostNanos ?? 0,
    todayPromptTokens: (live.tokIn ?? 0) + (live.tokCacheRead ?? 0) + (live.tokCacheCreation ?? 0),
    todayCacheReadTokens: live.tokCacheRead ?? 0,
    sessions,
    approximate,
  };
}

/**
 * The store's `onWritten` hook for whoever writes the store (the receiver, or an import holding
 * it): status.json beside it follows every write. Not fsync'ed (a cache rewritten on each store
 * write); one that fails to write only leaves the status line on the figures before.
 */
export function statusSummaryWriter(storePath: string, clock: () => number): (state: StoreState) => void {
  const path = statusSummaryPath(storePath);
  return (state) => void writeFileVerified(path, JSON.stringify(computeStatusSummary(state, clock())), { fsync: false }).catch(() => undefined);
}
