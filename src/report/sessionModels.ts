// The models a session used, most spent first: its summary lists them and grouping by model counts
// sessions per model. Worked out once per live rule (one state as it stands; see live.ts) and
// shared by every window read through it.
import type { SessionRecord } from '../store/state.js';
import type { LiveRule } from './live.js';

const byRule = new WeakMap<LiveRule, Map<SessionRecord, string[]>>();

export function sessionModels(s: SessionRecord, rule: LiveRule): string[] {
  let bySession = byRule.get(rule);
  if (!bySession) {
    bySession = new Map();
    byRule.set(rule, bySession);
  }
  let models = bySession.get(s);
  if (!models) {
    models = [...s.usage.values()]
      .filter((u) => u.model !== undefined)
      .sort((a, b) => (b.counters.costNanos ?? 0) - (a.counters.costNanos ?? 0) || (b.counters.evCostNanos ?? 0) - (a.counters.evCostNanos ?? 0))
      .map((u) => u.model!)
      .filter((m, i, all) => all.indexOf(m) === i);
    bySession.set(s, models);
  }
  return models;
}
