// Taking back figures an import added: the exact mirror of adding them (totals, by model and query
// source, the session's usage and every bucket tier that still holds them), never below zero.
import { takeFrom } from './counters.js';
import { takeFromRollups } from './rollups.js';
import { usageKey, type ImportedGroup, type StoreState } from './state.js';

function isEmpty(counters: object): boolean {
  for (const _ in counters) return false;
  return true;
}

export function takeBackGroup(state: StoreState, sessionId: string, g: ImportedGroup): void {
  takeFrom(state.totals.counters, g.counters);
  if (g.model !== undefined) {
    const c = state.totals.byModel.get(g.model);
    if (c) takeFrom(c, g.counters);
  }
  if (g.source !== undefined) {
    const c = state.totals.bySource.get(g.source);
    if (c) takeFrom(c, g.counters);
  }
  const key = usageKey(g.model, g.source);
  const session = state.sessions.get(sessionId);
  if (session) {
    takeFrom(session.counters, g.counters);
    const usage = session.usage.get(key);
    if (usage) {
      takeFrom(usage.counters, g.counters);
      if (usage.imported) takeFrom(usage.imported, g.counters);
      if (isEmpty(usage.counters)) session.usage.delete(key);
    }
  } else {
    // Evicted since: its figures were folded into `evicted`.
    const usage = state.evicted.usage.get(key);
    if (usage) {
      takeFrom(usage.counters, g.counters);
      if (usage.imported) takeFrom(usage.imported, g.counters);
    }
  }
  takeFromRollups(state, g.t, { session: sessionId, model: g.model, source: g.source }, g.counters);
}
