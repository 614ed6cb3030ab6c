// An import as one unit of change: the sessions read (as the store applies them) and the sessions
// whose transcripts are gone. The same function applies it in `cc-top import` (when no cc-top
// holds the store) and in the live cc-top it is handed to, through Store.update; both answer
// with the same result. Handed over as a file, it is validated like any input.
import * as v from 'valibot';
import { applySessionImport, forgetImports, reorderSessions, type ImportOutcome, type SessionImport } from '../store/importApply.js';
import { TelemetryCoverage } from '../store/importRecords.js';
import type { StoreState } from '../store/state.js';
import { COUNTER_KEYS, QUERY_SOURCES, type Counters, type QuerySource } from '../telemetry/model.js';
import { MAX_NAME_CHARS, MAX_VALUE_CHARS, safeText } from '../telemetry/wireText.js';

export interface ImportBatch {
  sessions: SessionImport[];
  /** Sessions whose transcripts are gone: their import records are let go. */
  forget: string[];
}

export interface BatchResult {
  /** The `createdAt` of the store it was applied to (the marks belong to it). */
  storeCreatedAt: number;
  /** One per session of the batch, in order. */
  outcomes: ImportOutcome[];
}

export function applyBatch(state: StoreState, batch: ImportBatch, nowMs: number): BatchResult {
  const coverage = new TelemetryCoverage(state, nowMs);
  const sessionsBefore = state.sessionsSeen;
  const outcomes = batch.sessions.map((s) => applySessionImport(state, s, nowMs, coverage));
  forgetImports(state, batch.forget);
  if (state.sessionsSeen !== sessionsBefore) reorderSessions(state);
  return { storeCreatedAt: state.createdAt, outcomes };
}

const time = v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.maxValue(8.64e15));
const name = v.pipe(
  v.string(),
  v.maxLength(MAX_VALUE_CHARS * 4),
  v.transform((s) => safeText(s, MAX_NAME_CHARS)),
);
const KNOWN = new Set<string>(COUNTER_KEYS);
/** Counters of known keys holding safe integers (negative only where `signed`: a net change). */
const counters = (signed: boolean) =>
  v.pipe(
    v.record(v.string(), v.pipe(v.number(), v.safeInteger(), v.minValue(signed ? Number.MIN_SAFE_INTEGER : 0))),
    v.check((c) => Object.keys(c).every((k) => KNOWN.has(k)), 'holds a counter cc-top does not know'),
    v.transform((c) => c as Counters),
  );
const source = v.picklist(QUERY_SOURCES as readonly QuerySource[]);
const group = v.object({ t: time, model: v.optional(name), source: v.optional(source), counters: counters(false) });
const costState = v.object({
  models: v.pipe(
    v.array(v.tuple([name, counters(false)])),
    v.transform((e) => new Map(e)),
  ),
  linesAdded: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  linesRemoved: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
});
const sessionImport = v.object({
  id: name,
  basis: time,
  labels: v.array(v.tuple([name, v.pipe(v.string(), v.maxLength(MAX_VALUE_CHARS * 4), v.transform((s) => safeText(s, MAX_VALUE_CHARS)))])),
  segments: v.array(v.object({ first: time, last: time, costState: v.optional(costState), groups: v.array(group) })),
});

const BatchSchema = v.object({ version: v.literal(1), sessions: v.array(sessionImport), forget: v.array(name) });
const ResultSchema = v.object({
  version: v.literal(1),
  error: v.optional(v.pipe(v.string(), v.transform((s) => safeText(s, MAX_VALUE_CHARS)))),
  storeCreatedAt: time,
  outcomes: v.array(
    v.object({
      status: v.picklist(['applied', 'stale'] as const),
      net: counters(true),
      covered: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
      added: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
      days: v.array(time),
    }),
  ),
});

const mapsAsEntries = (_key: string, value: unknown) => (value instanceof Map ? [...value] : value);

export function batchText(batch: ImportBatch): string {
  return JSON.stringify({ version: 1, ...batch }, mapsAsEntries);
}

export function resultText(result: BatchResult | { error: string }): string {
  return JSON.stringify({ version: 1, storeCreatedAt: 0, outcomes: [], ...result });
}

export class BatchFileError extends Error {}

function issue(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0];
  const path = (first?.path ?? []).map((p) => (typeof p.key === 'number' ? `[${p.key}]` : `.${String(p.key)}`)).join('').replace(/^\./, '');
  return `${path || 'the file'}: ${first?.message ?? 'not the expected shape'}`;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BatchFileError(`${what} is not JSON (${(err as Error).message})`);
  }
}

export function parseBatch(text: string): ImportBatch {
  const r = v.safeParse(BatchSchema, parseJson(text, 'the import'));
  if (!r.success) throw new BatchFileError(`the import is not one cc-top wrote (${issue(r.issues)})`);
  return { sessions: r.output.sessions, forget: r.output.forget };
}

export function parseResult(text: string): BatchResult & { error?: string } {
  const r = v.safeParse(ResultSchema, parseJson(text, 'the answer'));
  if (!r.success) throw new BatchFileError(`the answer is not one cc-top wrote (${issue(r.issues)})`);
  return { storeCreatedAt: r.output.storeCreatedAt, outcomes: r.output.outcomes, ...(r.output.error !== undefined ? { error: r.output.error } : {}) };
}
