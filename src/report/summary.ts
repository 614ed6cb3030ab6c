// The summary selector: the model + a window (+ a filter) -> the figures `--once --json` prints
// and the live view shows. Cost and tokens come from Claude Code's metrics (`totals`) and, for the
// live figure, from its events where the metrics have not caught up (`live`; see live.ts);
// request, error and prompt counts from events; sessions are distinct session ids. History
// imported from transcripts counts like metrics (Claude Code's own accounting); the part cc-top
// priced itself is `estimatedUsd`.
import type { SessionRecord, StoreState } from '../store/state.js';
import type { Counters } from '../telemetry/model.js';
import { sliceFigures, sessionLifetime, makeSlice, type Pair, type Slice, type SliceFigures } from './figures.js';
import { checkKey, projectOf, sessionMatches, type Filter, type ProjectDirs } from './grouping.js';
import { groupSpend, type Grouping } from './groupSpend.js';
import { apiHealth, type ApiHealth } from './latency.js';
import { liveStatus, type LiveRule, type LiveStatus } from './live.js';
import { percentiles } from './percentile.js';
import { sessionModels } from './sessionModels.js';
import { tokensOf, type TokenFigures } from './tokens.js';
import { usd } from './money.js';
import { resolveWindow, type WindowName } from './window.js';

export { tokensOf, type TokenFigures };

export interface Totals {
  costUsd: number;
  /** The part of costUsd cc-top priced itself (imported sessions Claude Code never wrote its cost for). */
  estimatedUsd: number;
  /** Imported requests of a model with no known price: their cost is not in costUsd. */
  unpricedRequests: number;
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
  /** Claude Code's metrics. */
  costUsd: number;
  tokens: TokenFigures;
  /** The live figure (metrics, or events where the metrics have not arrived yet) and the events' part of it. */
  liveCostUsd: number;
  liveTokens: TokenFigures;
  provisionalUsd: number;
  /** The part of liveCostUsd cc-top priced itself, and requests it could not price (see Totals). */
  estimatedUsd: number;
  unpricedRequests: number;
  apiRequests: number;
  apiErrors: number;
}

/** Where a session's figures came from: received, imported with Claude Code's own cost, or imported and priced by cc-top. */
export type SessionSource = 'otlp' | 'transcript' | 'transcript-estimated' | 'prometheus';

export interface SessionSummary {
  id: string;
  /** The repository or folder the session works in, when known (a name: `cc-top`). */
  project: string | null;
  /** The folder itself, when known (from the status line or a transcript). */
  projectDir: string | null;
  firstSeen: string;
  lastSeen: string;
  durationSec: number;
  costUsd: number;
  tokens: TokenFigures;
  liveCostUsd: number;
  liveTokens: TokenFigures;
  provisionalUsd: number;
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
  reconciliation: LiveStatus;
  source: SessionSource;
  estimatedUsd: number;
  unpricedRequests: number;
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

export interface LiveFigures {
  costUsd: number;
  provisionalUsd: number;
  tokens: TokenFigures;
  provisionalTokens: number;
}

export interface SessionReconciliation {
  id: string;
  status: LiveStatus;
  metricsCostUsd: number;
  eventsCostUsd: number;
  differenceUsd: number;
}

export interface Reconciliation {
  /** Worst status across the window's sessions (mismatch > provisional > ok). */
  status: 'ok' | 'provisional' | 'mismatch';
  provisionalUsd: number;
  /** Sessions whose two sources do not (yet) agree. */
  sessions: SessionReconciliation[];
}

export interface Summary {
  generatedAt: string;
  window: { name: WindowName; from: string | null; to: string };
  /** Claude Code's metrics alone (no provisional figure). */
  totals: Totals;
  derived: Derived;
  byModel: ModelSummary[];
  sessions: SessionSummary[];
  tools: ToolSummary[];
  lastData: { metrics: string | null; events: string | null };
  /** The live figure: the metrics, and the events' figures where the metrics have not arrived. */
  live: LiveFigures;
  reconciliation: Reconciliation;
  filter: Filter | null;
  groups?: Grouping;
  api: ApiHealth;
}

const iso = (ms: number | undefined | null): string | null => (ms === undefined || ms === null ? null : new Date(ms).toISOString());
const n = (c: Counters, k: keyof Counters): number => c[k] ?? 0;

/** `a / b`, or null when the denominator is zero: never NaN or Infinity in a report. */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

export function costUsdOf(c: Counters): number {
  return usd(n(c, 'costNanos'));
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
    estimatedUsd: usd(n(c, 'estCostNanos')),
    unpricedRequests: n(c, 'estUnpriced'),
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

export function derivedOf(totals: Totals, sessions: readonly { activeTimeSec: { user: number; cli: number } }[]): Derived {
  const lines = totals.linesAdded + totals.linesRemoved;
  let peak: number | null = null;
  for (const s of sessions) {
    const r = ratio(s.activeTimeSec.cli, s.activeTimeSec.user);
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

function modelSummary(model: string, p: Pair): ModelSummary {
  return {
    model,
    costUsd: costUsdOf(p.metrics),
    tokens: tokensOf(p.metrics),
    liveCostUsd: costUsdOf(p.live),
    liveTokens: tokensOf(p.live),
    provisionalUsd: usd(Math.max(0, n(p.live, 'costNanos') - n(p.metrics, 'costNanos'))),
    estimatedUsd: usd(n(p.live, 'estCostNanos')),
    unpricedRequests: n(p.live, 'estUnpriced'),
    apiRequests: n(p.live, 'apiRequests'),
    apiErrors: n(p.live, 'apiErrors'),
  };
}

export function modelSummaries(byModel: ReadonlyMap<string, Pair>): ModelSummary[] {
  return [...byModel]
    .map(([model, p]) => modelSummary(model, p))
    .filter((m) => m.liveCostUsd > 0 || m.liveTokens.total > 0 || m.apiRequests > 0 || m.apiErrors > 0 || m.unpricedRequests > 0)
    .sort((a, b) => b.liveCostUsd - a.liveCostUsd || b.liveTokens.total - a.liveTokens.total || a.model.localeCompare(b.model));
}

/** A session with any figure cc-top priced (or could not price) is marked estimated, whatever else it has. */
export function sessionSource(s: SessionRecord): SessionSource {
  if (n(s.counters, 'estCostNanos') > 0 || n(s.counters, 'estUnpriced') > 0) return 'transcript-estimated';
  return s.origin;
}

/** What a session's summary says whatever the window and the time. */
type SessionFacts = Pick<SessionSummary, 'project' | 'projectDir' | 'firstSeen' | 'lastSeen' | 'durationSec' | 'models' | 'labels' | 'source'>;

/**
 * Session facts per live choice and project folders. A rule is made for the state as it stands
 * (one report, or one store version of the live view), so every window read through it shares
 * them; they go with the rule.
 */
const factsByRule = new WeakMap<LiveRule, Map<ProjectDirs | undefined, Map<SessionRecord, SessionFacts>>>();

function sessionFacts(s: SessionRecord, dirs: ProjectDirs | undefined, rule: LiveRule): SessionFacts {
  let byDirs = factsByRule.get(rule);
  if (!byDirs) {
    byDirs = new Map();
    factsByRule.set(rule, byDirs);
  }
  let bySession = byDirs.get(dirs);
  if (!bySession) {
    bySession = new Map();
    byDirs.set(dirs, bySession);
  }
  let facts = bySession.get(s);
  if (!facts) {
    facts = {
      project: projectOf(s, dirs) ?? null,
      projectDir: s.labels.get('project.dir') ?? dirs?.get(s.id) ?? null,
      firstSeen: iso(s.firstSeen)!,
      lastSeen: iso(s.lastSeen)!,
      durationSec: Math.max(0, Math.round((s.lastSeen - s.firstSeen) / 1000)),
      models: sessionModels(s, rule),
      labels: Object.fromEntries(s.labels),
      source: sessionSource(s),
    };
    bySession.set(s, facts);
  }
  return facts;
}

export function sessionSummary(s: SessionRecord, figures: Pair, nowMs: number, dirs: ProjectDirs | undefined, rule: LiveRule): SessionSummary {
  const f = sessionFacts(s, dirs, rule);
  const c = figures.live;
  return {
    id: s.id,
    project: f.project,
    projectDir: f.projectDir,
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
    durationSec: f.durationSec,
    costUsd: costUsdOf(figures.metrics),
    tokens: tokensOf(figures.metrics),
    liveCostUsd: costUsdOf(c),
    liveTokens: tokensOf(c),
    provisionalUsd: usd(Math.max(0, n(c, 'costNanos') - n(figures.metrics, 'costNanos'))),
    models: f.models,
    linesAdded: n(c, 'linesAdded'),
    linesRemoved: n(c, 'linesRemoved'),
    commits: n(c, 'commits'),
    pullRequests: n(c, 'pullRequests'),
    apiRequests: n(c, 'apiRequests'),
    apiErrors: n(c, 'apiErrors'),
    prompts: n(c, 'prompts'),
    activeTimeSec: activeTimeOf(c),
    labels: f.labels,
    reconciliation: liveStatus(s, nowMs, rule),
    source: f.source,
    estimatedUsd: usd(n(c, 'estCostNanos')),
    unpricedRequests: n(c, 'estUnpriced'),
  };
}

export function toolSummaries(figures: SliceFigures): ToolSummary[] {
  return [...figures.byTool]
    .map(([name, t]) => {
      const [p50Ms, p95Ms] = percentiles(t.durations, 50, 95);
      return { name, calls: n(t.counters, 'toolCalls'), failures: n(t.counters, 'toolFailures'), accepts: n(t.counters, 'toolAccepts'), rejects: n(t.counters, 'toolRejects'), p50Ms: p50Ms!, p95Ms: p95Ms! };
    })
    .sort((a, b) => b.calls - a.calls || b.accepts + b.rejects - (a.accepts + a.rejects) || a.name.localeCompare(b.name));
}

/** The sessions of a slice: seen in its window (by last activity) and matching its filter, most recent first. */
export function sliceSessions(slice: Slice): SessionRecord[] {
  const from = slice.window.from;
  const out: SessionRecord[] = [];
  // A record folding unlisted sessions (a server-summed source) is counted, not listed.
  for (const s of slice.state.sessions.values()) if (s.folded === undefined && (from === null || s.lastSeen >= from) && sessionMatches(s, slice.filter, slice.dirs)) out.push(s);
  return out.sort((a, b) => b.lastSeen - a.lastSeen || a.id.localeCompare(b.id));
}

/** A session's figures within the slice: its whole life for `all`, else its cells in the window. */
export function sessionFigures(slice: Slice, figures: SliceFigures, s: SessionRecord): Pair {
  if (slice.window.from === null && !slice.filter) return sessionLifetime(s, slice.rule);
  return figures.bySession.get(s.id) ?? { metrics: {}, live: {} };
}

export interface SummaryOptions {
  /** Narrow every figure (see grouping.ts). */
  filter?: Filter;
  /** Add `groups`: spend grouped by this key. */
  groupBy?: string;
  /** The folder each session works in, from the status line (projects for grouping and filtering). */
  dirs?: ProjectDirs;
  /** The slice of this window and filter, when the caller has one already (one live choice per frame). */
  slice?: Slice;
  /** That slice's figures, when the caller has them already (another grouping of the same window). */
  figures?: SliceFigures;
}

function reconciliationOf(sessions: readonly SessionRecord[], summaries: readonly SessionSummary[], nowMs: number): Reconciliation {
  const notOk: SessionReconciliation[] = [];
  let provisional = 0;
  for (const [i, s] of sessions.entries()) {
    const status = summaries[i]!.reconciliation;
    provisional += Math.round(summaries[i]!.provisionalUsd * 1e9);
    if (status === 'ok' || status === 'none' || status === 'metrics-only') continue;
    const metrics = n(s.counters, 'costNanos');
    const events = n(s.counters, 'evCostNanos');
    notOk.push({ id: s.id, status, metricsCostUsd: usd(metrics), eventsCostUsd: usd(events), differenceUsd: usd(metrics - events) });
  }
  void nowMs;
  const status = notOk.some((r) => r.status === 'mismatch') ? 'mismatch' : notOk.some((r) => r.status === 'provisional' || r.status === 'events-only') ? 'provisional' : 'ok';
  return { status, provisionalUsd: usd(provisional), sessions: notOk };
}

function liveOf(figures: SliceFigures): LiveFigures {
  const tokens = tokensOf(figures.live);
  return {
    costUsd: costUsdOf(figures.live),
    provisionalUsd: usd(Math.max(0, n(figures.live, 'costNanos') - n(figures.metrics, 'costNanos'))),
    tokens,
    provisionalTokens: Math.max(0, tokens.total - tokensOf(figures.metrics).total),
  };
}

/** Sessions counted in a slice: distinct session ids, plus sessions Claude Code counted without ids. */
function sessionCount(slice: Slice, figures: SliceFigures, sessions: readonly SessionRecord[]): number {
  const withoutIds = n(figures.bySession.get('')?.metrics ?? {}, 'sessionsStarted');
  if (slice.window.from === null && !slice.filter) return Math.max(slice.state.sessionsSeen, sessions.length) + withoutIds;
  // Records folding unlisted sessions (a server-summed source) count what they stand for.
  let folded = 0;
  for (const s of slice.state.sessions.values()) if (s.folded !== undefined && sessionMatches(s, slice.filter, slice.dirs)) folded += s.folded;
  return sessions.length + withoutIds + folded;
}

export function selectSummary(state: StoreState, windowName: WindowName, nowMs: number, options: SummaryOptions = {}): Summary {
  const window = resolveWindow(windowName, nowMs);
  if (options.filter) checkKey(state, options.filter.key, '--filter');
  const slice = options.slice ?? makeSlice(state, window, options.filter, options.dirs);
  const figures = options.slice && options.figures ? options.figures : sliceFigures(slice);
  const sessions = sliceSessions(slice);
  const summaries = sessions.map((s) => sessionSummary(s, sessionFigures(slice, figures, s), nowMs, options.dirs, slice.rule));
  const totals = totalsOf(figures.metrics, sessionCount(slice, figures, sessions));
  // Request, error and prompt counts come from events: the same in both readings.
  return {
    generatedAt: new Date(nowMs).toISOString(),
    window: { name: window.name, from: iso(window.from), to: new Date(window.to).toISOString() },
    totals,
    derived: derivedOf(totalsOf(figures.live, totals.sessions), summaries),
    byModel: modelSummaries(figures.byModel),
    sessions: summaries,
    tools: toolSummaries(figures),
    lastData: { metrics: iso(state.lastData.metrics), events: iso(state.lastData.events) },
    live: liveOf(figures),
    reconciliation: reconciliationOf(sessions, summaries, nowMs),
    filter: options.filter ?? null,
    api: apiHealth(state, figures),
    ...(options.groupBy ? { groups: groupSpend(slice, figures, options.groupBy) } : {}),
  };
}
