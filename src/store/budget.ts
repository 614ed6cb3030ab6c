// The store file's size budget. Every collection has a cap, but caps multiply (3,000 sessions ×
// 24 labels × 256 characters…), so the file's size is also checked before each write: past the
// budget, detail is shed oldest and least useful first, one level at a time, until it fits. The
// totals, today's figures and the stream state (which keeps counting exact) are never shed.
import { evictSession, notice } from './aggregate.js';
import { dropBucketsBefore } from './rollups.js';
import type { StoreState } from './state.js';

const HOUR_MS = 3_600_000;

interface Level {
  what: string;
  shed: (state: StoreState, nowMs: number) => void;
}

const LEVELS: readonly Level[] = [
  {
    what: "events' detail attributes",
    shed: (s) => {
      for (const e of s.events) delete e.attributes;
    },
  },
  { what: 'the older half of the event log', shed: (s) => void s.events.splice(0, Math.floor(s.events.length / 2)) },
  {
    what: 'names kept only for statistics (unknown metrics and events, originals)',
    shed: (s) => {
      s.unknown.metrics.clear();
      s.unknown.events.clear();
      s.originals.clear();
    },
  },
  { what: 'all but the newest 100 events', shed: (s) => void s.events.splice(0, Math.max(0, s.events.length - 100)) },
  {
    what: 'labels of all but the newest 500 sessions',
    shed: (s) => {
      let i = 0;
      const keep = s.sessions.size - 500;
      for (const session of s.sessions.values()) if (i++ < keep) session.labels.clear();
    },
  },
  {
    what: 'latency samples',
    shed: (s) => {
      for (const b of s.hours) for (const c of b.cells.values()) {
        delete c.durations;
        delete c.ttfts;
      }
    },
  },
  {
    what: 'per-minute figures older than 2 hours (hourly ones stay)',
    shed: (s, now) => dropBucketsBefore(s, 'minutes', now - 2 * HOUR_MS),
  },
  {
    what: 'the older half of the session records (their figures stay in the totals)',
    shed: (s) => {
      const oldest = [...s.sessions.values()].slice(0, Math.floor(s.sessions.size / 2));
      for (const session of oldest) evictSession(s, session);
    },
  },
];

/** Shed level `level` (1-based); false when there is nothing left to shed. */
export function shedToBudget(state: StoreState, level: number, nowMs: number): boolean {
  const step = LEVELS[level - 1];
  if (!step) return false;
  step.shed(state, nowMs);
  notice(state, nowMs, 'store_budget', [['shed', step.what]]);
  return true;
}
