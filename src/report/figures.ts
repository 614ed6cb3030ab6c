// A window's figures, narrowed by a filter: one pass over the window's bucket cells, each read
// both as Claude Code's metrics and as the live figure (see live.ts). Everything a report shows
// (totals, models, sessions, tools, latency, charts, burn, budgets) is summed from these cells,
// so a filter or a window narrows every figure alike.
import type { Bucket, Cell, SessionRecord, StoreState } from '../store/state.js';
import type { Counters, QuerySource } from '../telemetry/model.js';
import { addCounters, subtractCounters, zeroCounters } from '../store/counters.js';
import { cellMatches, type Filter, type ProjectDirs } from './grouping.js';
import { fromEvents, LiveRule } from './live.js';
import { tierOf, windowBuckets, type TimeWindow } from './window.js';

/** A figure as Claude Code's metrics give it, and as the live view shows it. */
export interface Pair {
  metrics: Counters;
  live: Counters;
}

export interface ToolFigures {
  counters: Counters;
  durations: number[];
}

export interface ApiSamples {
  durations: number[];
  ttfts: number[];
}

export interface SliceFigures extends Pair {
  byModel: Map<string, Pair>;
  bySource: Map<QuerySource, Pair>;
  /** By session id ('' for figures of no session). */
  bySession: Map<string, Pair>;
  byTool: Map<string, ToolFigures>;
  /** Latency samples by model (hour buckets of the window). */
  api: Map<string, ApiSamples>;
}

/** What is being looked at: a window of the state, narrowed by a filter. */
export interface Slice {
  state: StoreState;
  window: TimeWindow;
  filter?: Filter | undefined;
  dirs?: ProjectDirs | undefined;
  rule: LiveRule;
}

/** A slice of the state; pass `rule` to share one live choice between slices of the same frame. */
export function makeSlice(state: StoreState, window: TimeWindow, filter?: Filter, dirs?: ProjectDirs, rule: LiveRule = new LiveRule(state)): Slice {
  return { state, window, filter, dirs, rule };
}

const emptyPair = (): Pair => ({ metrics: zeroCounters(), live: zeroCounters() });

function addPair<K>(map: Map<K, Pair>, key: K, metrics: Counters, live: Counters): void {
  let p = map.get(key);
  if (!p) {
    p = emptyPair();
    map.set(key, p);
  }
  addCounters(p.metrics, metrics);
  addCounters(p.live, live);
}

/** The cells of some buckets that pass the slice's filter. */
export function* sliceCells(slice: Slice, buckets: readonly Bucket[]): Generator<Cell> {
  for (const b of buckets) for (const cell of b.cells.values()) if (cellMatches(cell, slice.filter, slice.state.sessions, slice.dirs)) yield cell;
}

/** The slice's figures (see the file comment). */
export function sliceFigures(slice: Slice): SliceFigures {
  const out: SliceFigures = { metrics: zeroCounters(), live: zeroCounters(), byModel: new Map(), bySource: new Map(), bySession: new Map(), byTool: new Map(), api: new Map() };
  for (const cell of sliceCells(slice, windowBuckets(slice.state, slice.window))) {
    const live = slice.rule.live(cell);
    addCounters(out.metrics, cell.counters);
    addCounters(out.live, live);
    if (cell.model !== undefined) addPair(out.byModel, cell.model, cell.counters, live);
    if (cell.source !== undefined) addPair(out.bySource, cell.source, cell.counters, live);
    addPair(out.bySession, cell.session, cell.counters, live);
    if (cell.tool !== undefined) {
      const t = out.byTool.get(cell.tool) ?? { counters: zeroCounters(), durations: [] };
      addCounters(t.counters, cell.counters);
      out.byTool.set(cell.tool, t);
    }
  }
  collectSamples(slice, out);
  if (slice.window.from === null && !slice.filter) exactAllTime(slice.state, out);
  return out;
}

/** Latency samples come from the hour buckets that cover the window. */
function collectSamples(slice: Slice, out: SliceFigures): void {
  const hours = tierOf(slice.window) === 'hours' ? slice.window : { ...slice.window, from: slice.window.from === null ? null : Math.floor(slice.window.from / 3_600_000) * 3_600_000 };
  for (const cell of sliceCells(slice, windowBuckets(slice.state, hours, 'hours'))) {
    if (cell.tool !== undefined && cell.durations) {
      const t = out.byTool.get(cell.tool) ?? { counters: {}, durations: [] };
      t.durations.push(...cell.durations);
      out.byTool.set(cell.tool, t);
    } else if (cell.model !== undefined && (cell.durations || cell.ttfts)) {
      const a = out.api.get(cell.model) ?? { durations: [], ttfts: [] };
      if (cell.durations) a.durations.push(...cell.durations);
      if (cell.ttfts) a.ttfts.push(...cell.ttfts);
      out.api.set(cell.model, a);
    }
  }
}

/** Metric counters `c` plus what the cells' live reading adds to their metric reading. */
function plusLiveExtra(c: Counters, cells: Pair | undefined): Counters {
  const live = { ...c };
  if (cells) addCounters(live, subtractCounters(cells.live, cells.metrics));
  return live;
}

/**
 * All time, unfiltered: the day buckets reach back 400 days, the totals forever. The metric
 * figures are the totals; the live ones add what the cells' live reading adds to them (provisional
 * spend is always recent, so the day buckets hold all of it).
 */
function exactAllTime(state: StoreState, out: SliceFigures): void {
  const cells: Pair = { metrics: out.metrics, live: out.live };
  out.metrics = { ...state.totals.counters };
  out.live = plusLiveExtra(state.totals.counters, cells);
  const models = new Map<string, Pair>();
  for (const [model, c] of state.totals.byModel) models.set(model, { metrics: c, live: plusLiveExtra(c, out.byModel.get(model)) });
  for (const [model, p] of out.byModel) if (!models.has(model)) models.set(model, p);
  out.byModel = models;
  const sources = new Map<QuerySource, Pair>();
  for (const [source, c] of state.totals.bySource) sources.set(source, { metrics: c, live: plusLiveExtra(c, out.bySource.get(source)) });
  out.bySource = sources;
}

/** A session's own figures over its whole life (for `all`, and for a session's detail view). */
export function sessionLifetime(s: SessionRecord, rule: LiveRule): Pair {
  const out = emptyPair();
  for (const u of s.usage.values()) {
    addCounters(out.metrics, u.counters);
    addCounters(out.live, u.model !== undefined && rule.sourceOf(s.id, u.model) === 'events' ? fromEvents(u.counters) : u.counters);
  }
  return out;
}
