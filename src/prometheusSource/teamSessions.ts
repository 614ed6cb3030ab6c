// Sessions, as far as a team view lists them: the top N by the current sort (topk on the server,
// never every session), when each was first and last seen, its labels, and how many sessions of
// each group the window holds besides (counted on the server).
import type { PromClient } from './promClient.js';
import { ms, selector, tagged } from './promql.js';
import { POINT_LABELS, regexEscape, type Matcher } from './teamKeys.js';
import { sessionSet } from './counterResets.js';

export type TeamSort = 'lastSeen' | 'cost' | 'tokens' | 'requests';

export interface SessionsContext {
  client: PromClient;
  /** Names that say a session exists (session count, cost). */
  presence: readonly string[];
  matchers: readonly Matcher[];
  from: number;
  now: number;
  lookbackMs: number;
  limit: <T>(task: () => Promise<T>) => Promise<T>;
}

/**
 * A selector over several metric names at once. Read with last_over_time, which keeps each
 * series' name: two names' series with the same labels would otherwise collide.
 */
export function namesSelector(names: readonly string[], matchers: readonly Matcher[]): string {
  return selector('', [{ label: '__name__', op: '=~', value: names.map(regexEscape).join('|') }, ...matchers]);
}

const WITH_ID: Matcher = { label: 'session_id', op: '!=', value: '' };

/** Sessions ranked by their increase of some counters over the window (cost, tokens). */
async function topBy(ctx: SessionsContext, names: readonly string[], n: number): Promise<string[]> {
  if (names.length === 0) return [];
  const m = [...ctx.matchers, WITH_ID];
  const sum = (at: 'D' | 'P') =>
    `sum by (session_id) (${names
      .map((name, i) =>
        tagged(at === 'D' ? `last_over_time(${selector(name, m)}[${ms(ctx.now - ctx.from + ctx.lookbackMs)}] @ ${ctx.now / 1000}) >= 0` : `last_over_time(${selector(name, m)}[${ms(ctx.lookbackMs)}] @ ${ctx.from / 1000}) >= 0`, String(i)),
      )
      .join(' or ')})`;
  const rows = await ctx.limit(() => ctx.client.instant(`topk(${n}, (${sum('D')} - ${sum('P')}) or ${sum('D')})`, ctx.now / 1000));
  return rows.sort((a, b) => Number(b.value[1]) - Number(a.value[1])).map((r) => r.metric.session_id ?? '');
}

/** Sessions ('' for series without one) with any sample of any of `names` in [fromMs, toMs]. */
export async function activeSessions(client: PromClient, names: readonly string[], matchers: readonly Matcher[], fromMs: number, toMs: number): Promise<string[]> {
  const rows = await client.instant(`count by (session_id) (last_over_time(${namesSelector(names, matchers)}[${ms(toMs - fromMs)}] @ ${toMs / 1000}))`, toMs / 1000);
  return rows.map((r) => r.metric.session_id ?? '');
}

/** The sessions seen most recently: looked for in ever longer spans back from now, until there are n. */
async function mostRecent(ctx: SessionsContext, n: number): Promise<string[]> {
  const span = ctx.now - ctx.from;
  const tiers = [5, 15, 60, 180, 360, 720, 1440, 2880, 10080, 43200].map((min) => min * 60_000).filter((t) => t < span);
  const found: string[] = [];
  const seen = new Set<string>();
  for (const tier of [...tiers, span]) {
    const rows = await ctx.limit(() => ctx.client.instant(`count by (session_id) (last_over_time(${namesSelector(ctx.presence, [...ctx.matchers, WITH_ID])}[${ms(tier)}] @ ${ctx.now / 1000}))`, ctx.now / 1000));
    for (const r of rows) {
      const id = r.metric.session_id ?? '';
      if (!seen.has(id)) {
        seen.add(id);
        found.push(id);
      }
    }
    if (found.length >= n) break;
  }
  return found.slice(0, n);
}

/** The session ids to list: the top n by the sort (requests come from events: by last seen then). */
export async function topSessionIds(ctx: SessionsContext, sort: TeamSort, n: number, costNames: readonly string[], tokenNames: readonly string[]): Promise<string[]> {
  if (sort === 'cost') return topBy(ctx, costNames, n);
  if (sort === 'tokens') return topBy(ctx, tokenNames, n);
  return mostRecent(ctx, n);
}

/** A session running when the window opened, with its group labels. */
export interface AliveRow {
  metric: Record<string, string>;
}

export interface SessionInfo {
  id: string;
  firstSeen: number;
  lastSeen: number;
  /** Labels of its series (Prometheus names), the identity ones only. */
  labels: Record<string, string>;
}

/** How finely first / last seen are placed over the window: about 1,000 steps, at least a minute. */
function presenceStep(spanMs: number): number {
  return Math.max(60_000, Math.ceil(spanMs / 1_000 / 60_000) * 60_000);
}

/** The recent part is placed to the minute (what "seen 3m ago" needs). */
const RECENT_MS = 2 * 3_600_000;

/** Steps at which each session had samples: (t - step, t] held one. */
async function presence(ctx: SessionsContext, sel: string, from: number, step: number): Promise<Map<string, number[]>> {
  const points = Math.max(1, Math.floor((ctx.now - from) / step));
  const start = ctx.now - (points - 1) * step;
  const rows = await ctx.limit(() => ctx.client.range(`count by (session_id) (last_over_time(${sel}[${ms(step)}]))`, start / 1000, ctx.now / 1000, step / 1000));
  return new Map(rows.map((s) => [s.metric.session_id ?? '', s.values.filter(([, v]) => Number(v) > 0).map(([t]) => Math.round(t * 1000))]));
}

/** First and last seen (to the presence step; the last to the sample when within 5 minutes) and labels of the listed sessions. */
export async function sessionInfos(ctx: SessionsContext, ids: readonly string[], keep: readonly string[]): Promise<SessionInfo[]> {
  if (ids.length === 0) return [];
  const which = [...ctx.matchers, sessionSet(ids, '=~')];
  const sel = namesSelector(ctx.presence, which);
  const step = presenceStep(ctx.now - ctx.from);
  const recentFrom = Math.max(ctx.from, ctx.now - RECENT_MS);
  const [whole, close, recent, series] = await Promise.all([
    presence(ctx, sel, ctx.from, step),
    presence(ctx, sel, recentFrom, 60_000),
    ctx.limit(() => ctx.client.instant(`max by (session_id) (timestamp(${sel}))`, ctx.now / 1000)),
    ctx.limit(() => ctx.client.series([sel], ctx.from / 1000, ctx.now / 1000)),
  ]);
  const infos = new Map<string, SessionInfo>(ids.map((id) => [id, { id, firstSeen: ctx.from, lastSeen: ctx.from, labels: {} }]));
  for (const [id, info] of infos) {
    const times = whole.get(id) ?? [];
    const fine = close.get(id) ?? [];
    if (times.length === 0 && fine.length === 0) continue;
    // Placed to the window's step, then to the minute where the last two hours say more.
    const startedRecently = fine.length > 0 && Math.min(...fine) - 60_000 > recentFrom;
    info.firstSeen = Math.max(ctx.from, startedRecently ? Math.min(...fine) - 60_000 : Math.min(...times.map((t) => t - step)));
    info.lastSeen = Math.min(ctx.now, fine.length ? Math.max(...fine) : Math.max(...times));
  }
  for (const r of recent) {
    const info = infos.get(r.metric.session_id ?? '');
    const t = Math.round(Number(r.value[1]) * 1000);
    if (info && Number.isFinite(t) && t >= ctx.from) info.lastSeen = Math.min(ctx.now, t);
  }
  const keepSet = new Set(keep);
  for (const labels of series) {
    const info = infos.get(labels.session_id ?? '');
    if (!info) continue;
    for (const [k, v] of Object.entries(labels)) if (v && (!POINT_LABELS.has(k) || keepSet.has(k)) && k !== 'session_id') info.labels[k] ??= v;
  }
  for (const info of infos.values()) if (info.firstSeen > info.lastSeen) info.firstSeen = info.lastSeen;
  return [...infos.values()];
}

/**
 * Sessions already running when the window opened and seen in it, by the values of `by` (the
 * sessions started inside the window are counted from Claude Code's session counter). Null when
 * there were more than can be checked one by one.
 */
export async function carriedSessions(ctx: SessionsContext, by: readonly string[], memory: Map<string, AliveRow[]>): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  // Who was running when the window opened does not change: asked once per window start.
  const key = JSON.stringify([ctx.from, ctx.matchers, by]);
  let alive = memory.get(key);
  if (!alive) {
    alive = await ctx.limit(() =>
      ctx.client.instant(`count by (${['session_id', ...by].join(', ')}) (last_over_time(${namesSelector(ctx.presence, [...ctx.matchers, WITH_ID])}[${ms(ctx.lookbackMs)}] @ ${ctx.from / 1000}))`, ctx.now / 1000),
    );
    memory.clear();
    memory.set(key, alive);
  }
  if (alive.length === 0) return out;
  const ids = [...new Set(alive.map((r) => r.metric.session_id ?? ''))];
  const still = await ctx.limit(() => ctx.client.instant(`count by (session_id) (last_over_time(${namesSelector(ctx.presence, [...ctx.matchers, sessionSet(ids, '=~')])}[${ms(ctx.now - ctx.from)}] @ ${ctx.now / 1000}))`, ctx.now / 1000));
  const seen = new Set(still.map((r) => r.metric.session_id ?? ''));
  const counted = new Set<string>();
  for (const r of alive) {
    const id = r.metric.session_id ?? '';
    if (!seen.has(id) || counted.has(id)) continue;
    counted.add(id);
    const key = JSON.stringify(by.map((l) => r.metric[l] ?? ''));
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}
