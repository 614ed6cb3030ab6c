// "Which project / user / model is spending?": spend grouped by a key, and a filter that narrows
// every figure to matching sessions. Model and query source come from the window's rollups
// (exact for the window); the other keys from the session records active in the window (each
// session's own totals, since cc-top keeps labels per session, not per minute).
import type { SessionRecord, StoreState } from '../store/state.js';
import type { SideFile } from '../store/sideFile.js';
import { sumCounters } from '../store/counters.js';
import type { Counters } from '../telemetry/model.js';
import { projectOf } from './planUsage.js';
import { tokensOf, type TokenFigures } from './tokens.js';
import { windowFigures, type TimeWindow } from './window.js';
import { ownValue } from '../telemetry/wireKeys.js';

/** Keys with a meaning of their own; any other key is read from the session's attributes (e.g. team.id). */
export const GROUP_KEYS = ['model', 'session', 'user', 'project', 'query_source'] as const;
export const NO_VALUE = '(none)';

export class GroupingError extends Error {}

export interface Filter {
  key: string;
  value: string;
}

export interface GroupRow {
  key: string;
  costUsd: number;
  tokens: TokenFigures;
  apiRequests: number;
  /** Sessions in the group (null where the rollups do not say: query_source). */
  sessions: number | null;
}

export interface Grouping {
  by: string;
  rows: GroupRow[];
}

/** `--filter team.id=platform` -> {key, value}; a usage error names the expected shape. */
export function parseFilter(text: string): Filter {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1) throw new GroupingError(`--filter takes KEY=VALUE (e.g. project=cc-top or team.id=platform), not "${text}"`);
  return { key: text.slice(0, at).trim(), value: text.slice(at + 1).trim() };
}

export function userOf(s: Pick<SessionRecord, 'labels'>): string | undefined {
  return s.labels['user.email'] ?? s.labels['user.id'] ?? s.labels['user.account_uuid'];
}

/** The values a session has for a key (a session can use several models). */
export function valuesOf(s: SessionRecord, key: string, side: SideFile | null): string[] {
  switch (key) {
    case 'session':
      return [s.id];
    case 'model':
      return Object.keys(s.m);
    case 'user':
      return [userOf(s) ?? NO_VALUE];
    case 'project':
      return [projectOf(s, side) ?? NO_VALUE];
    default:
      return [ownValue(s.labels, key) ?? NO_VALUE];
  }
}

export function matchesFilter(s: SessionRecord, filter: Filter | undefined, side: SideFile | null): boolean {
  if (!filter) return true;
  const values = valuesOf(s, filter.key, side);
  // A session id may be given short, as the tables show it.
  return filter.key === 'session' ? values.some((v) => v.startsWith(filter.value)) : values.includes(filter.value);
}

function row(key: string, c: Counters, sessions: number | null): GroupRow {
  return { key, costUsd: (c.costNanos ?? 0) / 1e9, tokens: tokensOf(c), apiRequests: c.apiRequests ?? 0, sessions };
}

const byCost = (a: GroupRow, b: GroupRow) => b.costUsd - a.costUsd || b.tokens.total - a.tokens.total || a.key.localeCompare(b.key);

/** Spend in the window grouped by `by`, over the sessions that pass the filter. */
export function groupSpend(state: StoreState, window: TimeWindow, sessions: SessionRecord[], by: string, side: SideFile | null, filtered: boolean): Grouping {
  if (!filtered && (by === 'model' || by === 'query_source')) {
    const figures = windowFigures(state, window);
    const source = by === 'model' ? figures.byModel : (figures.bySource as Record<string, Counters>);
    const sessionsPer = (key: string) => (by === 'model' ? sessions.filter((s) => key in s.m).length : null);
    return { by, rows: Object.entries(source).map(([key, c]) => row(key, c, sessionsPer(key))).sort(byCost) };
  }
  if (by === 'query_source') throw new GroupingError('query_source cannot be combined with --filter: cc-top keeps query sources per minute, not per session');
  const groups = new Map<string, { counters: Counters[]; sessions: number }>();
  for (const s of sessions) {
    for (const key of valuesOf(s, by, side)) {
      const g = groups.get(key) ?? { counters: [], sessions: 0 };
      g.counters.push(by === 'model' ? (s.m[key] ?? {}) : s.c);
      g.sessions++;
      groups.set(key, g);
    }
  }
  return { by, rows: [...groups].map(([key, g]) => row(key, sumCounters(g.counters), g.sessions)).sort(byCost) };
}
