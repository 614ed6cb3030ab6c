// One truth per session: telemetry wins. A transcript is cut into segments, one per run of Claude
// Code (each run that ends cleanly writes a `cost-state` line). An imported segment stands only
// where cc-top received no telemetry for that session at that time; telemetry that arrives later
// for the time of an imported segment takes that segment back. So nothing is counted twice,
// whatever comes first, the import or the live data.
//
// Telemetry's time is known per session as a few spans (data times, merged): a metric point
// covers its whole interval (start to time), an event its moment. A segment's time runs from the
// first line of its run (the prompt) to its last answer. A run's telemetry always meets that: its
// prompt event comes after the prompt's line, its metric intervals reach from its first
// measurement to its exit flush. Runs of one session follow one another (the next starts after
// the last one exited), so a run's telemetry never reaches into another run's time.
import { dayStart, hourStart, TIERS } from './rollups.js';
import { IMPORT_RETRACTABLE_MS, OTLP_SPANS_CAP, type ImportRecord, type ImportedSegment, type SessionRecord, type StoreState } from './state.js';
import { takeBackGroup } from './takeBack.js';

type Window = readonly [from: number, to: number];

/** The time telemetry of a segment's run would fall in: a closed run ends with its last line, an open one goes on. */
export function segmentWindow(seg: Pick<ImportedSegment, 'first' | 'last' | 'open'>): Window {
  return [seg.first, seg.open ? Number.POSITIVE_INFINITY : seg.last];
}

const overlaps = (a: Window, from: number, to: number): boolean => a[0] <= to && a[1] >= from;

/** Merge [from, to] into a session's spans (sorted, disjoint); past the cap the two closest merge. */
export function addSpan(session: SessionRecord, fromMs: number, toMs: number): void {
  const from = Math.floor(fromMs);
  const to = Math.ceil(toMs);
  const spans = (session.otlpSpans ??= []);
  const last = spans[spans.length - 1];
  // Live data nearly always extends the newest span.
  if (last && from <= last[1] && to >= last[0] && (spans.length === 1 || from > spans[spans.length - 2]![1])) {
    if (from < last[0]) last[0] = from;
    if (to > last[1]) last[1] = to;
    return;
  }
  spans.push([from, to]);
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = spans.length - 1; i > 0; i--) {
    const prev = spans[i - 1]!;
    const cur = spans[i]!;
    if (cur[0] <= prev[1]) {
      prev[1] = Math.max(prev[1], cur[1]);
      spans.splice(i, 1);
    }
  }
  while (spans.length > OTLP_SPANS_CAP) {
    let best = 1;
    for (let i = 2; i < spans.length; i++) if (spans[i]![0] - spans[i - 1]![1] < spans[best]![0] - spans[best - 1]![1]) best = i;
    spans[best - 1]![1] = Math.max(spans[best - 1]![1], spans[best]![1]);
    spans.splice(best, 1);
  }
}

/** Take back the imported segments whose run telemetry now shows it saw. */
function yieldTo(state: StoreState, id: string, record: ImportRecord, from: number, to: number): void {
  record.segments = record.segments.filter((seg) => {
    if (!overlaps(segmentWindow(seg), from, to)) return true;
    for (const g of seg.groups) takeBackGroup(state, id, g);
    return false;
  });
}

/** Telemetry for a session over [from, to] (data times): remembered, and imported figures of that time give way. */
export function noteTelemetry(state: StoreState, session: SessionRecord, from: number, to: number): void {
  addSpan(session, from, to);
  session.origin = 'otlp';
  const record = state.imports.size > 0 ? state.imports.get(session.id) : undefined;
  if (record && record.segments.length > 0) yieldTo(state, session.id, record, from, to);
}

/** Closed segments older than this can no longer be taken back: their groups are let go (the figures stay). */
export function dropSettledSegments(record: ImportRecord, nowMs: number): void {
  record.segments = record.segments.filter((seg) => seg.open || seg.last >= nowMs - IMPORT_RETRACTABLE_MS);
}

const TELEMETRY_KEYS = ['costNanos', 'tokIn', 'tokOut', 'tokCacheRead', 'tokCacheCreation', 'evCostNanos', 'apiRequests'] as const;

/**
 * Where telemetry is known to have been, for deciding what an import may add: each session's own
 * spans; for sessions whose record is gone (evicted past the sessions cap), the days their
 * figures are in; and the hours and days holding telemetry of no session (Claude Code told not to
 * send session ids), which could be any session's.
 */
export class TelemetryCoverage {
  private evictedDays: Map<string, Set<number>> | undefined;
  private anonymous: { hours: Set<number>; days: Set<number> } | undefined;

  constructor(
    private readonly state: StoreState,
    private readonly nowMs: number,
  ) {}

  private index(): void {
    const evicted = new Map<string, Set<number>>();
    const anonymous = { hours: new Set<number>(), days: new Set<number>() };
    const telemetry = (c: { counters: Record<string, number | undefined> }) => TELEMETRY_KEYS.some((k) => (c.counters[k] ?? 0) > 0);
    for (const b of this.state.days) {
      for (const cell of b.cells.values()) {
        if (cell.session === '') {
          if (telemetry(cell)) anonymous.days.add(b.start);
        } else if (!this.state.sessions.has(cell.session) && !this.state.imports.has(cell.session)) {
          let days = evicted.get(cell.session);
          if (!days) evicted.set(cell.session, (days = new Set()));
          days.add(b.start);
        }
      }
    }
    for (const b of this.state.hours) for (const cell of b.cells.values()) if (cell.session === '' && telemetry(cell)) anonymous.hours.add(b.start);
    this.evictedDays = evicted;
    this.anonymous = anonymous;
  }

  /** Whether telemetry covers any of [from, to] for this session. */
  covers(id: string, from: number, to: number): boolean {
    const end = Math.min(to, this.nowMs);
    const session = this.state.sessions.get(id);
    if (session?.otlpSpans?.some((s) => overlaps(s, from, to))) return true;
    if (!this.evictedDays || !this.anonymous) this.index();
    if (!session) {
      const days = this.evictedDays!.get(id);
      if (days && this.anyDay(days, from, end)) return true;
    }
    const hourTier = TIERS.find((t) => t.field === 'hours')!;
    const hoursFrom = this.nowMs - hourTier.retentionMs;
    if (from >= hoursFrom && this.anonymous!.hours.size > 0) {
      for (let h = hourStart(from); h <= end; h += 3_600_000) if (this.anonymous!.hours.has(h)) return true;
      return false;
    }
    return this.anonymous!.days.size > 0 && this.anyDay(this.anonymous!.days, from, end);
  }

  private anyDay(days: Set<number>, from: number, to: number): boolean {
    for (let d = dayStart(from), n = 0; d <= to && n < 500; d = dayStart(d + 36 * 3_600_000), n++) if (days.has(d)) return true;
    return false;
  }
}
