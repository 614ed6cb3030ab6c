// One read of a team's figures from Prometheus: which names the server holds, the buckets the view
// needs, the listed sessions, counter resets, then every sum in as few queries as the buckets
// allow, built into a StoreState (teamState.ts).
import type { StoreState } from '../store/state.js';
import { planBuckets, type Interval, type PlanRequest, type PlanWindow } from './bucketPlan.js';
import { resetFigures, sessionSet, sessionsWithResets, type SessionFigures } from './counterResets.js';
import type { Matcher } from './teamKeys.js';
import { intervalSums, limiter, minusRows, type IntervalRows, type PartSpec, type SumCache, type SumContext } from './intervalSums.js';
import { findNames, type FoundNames } from './metricNames.js';
import type { PromClient } from './promClient.js';
import { filterMatchers, groupPlan, type TeamFilter } from './teamKeys.js';
import { activeSessions, carriedSessions, sessionInfos, topSessionIds, type AliveRow, type SessionsContext, type TeamSort } from './teamSessions.js';
import { buildState } from './teamState.js';

/**
 * How long a series may pause and still count on from where it was (Claude Code asleep with a
 * laptop overnight). A series silent for longer is taken to start again from zero when it comes
 * back: what Claude Code's exporters and the Collector do after a restart or expiry.
 */
export const LOOKBACK_MS = 24 * 3_600_000;
/** Sessions listed one by one (the Sessions table, --json `sessions`); the rest are summed by group. */
export const LISTED_SESSIONS = 100;
/** Queries in flight at once: the server's cores are shared with everyone else's dashboards. */
export const PARALLEL_QUERIES = 2;
/** How far back `all` reaches when the server does not say its retention (as the local store's day buckets). */
export const ALL_MAX_MS = 400 * 86_400_000;
/** Data older than this can no longer change (a scrape or a remote write is in): its answers are kept. */
export const SETTLED_MS = 5 * 60_000;
/** Intervals ending this close to now are asked for the sessions active in them only. */
const RECENT_MS = 2 * 3_600_000;

export interface TeamRequest {
  window: PlanWindow;
  chart: boolean;
  days: PlanRequest['days'];
  month: boolean;
  filter?: TeamFilter | undefined;
  groupBy?: string | undefined;
  sort: TeamSort;
  listed?: number;
}

/** What one client keeps between reads: the names found, the retention, settled answers. */
export interface TeamMemory {
  names?: FoundNames;
  namesAt?: number;
  retentionMs?: number;
  cache: SumCache;
  /** Sessions with counter resets in settled data, by span and filter. */
  resets?: Map<string, string[]>;
  /** Sessions running when the window opened (see carriedSessions). */
  alive?: Map<string, AliveRow[]>;
}

const NAMES_MAX_AGE_MS = 10 * 60_000;
/** Sessions named in a query at most (a regex of ids); past it the server reads every series. */
const ACTIVE_NAMED_MAX = 2_000;
const HOUR_MS = 3_600_000;

/** "15d", "1y", "15d or 512MiB" -> ms (the time part); undefined when there is none. */
export function retentionMs(text: string | undefined): number | undefined {
  const m = text?.match(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)\b/);
  if (!m) return undefined;
  const unit = { ms: 1, s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8, y: 3.1536e10 }[m[2] as 'ms'];
  const value = Number(m[1]) * unit;
  return value > 0 ? value : undefined;
}

/**
 * Sessions whose cost counter dropped since `first` - LOOKBACK_MS. Drops in settled data are
 * looked for once an hour (kept in `memory`), the last day's at every read.
 */
async function resetSessions(client: PromClient, memory: TeamMemory, costNames: readonly string[], matchers: readonly Matcher[], first: number, now: number, limit: <T>(task: () => Promise<T>) => Promise<T>): Promise<string[]> {
  const span = first - LOOKBACK_MS;
  const settled = Math.floor((now - SETTLED_MS) / HOUR_MS) * HOUR_MS;
  const key = `${span}|${settled}|${JSON.stringify(matchers)}`;
  let older = memory.resets?.get(key);
  if (!older && span < settled) {
    older = await limit(() => sessionsWithResets(client, costNames, matchers, span, settled));
    memory.resets = new Map([[key, older]]);
  }
  const recent = await limit(() => sessionsWithResets(client, costNames, matchers, Math.max(span, settled - LOOKBACK_MS), now));
  return [...new Set([...(older ?? []), ...recent])];
}

export async function readTeamState(client: PromClient, req: TeamRequest, memory: TeamMemory = { cache: new Map() }): Promise<StoreState> {
  const now = req.window.to;
  if (!memory.names || now - (memory.namesAt ?? 0) > NAMES_MAX_AGE_MS) {
    memory.names = await findNames(client, now / 1000, ALL_MAX_MS / 1000);
    memory.namesAt = now;
  }
  const names = memory.names;
  let allSinceMs = now - ALL_MAX_MS;
  if (req.window.name === 'all') {
    memory.retentionMs ??= retentionMs(await client.retention()) ?? ALL_MAX_MS;
    allSinceMs = now - Math.min(ALL_MAX_MS, memory.retentionMs);
  }
  const plan = planBuckets({ window: req.window, chart: req.chart, days: req.days, month: req.month, allSinceMs });
  const from = req.window.from ?? plan.intervals[0]?.start ?? now;
  const matchers = filterMatchers(req.filter);
  const group = groupPlan(req.groupBy);
  const groupLabels = group?.kind === 'labels' ? group.labels : [];
  const limit = limiter(PARALLEL_QUERIES);
  const notes = new Set<string>();

  const sessions: SessionsContext = { client, presence: names.presence, matchers, from, now, lookbackMs: LOOKBACK_MS, limit };
  const of = (otel: string) => names.names.filter((n) => n.family.otelName === otel).map((n) => n.name);
  const sums: SumContext = { client, names: names.names, lookbackMs: LOOKBACK_MS, limit, cache: memory.cache, settledBefore: now - SETTLED_MS, notes };
  // The recent intervals are asked again and again (they move, or are not settled). Only sessions
  // with samples in them can add anything there: those are named, so the server reads only their
  // series (the day of lookback would otherwise have it read a day of every series, at every step).
  // (A long interval that ends recently, a whole window in --once, is not: most sessions are in it.)
  const isRecent = (iv: Interval) => iv.end > now - RECENT_MS && iv.start >= now - RECENT_MS - LOOKBACK_MS;
  const olderIntervals = plan.intervals.filter((iv) => !isRecent(iv));
  const recentIntervals = plan.intervals.filter(isRecent);
  const activeP = recentIntervals.length ? limit(() => activeSessions(client, names.names.map((n) => n.name), matchers, recentIntervals[0]!.start, now)) : Promise.resolve([]);
  const narrow = (ids: string[]) => (ids.length <= ACTIVE_NAMED_MAX ? [sessionSet(ids.length ? ids : ['\u0000none'], '=~')] : []);
  const both = async (part: PartSpec, ids?: string[]) => {
    const active = await activeP;
    const named = ids ? (active.length > ACTIVE_NAMED_MAX ? ids : ids.filter((id) => active.includes(id))) : active;
    const [older, recent] = await Promise.all([intervalSums(sums, part, olderIntervals), intervalSums(sums, { ...part, narrow: narrow(named) }, recentIntervals)]);
    // Back in the plan's order.
    const byEnd = new Map<number, IntervalRows[number]>();
    olderIntervals.forEach((iv, i) => byEnd.set(iv.end, older[i]!));
    recentIntervals.forEach((iv, i) => byEnd.set(iv.end, recent[i]!));
    return plan.intervals.map((iv) => byEnd.get(iv.end) ?? []);
  };

  // Everything that does not wait on anything else starts at once: the sums of every session, the
  // sessions to list, and the search for counter resets.
  const aggregateP = both({ matchers, by: groupLabels });
  const idsP = topSessionIds(sessions, req.sort, req.listed ?? LISTED_SESSIONS, names.cost, of('claude_code.token.usage'));
  const flaggedP = resetSessions(client, memory, names.cost, matchers, plan.intervals[0]?.start ?? now, now, limit);
  for (const p of [activeP, aggregateP, flaggedP]) p.catch(() => undefined);
  const ids = await idsP;
  const listedP = ids.length ? both({ matchers: [...matchers, sessionSet(ids, '=~')], by: ['session_id'] }, ids) : Promise.resolve(plan.intervals.map(() => []));
  const infosP = sessionInfos(sessions, ids, groupLabels);
  const carriedP = req.window.from === null ? Promise.resolve(new Map<string, number>()) : carriedSessions(sessions, groupLabels, (memory.alive ??= new Map()));
  // When one fails, the read fails with its error; the others' failures are not left unhandled.
  for (const p of [activeP, aggregateP, flaggedP, listedP, infosP, carriedP]) p.catch(() => undefined);

  // Sessions whose cost dropped are counted from their raw samples: the server's sums of them are
  // taken out of the totals and the listed sessions, and their exact figures put in.
  let flagged = await flaggedP;
  let resets: SessionFigures[][] = plan.intervals.map(() => []);
  let aggregate = await aggregateP;
  let listed = await listedP;
  if (flagged.length > 0) {
    const exact = await resetFigures(client, names.names, flagged, matchers, plan.intervals, LOOKBACK_MS);
    if (exact) {
      resets = exact;
      const server = await both({ matchers: [...matchers, sessionSet(flagged, '=~')], by: [...groupLabels, 'session_id'] }, flagged);
      const listedIds = new Set(ids);
      aggregate = aggregate.map((rows, i) => minusRows(rows, server[i]!, (r) => r.by.slice(0, groupLabels.length)));
      listed = listed.map((rows, i) => minusRows(rows, server[i]!, (r) => (listedIds.has(r.by.at(-1)!) ? [r.by.at(-1)!] : undefined)));
    } else {
      notes.add(`counter resets in ${flagged.length} sessions are counted as Prometheus sums them (too many samples to count them one by one)`);
      flagged = [];
    }
  }
  const [infos, carried] = await Promise.all([infosP, carriedP]);
  return buildState({
    plan,
    window: req.window,
    group,
    groupLabels,
    aggregate,
    listed,
    resets,
    infos,
    carried,
    origin: { kind: 'prometheus', url: client.shownUrl, asOf: now, noEvents: true, metricNames: names.names.map((n) => n.name), notes: [...notes] },
  });
}
