// Applying a session's transcript import to the state, deterministically and idempotently: the
// reader (src/transcripts) cuts the transcript into segments and works out each one's figures;
// here each segment lands only where telemetry did not see that run (importRecords.ts), the open
// segment added last time is taken back before its new reading goes in, and the record says how
// far the transcript is settled. Applying the same import twice, or an import read against an
// older record (another import got there first: `stale`), changes nothing.
import { addImportedGroup, noteCap, touchSession } from './aggregate.js';
import { dropSettledSegments, TelemetryCoverage } from './importRecords.js';
import { dayStart } from './rollups.js';
import { IMPORT_RECORDS_CAP, type CostStateTotals, type ImportedGroup, type ImportRecord, type StoreState } from './state.js';
import { takeBackGroup } from './takeBack.js';
import type { Counters } from '../telemetry/model.js';

/** One run of Claude Code as read from a transcript. */
export interface SegmentImport {
  /** Times of its first and last request line (a closed segment's last one is what its cost-state settles). */
  first: number;
  last: number;
  /** Claude Code's running totals at the cost-state that closed it; absent while it is open. */
  costState?: CostStateTotals;
  /** Its figures: Claude Code's own for a closed segment, priced by cc-top for an open one. */
  groups: ImportedGroup[];
}

export interface SessionImport {
  id: string;
  /** The record's settledUntil this import was read against (0: no record). */
  basis: number;
  /** `project.dir` (its cwd) and `git.branch`. */
  labels: [string, string][];
  /** In order; only the last may be open. */
  segments: SegmentImport[];
}

export interface ImportOutcome {
  status: 'applied' | 'stale';
  /** Figures this import added, less what it took back (cost, estimated part, tokens, ...). */
  net: Counters;
  /** Segments left to telemetry, which saw those runs. */
  covered: number;
  /** Segments added. */
  added: number;
  /** Local days (midnight, epoch ms) the added figures fall on. */
  days: number[];
}

function netOf(into: Counters, groups: readonly ImportedGroup[], sign: 1 | -1): void {
  for (const g of groups) {
    for (const key in g.counters) {
      const k = key as keyof Counters;
      into[k] = (into[k] ?? 0) + sign * (g.counters[k] ?? 0);
    }
  }
}

function setMissingLabels(labels: Map<string, string>, add: readonly [string, string][]): void {
  for (const [k, v] of add) if (!labels.has(k)) labels.set(k, v);
}

/** Keep the records under their cap: the least recently imported without an open segment go first. */
function capRecords(state: StoreState, nowMs: number): void {
  if (state.imports.size <= IMPORT_RECORDS_CAP) return;
  noteCap(state, 'transcript import records', IMPORT_RECORDS_CAP, nowMs);
  const byAge = [...state.imports].sort((a, b) => Number(a[1].segments.some((s) => s.open)) - Number(b[1].segments.some((s) => s.open)) || a[1].importedAt - b[1].importedAt);
  for (const [id] of byAge.slice(0, state.imports.size - IMPORT_RECORDS_CAP)) state.imports.delete(id);
}

export function applySessionImport(state: StoreState, imp: SessionImport, nowMs: number, coverage: TelemetryCoverage = new TelemetryCoverage(state, nowMs)): ImportOutcome {
  const outcome: ImportOutcome = { status: 'applied', net: {}, covered: 0, added: 0, days: [] };
  const existing = state.imports.get(imp.id);
  if ((existing?.settledUntil ?? 0) !== imp.basis) return { ...outcome, status: 'stale' };
  // Nothing read that counts (only prompts and tool results since last time): nothing to remember.
  if (!existing && imp.segments.length === 0) return outcome;
  const record: ImportRecord = existing ?? { settledUntil: 0, segments: [], importedAt: nowMs };
  // The open segment is read whole again each time: what it added before goes first.
  for (const seg of record.segments) {
    if (!seg.open) continue;
    for (const g of seg.groups) takeBackGroup(state, imp.id, g);
    netOf(outcome.net, seg.groups, -1);
  }
  record.segments = record.segments.filter((seg) => !seg.open);
  const days = new Set<number>();
  for (const seg of imp.segments) {
    const open = seg.costState === undefined;
    if (seg.groups.length > 0) {
      if (coverage.covers(imp.id, seg.first, open ? Number.POSITIVE_INFINITY : seg.last)) {
        outcome.covered++;
      } else {
        const session = touchSession(state, imp.id, seg.first, new Map(imp.labels), nowMs, 'transcript');
        if (seg.last > session.lastSeen) session.lastSeen = Math.min(seg.last, nowMs);
        const groups = seg.groups.map((g) => addImportedGroup(state, session, g, nowMs));
        for (const g of groups) days.add(dayStart(g.t));
        netOf(outcome.net, groups, 1);
        record.segments.push({ first: seg.first, last: seg.last, open, groups });
        outcome.added++;
      }
    }
    if (seg.costState) {
      record.settledUntil = seg.last;
      record.costState = seg.costState;
    }
  }
  // A session telemetry saw still gets its folder and branch: projects group it like the rest.
  const session = state.sessions.get(imp.id);
  if (session) setMissingLabels(session.labels, imp.labels);
  record.importedAt = nowMs;
  dropSettledSegments(record, nowMs);
  state.imports.delete(imp.id);
  state.imports.set(imp.id, record);
  capRecords(state, nowMs);
  state.updatedAt = nowMs;
  outcome.days = [...days].sort((a, b) => a - b);
  return outcome;
}

/** Forget the records of sessions whose transcripts are gone: nothing can change them any more. */
export function forgetImports(state: StoreState, ids: readonly string[]): void {
  for (const id of ids) state.imports.delete(id);
}

/** Sessions imported in least-recently-seen order again (an import adds old sessions last). */
export function reorderSessions(state: StoreState): void {
  const sorted = [...state.sessions.values()].sort((a, b) => a.lastSeen - b.lastSeen);
  state.sessions.clear();
  for (const s of sorted) state.sessions.set(s.id, s);
}
