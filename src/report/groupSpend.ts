// Spend grouped by a key: model, query source and session straight from the slice's figures, user,
// project and any label by the sessions' own figures. The live figures, so groups add up to the
// figure shown above.
import { addCounters, zeroCounters } from '../store/counters.js';
import type { Counters } from '../telemetry/model.js';
import { checkKey, NO_VALUE, sessionValue } from './grouping.js';
import type { Pair, Slice, SliceFigures } from './figures.js';
import { usd } from './money.js';
import { sessionModels } from './sessionModels.js';
import { tokensOf, type TokenFigures } from './tokens.js';

export interface GroupRow {
  key: string;
  costUsd: number;
  /** The parts of costUsd seen only in events so far, and priced by cc-top from transcripts. */
  provisionalUsd: number;
  estimatedUsd: number;
  /** Imported requests of a model with no known price (not in costUsd). */
  unpricedRequests: number;
  tokens: TokenFigures;
  apiRequests: number;
  /** Sessions in the group (null where it cannot be said: query source). */
  sessions: number | null;
}

export interface Grouping {
  by: string;
  rows: GroupRow[];
}

const byCost = (a: GroupRow, b: GroupRow) => b.costUsd - a.costUsd || b.tokens.total - a.tokens.total || a.key.localeCompare(b.key);

/** What events show beyond the metrics so far, in nano-dollars. */
const provisionalNanos = (p: Pair) => Math.max(0, (p.live.costNanos ?? 0) - (p.metrics.costNanos ?? 0));

function row(key: string, c: Counters, provisional: number, sessions: number | null): GroupRow {
  return {
    key,
    costUsd: usd(c.costNanos ?? 0),
    provisionalUsd: usd(provisional),
    estimatedUsd: usd(c.estCostNanos ?? 0),
    unpricedRequests: c.estUnpriced ?? 0,
    tokens: tokensOf(c),
    apiRequests: c.apiRequests ?? 0,
    sessions,
  };
}

/**
 * Sessions of the slice that used each model (from their usage). A record folding unlisted
 * sessions (a server-summed source) cannot say how many of them used a model: null then.
 */
function sessionsPerModel(slice: Slice, figures: SliceFigures): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const id of figures.bySession.keys()) {
    const s = slice.state.sessions.get(id);
    if (!s) continue;
    for (const m of sessionModels(s, slice.rule)) {
      const n = out.get(m);
      out.set(m, s.folded !== undefined || n === null ? null : (n ?? 0) + 1);
    }
  }
  return out;
}

export function groupSpend(slice: Slice, figures: SliceFigures, by: string): Grouping {
  checkKey(slice.state, by, '--group-by');
  let rows: GroupRow[];
  if (by === 'model') {
    const sessions = sessionsPerModel(slice, figures);
    rows = [...figures.byModel].map(([key, p]) => row(key, p.live, provisionalNanos(p), sessions.get(key) ?? 0));
  } else if (by === 'query_source') {
    rows = [...figures.bySource].map(([key, p]) => row(key, p.live, provisionalNanos(p), null));
  } else if (by === 'session') {
    // A record folding unlisted sessions stands for that many.
    rows = [...figures.bySession].filter(([id]) => id !== '').map(([id, p]) => row(id, p.live, provisionalNanos(p), slice.state.sessions.get(id)?.folded ?? 1));
  } else {
    // User, project or a label: each session's figures under its value.
    const groups = new Map<string, { counters: Counters; provisional: number; sessions: number }>();
    for (const [id, p] of figures.bySession as Map<string, Pair>) {
      const s = slice.state.sessions.get(id);
      const key = s ? sessionValue(s, by, slice.dirs) : NO_VALUE;
      const g = groups.get(key) ?? { counters: zeroCounters(), provisional: 0, sessions: 0 };
      addCounters(g.counters, p.live);
      g.provisional += provisionalNanos(p);
      if (s) g.sessions += s.folded ?? 1;
      groups.set(key, g);
    }
    rows = [...groups].map(([key, g]) => row(key, g.counters, g.provisional, g.sessions));
  }
  return { by, rows: rows.filter((r) => r.costUsd > 0 || r.tokens.total > 0 || r.apiRequests > 0 || r.unpricedRequests > 0).sort(byCost) };
}
