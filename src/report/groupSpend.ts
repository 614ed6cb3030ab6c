// Spend grouped by a key: model, session, query source (cell dimensions), or user, project and any
// label (from the session records). The live figures, so groups add up to the figure shown above.
import { addCounters, zeroCounters } from '../store/counters.js';
import type { Counters } from '../telemetry/model.js';
import { cellValue, checkKey, NO_VALUE } from './grouping.js';
import { sliceCells, type Slice } from './figures.js';
import { usd } from './money.js';
import { tokensOf, type TokenFigures } from './tokens.js';
import { windowBuckets } from './window.js';

export interface GroupRow {
  key: string;
  costUsd: number;
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

export function groupSpend(slice: Slice, by: string): Grouping {
  checkKey(slice.state, by, '--group-by');
  const groups = new Map<string, { counters: Counters; sessions: Set<string> }>();
  for (const cell of sliceCells(slice, windowBuckets(slice.state, slice.window))) {
    const live = slice.rule.live(cell);
    // Cells that say nothing about the key (a tool call has no model) stay out of model groups.
    const key = cellValue(cell, by, slice.state.sessions, slice.dirs) ?? (by === 'model' || by === 'query_source' ? undefined : NO_VALUE);
    if (key === undefined) continue;
    const g = groups.get(key) ?? { counters: zeroCounters(), sessions: new Set<string>() };
    addCounters(g.counters, live);
    if (cell.session) g.sessions.add(cell.session);
    groups.set(key, g);
  }
  const rows = [...groups].map(([key, g]) => ({
    key,
    costUsd: usd(g.counters.costNanos ?? 0),
    tokens: tokensOf(g.counters),
    apiRequests: g.counters.apiRequests ?? 0,
    // A record folding unlisted sessions stands for that many.
    sessions: by === 'query_source' ? null : [...g.sessions].reduce((count, id) => count + (slice.state.sessions.get(id)?.folded ?? 1), 0),
  }));
  return { by, rows: rows.filter((r) => r.costUsd > 0 || r.tokens.total > 0 || r.apiRequests > 0).sort(byCost) };
}
