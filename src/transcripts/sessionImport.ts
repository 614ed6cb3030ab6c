// A session's transcript, read, as what the store applies: its segments (one per run of Claude
// Code, each closed by a cost-state) with their figures by time, model and query source.
//
// Exact first: a closed segment's cost and tokens per model are Claude Code's own, the difference
// between its cost-state and the one before (they are running totals; a resumed session carries
// them on). They are spread over the times of the segment's requests in proportion to each
// request's own tokens and list price, to the token and the nano-dollar. The open segment (a
// session still running, or killed) has only its requests: tokens exact, cost priced by cc-top
// and counted as estimated (`estCostNanos`), or, for a model with no known price, counted as
// unpriced (`estUnpriced`), never as $0.
import type { CostStateTotals, ImportedGroup } from '../store/state.js';
import type { SegmentImport, SessionImport } from '../store/importApply.js';
import { dayStart, hourStart, minuteStart, TIERS } from '../store/rollups.js';
import type { Counters, CounterKey, QuerySource } from '../telemetry/model.js';
import { MAX_VALUE_CHARS, safeText } from '../telemetry/wireText.js';
import { apportion } from './apportion.js';
import { totalTokens, type TokenUsage } from './lineParse.js';
import { canonicalModel, type Pricer } from './pricing.js';
import type { CostStateAt, RequestRecord, SessionRead } from './sessionRead.js';

/** What the store says of the session so far: how far it is settled, and Claude Code's totals there. */
export interface ImportBasis {
  settledUntil: number;
  costState: CostStateTotals | undefined;
}

export interface BuiltImport {
  session: SessionImport;
  /** Per file read: the offset up to which nothing is left to change (the next read starts there). */
  settledTo: number[];
}

/**
 * The figures an import adds, always in this order: worked out as arrays of one shape (plain loops,
 * no objects whose keys vary), and turned into sparse counters only when a group is listed.
 * Cheaper to run, and less for V8 to compile, which a large import does on every reading thread.
 */
const FIGURE_KEYS = ['tokIn', 'tokOut', 'tokCacheRead', 'tokCacheCreation', 'costNanos', 'estCostNanos', 'estUnpriced', 'apiRequests', 'linesAdded', 'linesRemoved'] as const satisfies readonly CounterKey[];
/** Claude Code's token counts first, in FIGURE_KEYS' order. */
const TOKENS = 4;
const COST = 4;
const EST_COST = 5;
const EST_UNPRICED = 6;
const API_REQUESTS = 7;
const LINES_ADDED = 8;
const LINES_REMOVED = 9;
type Figures = Float64Array;
const noFigures = (): Figures => new Float64Array(FIGURE_KEYS.length);

/** A cost-state's counters (Claude Code's tokens and cost) as figures. */
function figuresOf(c: Counters): Figures {
  const f = noFigures();
  for (let k = 0; k <= COST; k++) f[k] = c[FIGURE_KEYS[k]!] ?? 0;
  return f;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const retentionOf = (field: string) => TIERS.find((t) => t.field === field)!.retentionMs;

/**
 * The time an import's figures are kept under: the minute while minute buckets hold it, then the
 * hour (within the same local day), then the day. Coarser groups keep the record small; every
 * bucket they land in is the one the exact time would.
 */
class GroupTimes {
  /** The first minute and hour buckets still kept (aligned: a time is in them when it is not before). */
  private readonly minutesFrom: number;
  private readonly hoursFrom: number;
  constructor(private readonly nowMs: number) {
    this.minutesFrom = minuteStart(nowMs - retentionOf('minutes'));
    this.hoursFrom = hourStart(nowMs - retentionOf('hours'));
  }

  of(t: number): number {
    const at = Math.min(t, this.nowMs);
    // One path for every time (all three worked out, one returned): a path taken only by recent
    // sessions, met late in an import, would make V8 compile this and its callers again.
    const day = dayStart(at);
    const minute = Math.floor(at / MINUTE_MS) * MINUTE_MS;
    const hour = Math.max(Math.floor(at / HOUR_MS) * HOUR_MS, day);
    return at >= this.minutesFrom ? minute : at >= this.hoursFrom ? hour : day;
  }
}

interface Group {
  t: number;
  model: string | undefined;
  source: QuerySource | undefined;
  figures: Figures;
}

class Groups {
  private readonly byKey = new Map<string, Group>();
  constructor(private readonly times: GroupTimes) {}

  add(t: number, model: string | undefined, source: QuerySource | undefined, figures: Figures): void {
    const at = this.times.of(t);
    const key = `${at}\u0000${model ?? ''}\u0000${source ?? ''}`;
    let g = this.byKey.get(key);
    if (!g) this.byKey.set(key, (g = { t: at, model, source, figures: noFigures() }));
    for (let k = 0; k < FIGURE_KEYS.length; k++) g.figures[k]! += figures[k]!;
  }

  list(): ImportedGroup[] {
    const out: ImportedGroup[] = [];
    for (const g of this.byKey.values()) {
      const counters: Counters = {};
      let any = false;
      for (let k = 0; k < FIGURE_KEYS.length; k++) {
        if (g.figures[k] === 0) continue;
        counters[FIGURE_KEYS[k]!] = g.figures[k]!;
        any = true;
      }
      if (any) out.push({ t: g.t, ...(g.model !== undefined ? { model: g.model } : {}), ...(g.source !== undefined ? { source: g.source } : {}), counters });
    }
    return out;
  }
}

const sourceOf = (r: RequestRecord): QuerySource => (r.sidechain ? 'subagent' : 'main');
const SOURCE_INDEX: Record<QuerySource, number> = { main: 0, subagent: 1, auxiliary: 2 };

/** Families worked out so far (a regular expression per request and model adds up over a large import). */
const families = new Map<string, string>();

/** Model names as one: `claude-sonnet-4-5-20250929` is `claude-sonnet-4-5`. */
function family(model: string): string {
  let f = families.get(model);
  if (f === undefined) {
    if (families.size > 1_000) families.clear();
    families.set(model, (f = canonicalModel(model).replace(/-\d{8}$/, '')));
  }
  return f;
}

const tokensOf = (u: TokenUsage, k: number): number => (k === 0 ? u.input : k === 1 ? u.output : k === 2 ? u.cacheRead : u.cacheCreation);

function estimated(r: RequestRecord, pricer: Pricer): Figures {
  const f = noFigures();
  for (let k = 0; k < TOKENS; k++) f[k] = tokensOf(r.usage, k);
  f[API_REQUESTS] = 1;
  const nanos = pricer.nanos(r.model, r.time, r.usage);
  if (nanos === null) f[EST_UNPRICED] = 1;
  else f[COST] = f[EST_COST] = nanos;
  return f;
}

/** Requests that land in one group: what the spread weighs them by. */
interface Slot {
  time: number;
  source: QuerySource;
  requests: number;
  /**
   * Their tokens (in FIGURE_KEYS' order), then all their tokens, then their list price in nano-USD
   * (NaN when some have no known price). Numbers in one typed array: a field that goes from a small
   * count to a large price to "none" changes the object's shape, and V8 compiles its users again.
   */
  sums: Float64Array;
}
const TOTAL = TOKENS;
const PRICED = TOKENS + 1;

/** A model's requests gathered by the group they land in (minute, hour or day, and query source). */
function slotsOf(requests: readonly RequestRecord[], source: QuerySource | undefined, pricer: Pricer, times: GroupTimes): Slot[] {
  // Keyed by a number (group time and source), not a string made per request.
  const slots = new Map<number, Slot>();
  for (const r of requests) {
    const s = source ?? sourceOf(r);
    const key = times.of(r.time) * 4 + SOURCE_INDEX[s];
    let slot = slots.get(key);
    if (!slot) slots.set(key, (slot = { time: r.time, source: s, requests: 0, sums: new Float64Array(PRICED + 1) }));
    slot.requests++;
    for (let k = 0; k < TOKENS; k++) slot.sums[k]! += tokensOf(r.usage, k);
    slot.sums[TOTAL]! += totalTokens(r.usage);
    if (!Number.isNaN(slot.sums[PRICED])) slot.sums[PRICED]! += pricer.nanos(r.model, r.time, r.usage) ?? Number.NaN;
  }
  return [...slots.values()];
}

/**
 * Shares of `total` over the slots, weighed by `weight` of each (see apportion), as doubles: small
 * and large figures otherwise come in arrays of two kinds, and V8 would compile the callers again.
 */
function shareOut(total: number, slots: readonly Slot[], weight: (s: Slot) => number): Float64Array {
  const weights = new Float64Array(slots.length);
  for (let i = 0; i < slots.length; i++) weights[i] = weight(slots[i]!);
  return Float64Array.from(apportion(total, weights));
}

/** A closed segment's per-model figures spread over its requests' groups (see the file comment). */
function spread(diff: CostStateTotals, unknownCost: boolean, requests: readonly RequestRecord[], at: number, pricer: Pricer, groups: Groups, times: GroupTimes): void {
  for (const [model, counters] of diff.models) {
    const c = figuresOf(counters);
    const modelFamily = family(model);
    const own: RequestRecord[] = [];
    for (const r of requests) if (r.model === model || family(r.model) === modelFamily) own.push(r);
    // A model with no answer in the transcript served Claude Code's side requests (titles, checks).
    const mine = own.length > 0;
    const targets = mine ? own : requests;
    if (targets.length === 0) {
      groups.add(at, model, 'auxiliary', c);
      continue;
    }
    const slots = slotsOf(targets, mine ? undefined : 'auxiliary', pricer, times);
    const shares = slots.map(noFigures);
    for (let k = 0; k < TOKENS; k++) {
      const parts = shareOut(c[k]!, slots, (s) => s.sums[k]!);
      for (let i = 0; i < slots.length; i++) shares[i]![k] = parts[i]!;
    }
    const byPrice = slots.every((s) => !Number.isNaN(s.sums[PRICED]));
    const costs = shareOut(c[COST]!, slots, (s) => s.sums[byPrice ? PRICED : TOTAL]!);
    const unpricedByClaude = unknownCost && c[COST] === 0 && (c[0] !== 0 || c[1] !== 0 || c[2] !== 0 || c[3] !== 0);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const share = shares[i]!;
      share[COST] = costs[i]!;
      if (mine) share[API_REQUESTS] = slot.requests;
      if (unpricedByClaude) {
        // Claude Code did not know this model's price: its cost here is cc-top's estimate.
        const usage: TokenUsage = { input: share[0]!, output: share[1]!, cacheRead: share[2]!, cacheCreation: share[3]!, cacheCreation1h: 0 };
        const nanos = pricer.nanos(model, slot.time, usage);
        if (nanos === null) share[EST_UNPRICED] = slot.requests;
        else share[COST] = share[EST_COST] = nanos;
      }
      groups.add(slot.time, model, slot.source, share);
    }
  }
  if (diff.linesAdded || diff.linesRemoved) {
    const lines = noFigures();
    lines[LINES_ADDED] = diff.linesAdded;
    lines[LINES_REMOVED] = diff.linesRemoved;
    groups.add(at, undefined, undefined, lines);
  }
}

interface Boundary {
  cs: CostStateAt;
  at: number;
  diff: CostStateTotals;
}

const DIFF_KEYS: readonly CounterKey[] = ['tokIn', 'tokOut', 'tokCacheRead', 'tokCacheCreation', 'costNanos'];

/** Claude Code's totals less the ones before; a cost-state that counts afresh (not resumed) is all new. */
function difference(cs: CostStateTotals, prev: CostStateTotals | undefined): { diff: CostStateTotals; up: boolean; down: boolean } {
  let up = false;
  let down = false;
  const models = new Map<string, Counters>();
  const modelDiff = (name: string, now: Counters, before: Counters): void => {
    const d: Counters = {};
    let any = false;
    for (const k of DIFF_KEYS) {
      const v = (now[k] ?? 0) - (before[k] ?? 0);
      if (v > 0) up = true;
      if (v < 0) down = true;
      if (v) {
        d[k] = v;
        any = true;
      }
    }
    if (any) models.set(name, d);
  };
  for (const [name, now] of cs.models) modelDiff(name, now, prev?.models.get(name) ?? {});
  if (prev) for (const [name, before] of prev.models) if (!cs.models.has(name)) modelDiff(name, {}, before);
  const linesAdded = cs.linesAdded - (prev?.linesAdded ?? 0);
  const linesRemoved = cs.linesRemoved - (prev?.linesRemoved ?? 0);
  if (linesAdded > 0 || linesRemoved > 0) up = true;
  if (linesAdded < 0 || linesRemoved < 0) down = true;
  if (down) return { diff: cs, up, down };
  return { diff: { models, linesAdded, linesRemoved }, up, down };
}

const totalsOf = (cs: CostStateAt): CostStateTotals => ({ models: cs.models, linesAdded: cs.linesAdded, linesRemoved: cs.linesRemoved });

/** The cost-states that are new since the basis, each with what it adds. */
function boundaries(read: SessionRead, basis: ImportBasis): Boundary[] {
  const out: Boundary[] = [];
  let prev = basis.costState;
  let lastAt = basis.settledUntil;
  for (const cs of read.costStates) {
    // Settled by an earlier import (the file was read again from its start).
    if (!Number.isNaN(cs.at) && cs.at <= basis.settledUntil) continue;
    const totals = totalsOf(cs);
    const { diff, up } = difference(totals, prev);
    // Nothing asked of the API since the last one: a cost-state with nothing new.
    if (Number.isNaN(cs.at) && !up) continue;
    const at = Number.isNaN(cs.at) ? lastAt : Math.max(cs.at, lastAt);
    out.push({ cs, at, diff });
    prev = totals;
    lastAt = at;
  }
  return out;
}

export function buildImport(read: SessionRead, basis: ImportBasis, labels: [string, string][], pricer: Pricer, nowMs: number): BuiltImport {
  const times = new GroupTimes(nowMs);
  const bounds = boundaries(read, basis);
  const requests: RequestRecord[] = [];
  for (const r of read.requests) if (r.time > basis.settledUntil) requests.push(r);
  const segments: SegmentImport[] = [];
  let i = 0;
  for (const b of bounds) {
    const own: RequestRecord[] = [];
    while (i < requests.length && requests[i]!.time <= b.at) own.push(requests[i++]!);
    const groups = new Groups(times);
    spread(b.diff, b.cs.unknownModelCost, own, b.at, pricer, groups, times);
    // The run's window for telemetry: from its first line (its prompt), not only its first answer.
    const first = Math.min(own.length > 0 ? own[0]!.time : b.at, Number.isNaN(b.cs.runStart) ? Number.POSITIVE_INFINITY : b.cs.runStart);
    segments.push({ first, last: b.at, costState: totalsOf(b.cs), groups: groups.list() });
  }
  if (i < requests.length) {
    const groups = new Groups(times);
    for (let j = i; j < requests.length; j++) {
      const r = requests[j]!;
      groups.add(r.time, r.model, sourceOf(r), estimated(r, pricer));
    }
    segments.push({ first: Math.min(requests[i]!.time, Number.isNaN(read.openRunStart) ? Number.POSITIVE_INFINITY : read.openRunStart), last: requests[requests.length - 1]!.time, groups: groups.list() });
  }
  const settledUntil = bounds.length > 0 ? bounds[bounds.length - 1]!.at : basis.settledUntil;
  return { session: { id: read.id, basis: basis.settledUntil, labels, segments }, settledTo: settledOffsets(read, settledUntil) };
}

/** Where each file's unsettled part starts: after the last cost-state (own file), after the settled requests (subagents'). */
function settledOffsets(read: SessionRead, settledUntil: number): number[] {
  return read.files.map((f, index) => {
    if (f.file.main) return read.costStates.reduce((to, cs) => Math.max(to, cs.endOffset), f.from);
    let to = f.readTo;
    const mine = read.requests.filter((r) => r.file === index).sort((a, b) => a.endOffset - b.endOffset);
    const firstOpen = mine.findIndex((r) => r.time > settledUntil);
    if (firstOpen !== -1) to = firstOpen === 0 ? f.from : mine[firstOpen - 1]!.endOffset;
    return to;
  });
}

/** The session's labels for projects and grouping, from its transcript (made safe to print). */
export function transcriptLabels(read: SessionRead): [string, string][] {
  const labels: [string, string][] = [];
  if (read.cwd) labels.push(['project.dir', safeText(read.cwd, MAX_VALUE_CHARS)]);
  if (read.gitBranch) labels.push(['git.branch', safeText(read.gitBranch, MAX_VALUE_CHARS)]);
  return labels;
}


