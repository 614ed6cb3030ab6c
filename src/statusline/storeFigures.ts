// The figures the status line takes from cc-top's store. Only the light report helpers are
// imported: this runs on every status refresh.
import { JsonFileAdapter } from '../store/persistence.js';
import type { StoreState } from '../store/state.js';
import { cacheEfficiency, costUsdOf, tokensOf } from '../report/summary.js';
import { resolveWindow, windowFigures } from '../report/window.js';
import { ownValue } from '../telemetry/wireKeys.js';

export interface StoreFigures {
  /** This session's metric cost, or null when the store has no cost for it (yet). */
  sessionCostUsd: number | null;
  /** Today's total (local day), all sessions. */
  todayCostUsd: number;
  /** Today's share of prompt tokens served from cache, or null with no prompt tokens. */
  todayCacheEfficiency: number | null;
}

/** The store, or null when there is none or it cannot be read: the status line then shows stdin alone. */
export async function loadStoreQuietly(storePath: string): Promise<StoreState | null> {
  try {
    return await new JsonFileAdapter(storePath).read();
  } catch {
    return null;
  }
}

export function storeFigures(state: StoreState, sessionId: string | null, nowMs: number): StoreFigures {
  // Same figures as `selectSummary(state, 'today', now)`, without building the session and tool lists.
  const today = windowFigures(state, resolveWindow('today', nowMs)).counters;
  const session = sessionId ? ownValue(state.sessions, sessionId) : undefined;
  // A session known only from events has no metric cost yet: stdin's figure is better then.
  const sessionCostUsd = session?.c.costNanos !== undefined ? costUsdOf(session.c) : null;
  return { sessionCostUsd, todayCostUsd: costUsdOf(today), todayCacheEfficiency: cacheEfficiency(tokensOf(today)) };
}
