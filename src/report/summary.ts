// The summary selector: store state + window -> the figures `--once --json` prints and the TUI
// panels show. Cost and tokens come from the metrics (what Claude Code bills itself for); request,
// error and prompt counts from events; sessions are distinct session ids on any signal.
import type { SessionRecord, StoreState } from '../store/state.js';
import type { Counters } from '../telemetry/model.js';
import { percentile } from './percentile.js';
import { apiHealth, type ApiHealth } from './latency.js';
import { resolveWindow, windowFigures, type TimeWindow, type WindowName } from './window.js';
import { tokensOf, type TokenFigures } from './tokens.js';
import { groupSpend, matchesFilter, type Filter, type Grouping } from './grouping.js';
import { sumCounters } from '../store/counters.js';
import type { SideFile } from '../store/sideFile.js';
import { liveFigures, reconcile, reconcileSession, sessionProvisional, type LiveFigures, type ReconcileStatus, type Reconciliation } from './reconcile.js';
import { ownValue, setOwn } from '../telemetry/wireKeys.js';

export { tokensOf, type TokenFigures };

export interface Totals {
  costUsd: number;
  tokens: TokenFigures;
  sessions: number;
  linesAdded: number;
  linesRemoved: number;
  commits: number;
  pullRequests: number;
  activeTimeSec: { user: number; cli: number };
  apiRequests: number;
  apiErrors: number;
  prompts: number;
  editDecisions: { accept: number; reject: number };
}

export interface Derived {
  cacheEfficiency: number | null;
  costPer1kOutputTokens: number | null;
  costPerCommit: number | null;
  costPer100Lines: number | null;
  productivityRatio: number | null;
  peakLeverage: number | null;
}

export interface ModelSummary {
  model: string;
  costUsd: number;
  tokens: TokenFigures;
  apiRequests: number;
  apiErrors: number;
}

export interface SessionSummary {
  id: string;
  firstSeen: string;
  lastSeen: string;
  costUsd: number;
  tokens: TokenFigures;
  models: string[];
  linesAdded: number;
  linesRemoved: number;
  commits: number;
  pullRequests: number;
  apiRequests: number;
  apiErrors: number;
  prompts: number;
  activeTimeSec: { user: number; cli: number };
  labels: Record<string, string>;
  /** Metric cost plus what events show beyond it, and that part alone. */
  liveCostUsd: number;
  provisionalUsd: number;
  reconciliation: ReconcileStatus;
}

export interface ToolSummary {
  name: string;
  calls: number;
  failures: number;
  accepts: number;
  rejects: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface Summary {
  generatedAt: string;
  window: { name: WindowName; from: string | null; to: string };
  totals: Totals;
  derived: Derived;
  byModel: ModelSummary[];
  sessions: SessionSummary[];
  tools: ToolSummary[];
  lastData: { metrics: string | null; events: string | null };
  /**
   * Cost and tokens including what `api_request` events show before the metrics carrying it
   * arrive (one export interval later); `totals` holds the metrics alone.
   */
  live: LiveFigures;
  /** Whether the two sources agree per session and model (see reconcile.ts). */
  reconciliation: Reconciliation;
  /** The --filter applied (tools and the event log are not per session, so not filtered). */
  filter: Filter | null;
  groups?: Grouping;
  /** API latency and time to first token p50/p95/p99 by model, errors by status, error rate. */
  api: ApiHealth;
}

const iso = (ms: number | undefined | null): string | null => (ms ? new Date(ms).toISOString() : null);
const n = (c: Counters, k: keyof Counters): number => c[k] ?? 0;

/** `a / b`, or null when the denominator is zero: never NaN or Infinity in a report. */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

export function costUsdOf(c: Counters): number {
  return n(c, 'costNanos') / 1e9;
}


export function activeTimeOf(c: Counters): { user: number; cli: number } {
  return { user: n(c, 'activeUserUs') / 1e6, cli: n(c, 'activeCliUs') / 1e6 };
}

/** cache read / (input + cache read + cache creation): the share of prompt tokens served from cache. */
export function cacheEfficiency(t: TokenFigures): number | null {
  return ratio(t.cacheRead, t.input + t.cacheRead + t.cacheCreation);
}

export function totalsOf(c: Counters, sessions: number): Totals {
  return {
    costUsd: costUsdOf(c),
    tokens: tokensOf(c),
    sessions,
    linesAdded: n(c, 'linesAdded'),
    linesRemoved: n(c, 'linesRemoved'),
    commits: n(c, 'commits'),
    pullRequests: n(c, 'pullRequests'),
    activeTimeSec: activeTimeOf(c),
    apiRequests: n(c, 'apiRequests'),
    apiErrors: n(c, 'apiErrors'),
    prompts: n(c, 'prompts'),
    editDecisions: { accept: n(c, 'editAccept'), reject: n(c, 'editReject') },
  };
}

export function derivedOf(totals: Totals, sessions: SessionRecord[]): Derived {
  const lines = totals.linesAdded + totals.linesRemoved;
  let peak: number | null = null;
  for (const s of sessions) {
    const r = ratio(n(s.c, 'activeCliUs'), n(s.c, 'activeUserUs'));
    if (r !== null && (peak === null || r > peak)) peak = r;
  }
  return {
    cacheEfficiency: cacheEfficiency(totals.tokens),
    costPer1kOutputTokens: ratio(totals.costUsd, totals.tokens.output / 1000),
    costPerCommit: ratio(totals.costUsd, totals.commits),
    costPer100Lines: ratio(totals.costUsd, lines / 100),
    productivityRatio: ratio(totals.activeTimeSec.cli, totals.activeTimeSec.user),
    peakLeverage: peak,
  };
}

export function sessionSummary(s: SessionRecord, nowMs: number): SessionSummary {
  const models = Object.entries(s.m)
    .sort(([, a], [, b]) => n(b, 'costNanos') - n(a, 'costNanos') || n(b, 'apiRequests') - n(a, 'apiRequests'))
    .map(([model]) => model);
  const provisionalUsd = (sessionProvisional(s).costNanos ?? 0) / 1e9;
  return {
    id: s.id,
    firstSeen: iso(s.firstSeen)!,
    lastSeen: iso(s.lastSeen)!,
    costUsd: costUsdOf(s.c),
    tokens: tokensOf(s.c),
    models,
    linesAdded: n(s.c, 'linesAdded'),
    linesRemoved: n(s.c, 'linesRemoved'),
    commits: n(s.c, 'commits'),
    pullRequests: n(s.c, 'pullRequests'),
    apiRequests: n(s.c, 'apiRequests'),
    apiErrors: n(s.c, 'apiErrors'),
    prompts: n(s.c, 'prompts'),
    activeTimeSec: activeTimeOf(s.c),
    labels: s.labels,
    liveCostUsd: costUsdOf(s.c) + provisionalUsd,
    provisionalUsd,
    reconciliation: reconcileSession(s, nowMs).status,
  };
}

/** Sessions seen in the window (by last activity), most recent first. Figures are the session's own. */
export function sessionsInWindow(state: StoreState, window: TimeWindow): SessionRecord[] {
  const list = Object.values(state.sessions).filter((s) => window.from === null || s.lastSeen >= window.from);
  return list.sort((a, b) => b.lastSeen - a.lastSeen || a.id.localeCompare(b.id));
}

export function modelSummaries(byModel: Record<string, Counters>): ModelSummary[] {
  return Object.entries(byModel)
    .map(([model, c]) => ({ model, costUsd: costUsdOf(c), tokens: tokensOf(c), apiRequests: n(c, 'apiRequests'), apiErrors: n(c, 'apiErrors') }))
    .sort((a, b) => b.costUsd - a.costUsd || b.tokens.total - a.tokens.total || a.model.localeCompare(b.model));
}

export function toolSummaries(state: StoreState): ToolSummary[] {
  return Object.entries(state.tools)
    .map(([name, t]) => ({
      name,
      calls: t.calls,
      failures: t.failures,
      accepts: t.accepts,
      rejects: t.rejects,
      p50Ms: percentile(t.durations, 50),
      p95Ms: percentile(t.durations, 95),
    }))
    .sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name));
}

export interface SummaryOptions {
  /** Narrow every figure to sessions matching KEY=VALUE (their own totals; see grouping.ts). */
  filter?: Filter;
  /** Add `groups`: spend grouped by this key. */
  groupBy?: string;
  /** The status line's side file: projects for grouping and filtering. */
  side?: SideFile | null;
}

/** The figures of matching sessions: each session's own totals, by model too. */
function sessionFigures(sessions: SessionRecord[]): { counters: Counters; byModel: Record<string, Counters> } {
  const byModel: Record<string, Counters> = {};
  for (const s of sessions) for (const [model, c] of Object.entries(s.m)) setOwn(byModel, model, sumCounters([ownValue(byModel, model) ?? {}, c]));
  return { counters: sumCounters(sessions.map((s) => s.c)), byModel };
}

export function selectSummary(state: StoreState, windowName: WindowName, nowMs: number, options: SummaryOptions = {}): Summary {
  const window = resolveWindow(windowName, nowMs);
  const side = options.side ?? null;
  const sessions = sessionsInWindow(state, window).filter((s) => matchesFilter(s, options.filter, side));
  const figures = options.filter ? sessionFigures(sessions) : windowFigures(state, window);
  const sessionCount = window.from === null && !options.filter ? Math.max(state.sessionsSeen, sessions.length) : sessions.length;
  const totals = totalsOf(figures.counters, sessionCount);
  return {
    generatedAt: new Date(nowMs).toISOString(),
    window: { name: window.name, from: iso(window.from), to: new Date(window.to).toISOString() },
    totals,
    derived: derivedOf(totals, sessions),
    byModel: modelSummaries(figures.byModel),
    sessions: sessions.map((s) => sessionSummary(s, nowMs)),
    tools: toolSummaries(state),
    lastData: { metrics: iso(state.lastData.metrics), events: iso(state.lastData.events) },
    live: liveFigures(figures.counters, sessions),
    reconciliation: reconcile(sessions, nowMs),
    filter: options.filter ?? null,
    api: apiHealth(state, totals.apiRequests, totals.apiErrors),
    ...(options.groupBy ? { groups: groupSpend(state, window, sessions, options.groupBy, side, options.filter !== undefined) } : {}),
  };
}
