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

const TOKEN_KEYS = [
  ['tokIn', 'input'],
  ['tokOut', 'output'],
  ['tokCacheRead', 'cacheRead'],
  ['tokCacheCreation', 'cacheCreation'],
] as const satisfies readonly (readonly [CounterKey, keyof TokenUsage])[];

const tier = (field: string) => TIERS.find((t) => t.field === field)!;

/**
 * The time an import's figures are kept under: the minute while minute buckets hold it, then the
 * hour (within the same local day), then the day. Coarser groups keep the record small; every
 * bucket they land in is the one the exact time would.
 */
export function groupTime(t: number, nowMs: number): number {
  const at = Math.min(t, nowMs);
  if (minuteStart(at) >= minuteStart(nowMs - tier('minutes').retentionMs)) return minuteStart(at);
  if (hourStart(at) >= hourStart(nowMs - tier('hours').retentionMs)) return Math.max(hourStart(at), dayStart(at));
  return dayStart(at);
}

class Groups {
  private readonly byKey = new Map<string, ImportedGroup>();
  constructor(private readonly nowMs: number) {}

  add(t: number, model: string | undefined, source: QuerySource | undefined, counters: Counters): void {
    const at = groupTime(t, this.nowMs);
    const key = `${at}\u0000${model ?? ''}\u0000${source ?? ''}`;
    let g = this.byKey.get(key);
    if (!g) {
      g = { t: at, ...(model !== undefined ? { model } : {}), ...(source !== undefined ? { source } : {}), counters: {} };
      this.byKey.set(key, g);
    }
    for (const k in counters) {
      const v = counters[k as CounterKey];
      if (v) g.counters[k as CounterKey] = (g.counters[k as CounterKey] ?? 0) + v;
    }
  }

  list(): ImportedGroup[] {
    return [...this.byKey.values()].filter((g) => Object.keys(g.counters).length > 0);
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

function estimated(r: RequestRecord, pricer: Pricer): Counters {
  const c: Counters = { tokIn: r.usage.input, tokOut: r.usage.output, tokCacheRead: r.usage.cacheRead, tokCacheCreation: r.usage.cacheCreation, apiRequests: 1 };
  const nanos = pricer.nanos(r.model, r.time, r.usage);
  if (nanos === null) c.estUnpriced = 1;
  else {
    c.costNanos = nanos;
    c.estCostNanos = nanos;
  }
  return c;
}

/** Requests that land in one group: what the spread weighs them by. */
interface Slot {
  time: number;
  source: QuerySource;
  requests: number;
  tokens: [input: number, output: number, cacheRead: number, cacheCreation: number];
  /** Their list price in nano-USD (null: some have no known price), and all their tokens. */
  priced: number | null;
  total: number;
}

/** A model's requests gathered by the group they land in (minute, hour or day, and query source). */
function slotsOf(requests: readonly RequestRecord[], source: QuerySource | undefined, pricer: Pricer, nowMs: number): Slot[] {
  // Keyed by a number (group time and source), not a string made per request.
  const slots = new Map<number, Slot>();
  for (const r of requests) {
    const s = source ?? sourceOf(r);
    const key = groupTime(r.time, nowMs) * 4 + SOURCE_INDEX[s];
    let slot = slots.get(key);
    if (!slot) slots.set(key, (slot = { time: r.time, source: s, requests: 0, tokens: [0, 0, 0, 0], priced: 0, total: 0 }));
    slot.requests++;
    slot.tokens[0] += r.usage.input;
    slot.tokens[1] += r.usage.output;
    slot.tokens[2] += r.usage.cacheRead;
    slot.tokens[3] += r.usage.cacheCreation;
    slot.total += totalTokens(r.usage);
    const price = slot.priced === null ? null : pricer.nanos(r.model, r.time, r.usage);
    slot.priced = price === null || slot.priced === null ? null : slot.priced + price;
  }
  return [...slots.values()];
}

/** A closed segment's per-model figures spread over its requests' groups (see the file comment). */
function spread(diff: CostStateTotals, unknownCost: boolean, requests: readonly RequestRecord[], at: number, pricer: Pricer, groups: Groups, nowMs: number): void {
  for (const [model, c] of diff.models) {
    const modelFamily = family(model);
    const own = requests.filter((r) => r.model === model || family(r.model) === modelFamily);
    // A model with no answer in the transcript served Claude Code's side requests (titles, checks).
    const mine = own.length > 0;
    const targets = mine ? own : requests;
    if (targets.length === 0) {
      groups.add(at, model, 'auxiliary', c);
      continue;
    }
    const slots = slotsOf(targets, mine ? undefined : 'auxiliary', pricer, nowMs);
    const shares = slots.map((): Counters => ({}));
    TOKEN_KEYS.forEach(([key], k) => apportion(c[key] ?? 0, slots.map((s) => s.tokens[k]!)).forEach((n, i) => n && (shares[i]![key] = n)));
    const weights = slots.every((s) => s.priced !== null) ? slots.map((s) => s.priced!) : slots.map((s) => s.total);
    apportion(c.costNanos ?? 0, weights).forEach((n, i) => n && (shares[i]!.costNanos = n));
    slots.forEach((slot, i) => {
      const share = shares[i]!;
      if (mine) share.apiRequests = slot.requests;
      if (unknownCost && !c.costNanos && (c.tokIn || c.tokOut || c.tokCacheRead || c.tokCacheCreation)) {
        // Claude Code did not know this model's price: its cost here is cc-top's estimate.
        const usage: TokenUsage = { input: share.tokIn ?? 0, output: share.tokOut ?? 0, cacheRead: share.tokCacheRead ?? 0, cacheCreation: share.tokCacheCreation ?? 0, cacheCreation1h: 0 };
        const nanos = pricer.nanos(model, slot.time, usage);
        if (nanos === null) share.estUnpriced = slot.requests;
        else share.costNanos = share.estCostNanos = nanos;
      }
      groups.add(slot.time, model, slot.source, share);
    });
  }
  if (diff.linesAdded || diff.linesRemoved) groups.add(at, undefined, undefined, { linesAdded: diff.linesAdded, linesRemoved: diff.linesRemoved });
}

interface Boundary {
  cs: CostStateAt;
  at: number;
  diff: CostStateTotals;
}

/** Claude Code's totals less the ones before; a cost-state that counts afresh (not resumed) is all new. */
function difference(cs: CostStateTotals, prev: CostStateTotals | undefined): { diff: CostStateTotals; up: boolean; down: boolean } {
  let up = false;
  let down = false;
  const models = new Map<string, Counters>();
  const keys: CounterKey[] = ['tokIn', 'tokOut', 'tokCacheRead', 'tokCacheCreation', 'costNanos'];
  for (const name of new Set([...cs.models.keys(), ...(prev?.models.keys() ?? [])])) {
    const now = cs.models.get(name) ?? {};
    const before = prev?.models.get(name) ?? {};
    const d: Counters = {};
    for (const k of keys) {
      const v = (now[k] ?? 0) - (before[k] ?? 0);
      if (v > 0) up = true;
      if (v < 0) down = true;
      if (v) d[k] = v;
    }
    if (Object.keys(d).length > 0) models.set(name, d);
  }
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
  const bounds = boundaries(read, basis);
  const requests = read.requests.filter((r) => r.time > basis.settledUntil);
  const segments: SegmentImport[] = [];
  let i = 0;
  for (const b of bounds) {
    const own: RequestRecord[] = [];
    while (i < requests.length && requests[i]!.time <= b.at) own.push(requests[i++]!);
    const groups = new Groups(nowMs);
    spread(b.diff, b.cs.unknownModelCost, own, b.at, pricer, groups, nowMs);
    // The run's window for telemetry: from its first line (its prompt), not only its first answer.
    const first = Math.min(own.length > 0 ? own[0]!.time : b.at, Number.isNaN(b.cs.runStart) ? Number.POSITIVE_INFINITY : b.cs.runStart);
    segments.push({ first, last: b.at, costState: totalsOf(b.cs), groups: groups.list() });
  }
  const open = requests.slice(i);
  if (open.length > 0) {
    const groups = new Groups(nowMs);
    for (const r of open) groups.add(r.time, r.model, sourceOf(r), estimated(r, pricer));
    segments.push({ first: Math.min(open[0]!.time, Number.isNaN(read.openRunStart) ? Number.POSITIVE_INFINITY : read.openRunStart), last: open[open.length - 1]!.time, groups: groups.list() });
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


