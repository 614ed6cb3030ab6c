// The figures of every elementary interval, summed by the server: for each metric name, sum(D) and
// sum(P) by model, query source, the family's split and the asked labels (see promql.ts), in one
// query per run of equal intervals (a range query) or per odd interval (an instant query with @).
// Rows come back in the counters' integer units; D - P is taken in integers.
import type { CounterKey, Counters, QuerySource } from '../telemetry/model.js';
import { bucketQuerySource } from '../telemetry/querySource.js';
import { runsOf, type Interval } from './bucketPlan.js';
import { counterOf, scaleOf, type FoundName } from './metricNames.js';
import type { PromClient } from './promClient.js';
import { boundarySum, tagged } from './promql.js';
import { regexEscape, type Matcher } from './teamKeys.js';

/** One part of the picture: which series (matchers), summed by which labels. */
export interface PartSpec {
  matchers: Matcher[];
  by: string[];
  /**
   * Matchers that leave the answer as it is but spare the server work (the sessions known to have
   * samples in the intervals asked): not part of what an answer is kept under.
   */
  narrow?: Matcher[];
}

/** Figures of one interval for one model, query source and value of each `by` label. */
export interface FigureRow {
  model: string | undefined;
  source: QuerySource | undefined;
  /** Values of the part's `by` labels ('' where a series has none). */
  by: string[];
  counters: Counters;
}

/** Rows per interval (same order as the intervals asked). */
export type IntervalRows = FigureRow[][];

export interface SumContext {
  client: PromClient;
  names: readonly FoundName[];
  lookbackMs: number;
  /** Runs at most this many queries at once (the server shares its cores with everyone). */
  limit: <T>(task: () => Promise<T>) => Promise<T>;
  /** Answers of runs that can no longer change, kept between refreshes. */
  cache?: SumCache | undefined;
  /** Runs ending before this time are settled: their answers are cached. */
  settledBefore?: number;
  /** Things worth a note (values that are not numbers). */
  notes: Set<string>;
}

/** Answers kept between refreshes, by query. */
export type SumCache = Map<string, RawRow[]>;

/** A row as it comes back, read once: at which interval end, which figure, what it adds (P subtracts). */
interface RawRow {
  end: number;
  key: string;
  model: string | undefined;
  source: QuerySource | undefined;
  by: string[];
  counter: CounterKey;
  units: number;
}

const RANGE_RUN_MIN = 3;
/** Steps per range query at most. */
const RUN_PIECE = 12;

/** The labels every sum is by: each series' name, its split, model and source, and the part's. */
function dims(part: PartSpec): string[] {
  return ['__name__', 'model', 'query_source', 'type', 'decision', ...part.by];
}

/** sum(D) and sum(P) of every name at once: one selection each, however many names. */
function expression(ctx: SumContext, part: PartSpec, lengthMs: number, at?: Interval): string {
  const matchers = [{ label: '__name__', op: '=~' as const, value: ctx.names.map((n) => regexEscape(n.name)).join('|') }, ...part.matchers];
  return (['D', 'P'] as const).map((which) => tagged(boundarySum(which, '', matchers, dims(part), lengthMs, ctx.lookbackMs, at), which)).join(' or ');
}

function rawRow(ctx: SumContext, part: PartSpec, labels: Record<string, string>, end: number, text: string): RawRow | undefined {
  const which = labels.cc_part;
  const name = ctx.names.find((n) => n.name === labels.__name__);
  if ((which !== 'D' && which !== 'P') || !name) return undefined;
  const counter = counterOf(name.family, name.family.split ? labels[name.family.split] : undefined);
  if (!counter) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) {
    ctx.notes.add(`${name.name} holds a value that is not a number; it is left out`);
    return undefined;
  }
  const model = labels.model || undefined;
  const source = bucketQuerySource(labels.query_source || undefined);
  const by = part.by.map((l) => labels[l] ?? '');
  const units = Math.round(value * scaleOf(name.family));
  return { end, key: JSON.stringify([model ?? null, source ?? null, by]), model, source, by, counter, units: which === 'D' ? units : -units };
}

/**
 * A long interval is asked in two halves of its sessions at once (by the first character of the
 * id, series without one in the first): each series is in one half, so the sums add up exactly,
 * and the server works on both with two cores.
 */
const SHARD_MIN_MS = 2 * 86_400_000;
const SHARDS: Matcher[][] = [
  [{ label: 'session_id', op: '=~', value: '[0-7].*|' }],
  [{ label: 'session_id', op: '!~', value: '[0-7].*|' }],
];

async function runRows(ctx: SumContext, part: PartSpec, run: Interval[]): Promise<RawRow[]> {
  const first = run[0]!;
  const last = run[run.length - 1]!;
  const length = first.end - first.start;
  const ranged = run.length >= RANGE_RUN_MIN;
  const narrowed = (p: PartSpec): PartSpec => ({ ...p, matchers: [...p.matchers, ...(p.narrow ?? [])] });
  const exprs = ranged
    ? [{ expr: expression(ctx, narrowed(part), length), key: expression(ctx, part, length), iv: undefined }]
    : run.flatMap((iv) =>
        (iv.end - iv.start >= SHARD_MIN_MS ? SHARDS.map((shard) => ({ ...part, matchers: [...part.matchers, ...shard] })) : [part]).map((p) => ({
          expr: expression(ctx, narrowed(p), iv.end - iv.start, iv),
          key: expression(ctx, p, iv.end - iv.start, iv),
          iv,
        })),
      );
  const out: RawRow[] = [];
  await Promise.all(
    exprs.map(async ({ expr, key: what, iv }) => {
      const key = ranged ? `R${first.end}:${last.end}:${length}|${what}` : `I${iv!.end}|${what}`;
      const cached = ctx.cache?.get(key);
      if (cached) {
        for (const r of cached) out.push(r);
        return;
      }
      const rows: RawRow[] = [];
      if (ranged) {
        const series = await ctx.limit(() => ctx.client.range(expr, first.end / 1000, last.end / 1000, length / 1000));
        for (const s of series) for (const [t, text] of s.values) pushRow(rows, rawRow(ctx, part, s.metric, Math.round(t * 1000), text));
      } else {
        const vector = await ctx.limit(() => ctx.client.instant(expr, iv!.end / 1000));
        for (const s of vector) pushRow(rows, rawRow(ctx, part, s.metric, iv!.end, s.value[1]));
      }
      if (ctx.cache && ctx.settledBefore !== undefined && last.end <= ctx.settledBefore) ctx.cache.set(key, rows);
      for (const r of rows) out.push(r);
    }),
  );
  return out;
}

function pushRow(rows: RawRow[], row: RawRow | undefined): void {
  if (row) rows.push(row);
}

/** The figures of every interval for one part. */
export async function intervalSums(ctx: SumContext, part: PartSpec, intervals: readonly Interval[]): Promise<IntervalRows> {
  const index = new Map(intervals.map((iv, i) => [iv.end, i]));
  const grouped: Map<string, FigureRow>[] = intervals.map(() => new Map());
  // Long runs go in pieces: each answer stays small and quick, and settled pieces are kept. The
  // pieces are cut at fixed times (multiples of RUN_PIECE steps), so a piece is the same piece at
  // every read while the run grows.
  const runs = runsOf(intervals).flatMap((run) => {
    const pieces = new Map<number, Interval[]>();
    const step = run[0]!.end - run[0]!.start;
    for (const iv of run) {
      const at = Math.floor(iv.end / (step * RUN_PIECE));
      pieces.set(at, [...(pieces.get(at) ?? []), iv]);
    }
    return [...pieces.values()];
  });
  const all = await Promise.all(runs.map((run) => runRows(ctx, part, run)));
  for (const rows of all) {
    for (const row of rows) {
      const i = index.get(row.end);
      if (i === undefined) continue;
      let fr = grouped[i]!.get(row.key);
      if (!fr) {
        fr = { model: row.model, source: row.source, by: row.by, counters: {} };
        grouped[i]!.set(row.key, fr);
      }
      fr.counters[row.counter] = (fr.counters[row.counter] ?? 0) + row.units;
    }
  }
  // Signed: parts are still taken from one another (teamState.ts clamps what is shown).
  return grouped.map((m) => [...m.values()].filter((r) => Object.values(r.counters).some((v) => v !== 0)));
}

/** `rows` less `take` (matched by model, source and the `by` values `byOf` gives; undefined: not taken). */
export function minusRows(rows: readonly FigureRow[], take: readonly FigureRow[], byOf: (r: FigureRow) => string[] | undefined): FigureRow[] {
  const key = (model: string | undefined, source: string | undefined, by: string[]) => JSON.stringify([model ?? null, source ?? null, by]);
  const out = new Map(rows.map((r) => [key(r.model, r.source, r.by), { ...r, counters: { ...r.counters } }]));
  for (const t of take) {
    const by = byOf(t);
    if (!by) continue;
    const k = key(t.model, t.source, by);
    let r = out.get(k);
    if (!r) {
      r = { model: t.model, source: t.source, by, counters: {} };
      out.set(k, r);
    }
    for (const [c, v] of Object.entries(t.counters) as [keyof Counters, number][]) r.counters[c] = (r.counters[c] ?? 0) - v;
  }
  return [...out.values()];
}

/** A limiter: at most `n` tasks at once, the rest wait their turn. */
export function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
