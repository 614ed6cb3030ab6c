// The sessions table's order.
import type { SessionSummary } from './summary.js';

export type SessionSortKey = 'lastSeen' | 'cost' | 'tokens' | 'requests';

const BY: Record<SessionSortKey, (s: SessionSummary) => number> = {
  lastSeen: (s) => Date.parse(s.lastSeen),
  cost: (s) => s.costUsd,
  tokens: (s) => s.tokens.total,
  requests: (s) => s.apiRequests,
};

/** Highest first; ties by most recently seen, then id, so the order is stable between frames. */
export function sortSessions(sessions: readonly SessionSummary[], key: SessionSortKey): SessionSummary[] {
  const by = BY[key];
  return [...sessions].sort((a, b) => by(b) - by(a) || Date.parse(b.lastSeen) - Date.parse(a.lastSeen) || a.id.localeCompare(b.id));
}
