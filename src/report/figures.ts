// A window's figures, narrowed by a filter: one pass over the window's bucket cells, each read
// both as Claude Code's metrics and as the live figure (see live.ts). Everything a report shows
// (totals, models, sessions, tools, latency, charts, burn, budgets) is summed from these cells,
// so a filter or a window narrows every figure alike.
import type { Bucket, Cell, SessionRecord, StoreState } from '../store/state.js';
import type { Counters, QuerySource } from '../telemetry/model.js';
import { addCounters, subtractCounters, zeroCounters } from '../store/counters.js';
import { cellMatches, type Filter, type ProjectDirs } from './grouping.js';
import { fromEvents, LiveRule } from './live.js';
import { addToSums, zeroSums, type Sums } from './sums.js';
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

/** Whether a cell passes the slice's filter (every cell does without one). */
export function inSlice(slice: Slice, cell: Cell): boolean {
  return !slice.filter || cellMatches(cell, slice.filter, slice.state.sessions, slice.dirs);
}

/** The cells of some buckets that pass the slice's filter. */
export function* sliceCells(slice: Slice, buckets: readonly Bucket[]): Generator<Cell> {
  for (const b of buckets) for (const cell of b.cells.values()) if (inSlice(slice, cell)) yield cell;
}

/**
 * Pairs summed key by key. Most cells read the same in both readings (their metrics have caught
 * up), so the pass adds each cell once, to the metric sum, and keeps apart only what the live
 * reading adds to it (`extra`, rare); the live sums are the metric sums plus that, made at the end.
 * Half the additions of summing both readings, and the same integers.
 */
class PairSums<K> {
  private readonly metrics = new Map<K, Sums>();
  private readonly extra = new Map<K, Sums>();

  add(key: K, metrics: Counters, extra: Counters | undefined): void {
    let m = this.metrics.get(key);
    if (!m) {
      m = zeroSums();
      this.metrics.set(key, m);
    }
    addToSums(m, metrics);
    if (extra) {
      let e = this.extra.get(key);
      if (!e) {
        e = zeroSums();
        this.extra.set(key, e);
      }
      addToSums(e, extra);
    }
  }

  pairs(): Map<K, Pair> {
    const out = new Map<K, Pair>();
    for (const [key, metrics] of this.metrics) {
      const live = { ...metrics };
      const extra = this.extra.get(key);
      if (extra) addToSums(live, extra);
      out.set(key, { metrics, live });
    }
    return out;
  }
}

/** The slice's figures (see the file comment). */
export function sliceFigures(slice: Slice): SliceFigures {
  const bySession = new PairSums<string>();
  const byModel = new PairSums<string>();
  const bySource = new PairSums<QuerySource>();
  const byTool = new Map<string, { counters: Sums; durations: number[] }>();
  const { rule } = slice;
  for (const b of windowBuckets(slice.state, slice.window)) {
    for (const cell of b.cells.values()) {
      if (!inSlice(slice, cell)) continue;
      const live = rule.live(cell);
      const extra = live === cell.counters ? undefined : subtractCounters(live, cell.counters);
      bySession.add(cell.session, cell.counters, extra);
      if (cell.model !== undefined) byModel.add(cell.model, cell.counters, extra);
      if (cell.source !== undefined) bySource.add(cell.source, cell.counters, extra);
      if (cell.tool !== undefined) {
        let t = byTool.get(cell.tool);
        if (!t) {
          t = { counters: zeroSums(), durations: [] };
          byTool.set(cell.tool, t);
        }
        addToSums(t.counters, cell.counters);
      }
    }
  }
  // Every cell belongs to one session ('' for none): the whole is the sum of the sessions.
  const metrics = zeroSums();
  const live = zeroSums();
  const sessions = bySession.pairs();
  for (const p of sessions.values()) {
    addToSums(metrics, p.metrics);
    addToSums(live, p.live);
  }
  const out: SliceFigures = { metrics, live, byModel: byModel.pairs(), bySource: bySource.pairs(), bySession: sessions, byTool, api: new Map() };
  collectSamples(slice, out);
  if (slice.window.from === null && !slice.filter) exactAllTime(slice.state, out);
  return out;
}

/** Latency samples come from the hour buckets that cover the window. */
function samplesWindow(window: TimeWindow): TimeWindow {
  return tierOf(window) === 'hours' ? window : { ...window, from: window.from === null ? null : Math.floor(window.from / 3_600_000) * 3_600_000 };
}

/**
 * Which buckets a slice's figures are summed from. Two slices of one state as it stands, with one
 * live rule and filter, have the same figures when their keys are the same, whatever their "now":
 * a window's figures change only when a bucket enters or leaves it.
 */
export function figuresKey(slice: Slice): string {
  const { state, window } = slice;
  const tier = tierOf(window);
  const first = state[tier].length - windowBuckets(state, window).length;
  const firstHour = state.hours.length - windowBuckets(state, samplesWindow(window), 'hours').length;
  return `${tier}:${first}:${firstHour}:${window.from === null ? 'all' : ''}`;
}

function collectSamples(slice: Slice, out: SliceFigures): void {
  for (const b of windowBuckets(slice.state, samplesWindow(slice.window), 'hours')) {
    for (const cell of b.cells.values()) {
      if (!cell.durations && !cell.ttfts) continue;
      if (!inSlice(slice, cell)) continue;
      if (cell.tool !== undefined && cell.durations) {
        let t = out.byTool.get(cell.tool);
        if (!t) {
          t = { counters: {}, durations: [] };
          out.byTool.set(cell.tool, t);
        }
        for (const d of cell.durations) t.durations.push(d);
      } else if (cell.model !== undefined) {
        let a = out.api.get(cell.model);
        if (!a) {
          a = { durations: [], ttfts: [] };
          out.api.set(cell.model, a);
        }
        if (cell.durations) for (const d of cell.durations) a.durations.push(d);
        if (cell.ttfts) for (const d of cell.ttfts) a.ttfts.push(d);
      }
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
