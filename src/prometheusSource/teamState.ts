// What Prometheus answered, as the StoreState the reports read, so that panels and --json never
// know where a figure came from. Per elementary interval: the listed sessions' own cells; the rest
// of each group (the server's sum for the group less the listed sessions in it) in a cell of a
// record standing for that group's other sessions; sessions with counter resets where they
// belong. Each tier bucket adds up the intervals it spans.
import { addCounters, addInto, subtractCounters } from '../store/counters.js';
import type { TierName } from '../store/rollups.js';
import { cellKey, emptyState, usageKey, type Bucket, type Cell, type SessionRecord, type StateOrigin, type StoreState } from '../store/state.js';
import type { Counters, QuerySource } from '../telemetry/model.js';
import { bucketQuerySource } from '../telemetry/querySource.js';
import { MAX_LABEL_CHARS, SESSION_LABELS_CAP } from '../telemetry/session.js';
import { MAX_NAME_CHARS, safeText, WireTextOriginals } from '../telemetry/wireText.js';
import type { Plan, PlanWindow } from './bucketPlan.js';
import type { SessionFigures } from './counterResets.js';
import type { IntervalRows } from './intervalSums.js';
import { groupValue, sessionLabelName, type GroupPlan } from './teamKeys.js';
import type { SessionInfo } from './teamSessions.js';

export interface Answers {
  plan: Plan;
  window: PlanWindow;
  group: GroupPlan | undefined;
  /** Labels the aggregate rows are summed by (the group's). */
  groupLabels: string[];
  /** Per interval: sums by model, source and group labels (every session but those with resets). */
  aggregate: IntervalRows;
  /** Per interval: the listed sessions' own sums (by session_id). */
  listed: IntervalRows;
  /** Per interval: sessions with counter resets, counted from raw samples. */
  resets: SessionFigures[][];
  infos: SessionInfo[];
  /** Sessions already running when the window opened, by group key. */
  carried: Map<string, number>;
  origin: StateOrigin;
}

/** The tier whose buckets answer the window (as report/window.ts tierOf). */
function windowTier(window: PlanWindow): TierName {
  return window.name === 'today' || window.name === '24h' ? 'minutes' : window.name === 'all' ? 'days' : 'hours';
}

interface Contribution {
  session: string;
  model: string | undefined;
  source: QuerySource | undefined;
  counters: Counters;
}

/** The records standing for a group's sessions that are not listed. */
function foldedId(group: GroupPlan | undefined, value: string): string {
  return group?.kind === 'labels' ? `(other sessions · ${value || 'none'})` : '(other sessions)';
}

function foldedLabels(group: GroupPlan | undefined, by: string[], safe: (s: string, max: number) => string): Map<string, string> {
  const labels = new Map<string, string>();
  if (group?.kind !== 'labels') return labels;
  // The first label with a value names the group (user: email, else id), as on a listed session.
  const at = by.findIndex((v) => v !== '');
  if (at >= 0) labels.set(sessionLabelName(group.labels[at]!), safe(by[at]!, MAX_LABEL_CHARS));
  return labels;
}

/**
 * Figures as shown: a sum below zero means a counter went down where no reset was seen (a series
 * that dropped on a counter other than cost): that part counts as zero, and a note says so.
 */
function positive(c: Counters, notes: Set<string>): Counters {
  const out: Counters = {};
  for (const [k, v] of Object.entries(c) as [keyof Counters, number][]) {
    if (v < 0) notes.add('a counter went down where no reset was seen; that part is counted as zero');
    if (v > 0) out[k] = v;
  }
  return out;
}

export function buildState(a: Answers): StoreState {
  const notes = new Set(a.origin.notes);
  const { window, group } = a;
  const now = window.to;
  const from = window.from ?? a.plan.buckets.reduce((m, b) => Math.min(m, b.start), now);
  const originals = new WireTextOriginals();
  const safe = (s: string, max: number) => safeText(s, max, originals);
  const modelOf = (m: string | undefined) => (m ? safe(m, MAX_NAME_CHARS) : undefined);
  const listedIds = new Map(a.infos.map((i) => [i.id, safe(i.id, MAX_NAME_CHARS)]));
  const groupKeyOf = (labels: Record<string, string>) => JSON.stringify(a.groupLabels.map((l) => labels[l] ?? ''));
  const listedGroup = new Map(a.infos.map((i) => [i.id, groupKeyOf(i.labels)]));
  const idOf = (by: string[]) => safe(foldedId(group, group?.kind === 'labels' ? groupValue(group, Object.fromEntries(a.groupLabels.map((l, j) => [l, by[j] ?? '']))) : ''), MAX_NAME_CHARS);

  // Per interval: what goes in which cell.
  const folded = new Map<string, string[]>(); // folded id -> group label values
  const perInterval: Contribution[][] = a.plan.intervals.map((_, i) => {
    const out: Contribution[] = [];
    const rest = new Map<string, { by: string[]; model: string | undefined; source: QuerySource | undefined; counters: Counters }>();
    const restOf = (byKey: string, model: string | undefined, source: QuerySource | undefined) => {
      const key = JSON.stringify([byKey, model ?? null, source ?? null]);
      let r = rest.get(key);
      if (!r) {
        r = { by: JSON.parse(byKey) as string[], model, source, counters: {} };
        rest.set(key, r);
      }
      return r;
    };
    for (const row of a.aggregate[i] ?? []) addCounters(restOf(JSON.stringify(row.by), row.model, row.source).counters, row.counters);
    for (const row of a.listed[i] ?? []) {
      const id = row.by[0] ?? '';
      const shown = listedIds.get(id);
      if (shown === undefined) continue;
      out.push({ session: shown, model: modelOf(row.model), source: row.source, counters: positive(row.counters, notes) });
      const r = restOf(listedGroup.get(id)!, row.model, row.source);
      r.counters = subtractCounters(r.counters, row.counters);
    }
    for (const f of a.resets[i] ?? []) {
      const source = bucketQuerySource(f.source);
      const shown = listedIds.get(f.session);
      if (shown !== undefined) out.push({ session: shown, model: modelOf(f.model), source, counters: f.counters });
      else addCounters(restOf(groupKeyOf(f.labels), f.model, source).counters, f.counters);
    }
    for (const r of rest.values()) {
      r.counters = positive(r.counters, notes);
      if (Object.keys(r.counters).length === 0) continue;
      const id = idOf(r.by);
      folded.set(id, r.by);
      out.push({ session: id, model: modelOf(r.model), source: r.source, counters: r.counters });
    }
    return out;
  });

  const state = emptyState(now);
  state.updatedAt = now;
  state.origin = { ...a.origin, notes: [...notes] };
  for (const b of a.plan.buckets) {
    const bucket: Bucket = { start: b.start, cells: new Map() };
    a.plan.intervals.forEach((iv, i) => {
      if (iv.start < b.start || iv.end > b.end) return;
      for (const c of perInterval[i]!) {
        const key = cellKey(c.session, c.model, c.source, undefined);
        let cell = bucket.cells.get(key);
        if (!cell) {
          cell = { session: c.session, counters: {} } as Cell;
          if (c.model !== undefined) cell.model = c.model;
          if (c.source !== undefined) cell.source = c.source;
          bucket.cells.set(key, cell);
        }
        addCounters(cell.counters, c.counters);
      }
    });
    state[b.tier].push(bucket);
  }
  for (const tier of ['minutes', 'hours', 'days'] as const) state[tier].sort((x, y) => x.start - y.start);

  // The window's figures: totals, and each session's own.
  const records = new Map<string, SessionRecord>();
  const record = (id: string, make: () => SessionRecord) => records.get(id) ?? records.set(id, make()).get(id)!;
  for (const info of [...a.infos].sort((x, y) => x.lastSeen - y.lastSeen)) {
    const labels = new Map<string, string>();
    for (const [k, v] of Object.entries(info.labels)) if (labels.size < SESSION_LABELS_CAP) labels.set(sessionLabelName(k), safe(v, MAX_LABEL_CHARS));
    const id = listedIds.get(info.id)!;
    record(id, () => ({ id, firstSeen: info.firstSeen, lastSeen: info.lastSeen, counters: {}, usage: new Map(), labels, origin: 'prometheus' }));
  }
  const started = new Map<string, number>();
  for (const b of state[windowTier(window)]) {
    if (b.start < from) continue;
    for (const cell of b.cells.values()) {
      addCounters(state.totals.counters, cell.counters);
      if (cell.model !== undefined) addInto(state.totals.byModel, cell.model, cell.counters);
      if (cell.source !== undefined) addInto(state.totals.bySource, cell.source, cell.counters);
      const by = folded.get(cell.session);
      if (by) started.set(cell.session, (started.get(cell.session) ?? 0) + (cell.counters.sessionsStarted ?? 0));
      const s = by
        ? record(cell.session, () => ({ id: cell.session, firstSeen: from, lastSeen: now, counters: {}, usage: new Map(), labels: foldedLabels(group, by, safe), origin: 'prometheus', folded: 0 }))
        : records.get(cell.session);
      if (!s) continue;
      addCounters(s.counters, cell.counters);
      const key = usageKey(cell.model, cell.source);
      const u = s.usage.get(key) ?? { ...(cell.model !== undefined ? { model: cell.model } : {}), ...(cell.source !== undefined ? { source: cell.source } : {}), counters: {} };
      addCounters(u.counters, cell.counters);
      s.usage.set(key, u);
    }
  }
  // How many sessions each group's record stands for: those started in the window or running
  // when it opened, less the ones listed.
  const total = new Map<string, number>(a.carried);
  for (const [id, by] of folded) {
    const key = JSON.stringify(by);
    total.set(key, (total.get(key) ?? 0) + (started.get(id) ?? 0));
  }
  for (const info of a.infos) {
    const key = listedGroup.get(info.id)!;
    const s = records.get(listedIds.get(info.id)!)!;
    // A listed session started in the window was taken out of its group's count of starts.
    total.set(key, (total.get(key) ?? 0) + Math.min(1, s.counters.sessionsStarted ?? 0) - 1);
  }
  for (const [key, n] of total) {
    const by = JSON.parse(key) as string[];
    const id = idOf(by);
    const s = records.get(id);
    if (s) s.folded = Math.max(0, n);
    else if (n > 0) record(id, () => ({ id, firstSeen: from, lastSeen: now, counters: {}, usage: new Map(), labels: foldedLabels(group, by, safe), origin: 'prometheus', folded: n }));
  }
  for (const [id, s] of records) state.sessions.set(id, s);
  state.sessionsSeen = [...records.values()].reduce((n, s) => n + (s.folded ?? 1), 0);
  state.lastData.metrics = a.origin.asOf;
  state.originals = new Map(originals.entries);
  return state;
}
