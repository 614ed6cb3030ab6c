// What several panels read from a view's sessions (thousands of them), worked out once per view:
// a key that only moves a selection or switches a panel redraws from these.
import type { SessionSummary } from '../../report/summary.js';
import { isActive, type View } from './panelProps.js';

interface Kept {
  active?: number;
  byCost?: readonly SessionSummary[];
}

const kept = new WeakMap<View, Kept>();

function of(view: View): Kept {
  let k = kept.get(view);
  if (!k) {
    k = {};
    kept.set(view, k);
  }
  return k;
}

/** How many of the view's sessions are active at its "now". */
export function activeSessions(view: View): number {
  const k = of(view);
  k.active ??= view.summary.sessions.filter((s) => isActive(s.lastSeen, view.now)).length;
  return k.active;
}

/** The view's sessions, highest live cost first (ties in the summary's order). */
export function sessionsByCost(view: View): readonly SessionSummary[] {
  const k = of(view);
  k.byCost ??= [...view.summary.sessions].sort((a, b) => b.liveCostUsd - a.liveCostUsd);
  return k.byCost;
}
