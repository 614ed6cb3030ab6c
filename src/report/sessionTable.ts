// The sessions table's order.
import type { SessionSummary } from './summary.js';

export type SessionSortKey = 'lastSeen' | 'cost' | 'tokens' | 'requests';

const BY: Record<SessionSortKey, (s: SessionSummary) => number> = {
  lastSeen: (s) => Date.parse(s.lastSeen),
  // The live figures, as the table shows them.
  cost: (s) => s.liveCostUsd,
  tokens: (s) => s.liveTokens.total,
  requests: (s) => s.apiRequests,
};

/** Highest first; ties by most recently seen, then id, so the order is stable between frames. */
export function sortSessions(sessions: readonly SessionSummary[], key: SessionSortKey): SessionSummary[] {
  const by = BY[key];
  // Each key worked out once, not in every comparison (thousands of sessions, two dates each).
  const keyed = sessions.map((s) => ({ s, k: by(s), seen: Date.parse(s.lastSeen) }));
  keyed.sort((a, b) => b.k - a.k || b.seen - a.seen || (a.s.id < b.s.id ? -1 : a.s.id > b.s.id ? 1 : 0));
  return keyed.map((x) => x.s);
}
